// The Pearson helper against hand-computed values, and its NaN cases.
#include "core/analysis/pearson.h"

#include <cmath>
#include <vector>

#include <QTest>

using vaco::analysis::pearson;

class PearsonTest : public QObject {
  Q_OBJECT
 private slots:
  void perfect_lines() {
    const std::vector<double> x{1, 2, 3, 4, 5};
    QCOMPARE(pearson(x, std::vector<double>{2, 4, 6, 8, 10}), 1.0);
    QCOMPARE(pearson(x, std::vector<double>{5, 4, 3, 2, 1}), -1.0);
  }

  void hand_computed() {
    // x = 1..5, y = 2,4,5,4,5: mean x 3, mean y 4; sxy = 6, sxx = 10, syy = 6.
    const std::vector<double> x{1, 2, 3, 4, 5}, y{2, 4, 5, 4, 5};
    QVERIFY(std::abs(pearson(x, y) - 6.0 / std::sqrt(60.0)) < 1e-12);  // 0.774597
    // x = 1,2,3, y = 1,3,2: sxy = 1, sxx = 2, syy = 2 -> r = 0.5.
    QVERIFY(std::abs(pearson(std::vector<double>{1, 2, 3}, std::vector<double>{1, 3, 2}) - 0.5) < 1e-12);
    // Invariant to a large common offset (two-pass sums).
    const std::vector<double> xo{1e9 + 1, 1e9 + 2, 1e9 + 3}, yo{1, 3, 2};
    QVERIFY(std::abs(pearson(xo, yo) - 0.5) < 1e-9);
  }

  void undefined_cases_are_nan() {
    QVERIFY(std::isnan(pearson(std::vector<double>{}, std::vector<double>{})));
    QVERIFY(std::isnan(pearson(std::vector<double>{1}, std::vector<double>{2})));
    QVERIFY(std::isnan(pearson(std::vector<double>{1, 2, 3}, std::vector<double>{7, 7, 7})));
    QVERIFY(std::isnan(pearson(std::vector<double>{4, 4}, std::vector<double>{1, 2})));
    QVERIFY(std::isnan(pearson(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2})));
    QVERIFY(std::isnan(pearson(std::vector<double>{1, NAN, 3}, std::vector<double>{1, 2, 3})));
  }
};

QTEST_GUILESS_MAIN(PearsonTest)
#include "test_pearson.moc"
