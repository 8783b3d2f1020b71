// The projectile view draws what the oracle says: the optimal curve at theta*(h), the landscape
// cells at R(h, theta), one curve and one arc per run, and the data coloured by weight.
#include "core/envs/projectile.h"
#include "tests/support/test_support.h"

#include <cmath>
#include <numbers>
#include <random>

#include <QFile>
#include <QImage>
#include <QSet>
#include <QComboBox>
#include <QTest>

#include "tests/support/gui_test_support.h"
#include <qcustomplot.h>

#include "ui/views/projectile_view.h"

using vaco::ui::ProjectileView;
namespace pj = vaco::projectile;

namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

using vaco::test::saveScreenshot;

// The dataset's mix: 15% near-optimal, 25% uniform in [0, 90], 60% lobs in [55, 85] degrees,
// with weights that trust the near-optimal throws most.
void makeData(QVector<double>& h, QVector<double>& deg, QVector<double>& w, int n) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> uh(0.0, 10.0), u01(0.0, 1.0);
  std::normal_distribution<double> jitter(0.0, 2.0);
  for (int i = 0; i < n; ++i) {
    const double hi = uh(rng), pick = u01(rng);
    double a, wi;
    if (pick < 0.15) {
      a = pj::optimal_angle(hi) * kDeg + jitter(rng);
      wi = 0.45 + 0.1 * u01(rng);
    } else if (pick < 0.40) {
      a = 90.0 * u01(rng);
      wi = 0.5 * std::max(0.0, 1.0 - std::abs(a - pj::optimal_angle(hi) * kDeg) / 45.0);
    } else {
      a = 55.0 + 30.0 * u01(rng);
      wi = 0.03 + 0.03 * u01(rng);
    }
    h.append(hi);
    deg.append(a);
    w.append(wi);
  }
}

}  // namespace

class GuiProjectileView : public QObject {
  Q_OBJECT
 private slots:
  void optimal_curve_matches_the_oracle() {
    ProjectileView view;
    QCPGraph* g = view.optimalCurve();
    QVERIFY(g->dataCount() > 100);
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
      QVERIFY(std::abs(it->value - pj::optimal_angle(it->key) * kDeg) < 1e-9);
    QCOMPARE(g->data()->constBegin()->key, 0.0);
    QCOMPARE((g->data()->constEnd() - 1)->key, 10.0);
    QVERIFY(std::abs(g->data()->constBegin()->value - 45.0) < 1e-9);  // theta*(0) = 45 degrees
  }

  void landscape_cells_are_the_range() {
    ProjectileView view;
    for (double lo : {-90.0, 0.0}) {
      view.setAngleRange(lo, 90.0);
      QCPColorMapData* d = view.landscape()->data();
      QCOMPARE(d->keyRange().lower, 0.0);
      QCOMPARE(d->keyRange().upper, 10.0);
      QCOMPARE(d->valueRange().lower, lo);
      QCOMPARE(d->valueRange().upper, 90.0);
      for (int i : {0, 37, d->keySize() - 1}) {
        for (int j : {0, d->valueSize() / 3, d->valueSize() - 1}) {
          double h = 0, deg = 0;
          d->cellToCoord(i, j, &h, &deg);
          QVERIFY(std::abs(d->cell(i, j) - pj::range(h, deg / kDeg)) < 1e-9);
        }
      }
      QCOMPARE(view.landscapePlot()->yAxis->range().lower, lo);
    }
  }

  void learned_q_replaces_the_range_on_request() {
    using vaco::ui::ProjectileMap;
    ProjectileView view;
    QCOMPARE(view.colourMap(), ProjectileMap::Range);
    view.setColourMap(ProjectileMap::LearnedQ);  // nothing to show yet: the range stays
    QCOMPARE(view.colourMap(), ProjectileMap::Range);
    view.setLearnedQ("vaco s0", 3, 4, {1, 2});  // the wrong size is ignored
    QCOMPARE(view.colourMap(), ProjectileMap::Range);
    // Q(h, theta) = h + theta / 90 on 3 heights (0, 5, 10) x 4 angles (-90, -30, 30, 90).
    QVector<double> q;
    for (double h : {0.0, 5.0, 10.0})
      for (double deg : {-90.0, -30.0, 30.0, 90.0}) q.push_back(h + deg / 90.0);
    view.setLearnedQ("vaco s0", 3, 4, q);
    QCOMPARE(view.colourMap(), ProjectileMap::LearnedQ);  // asked for before it arrived
    QCOMPARE(view.findChild<QComboBox*>("projectileMap")->currentIndex(), 1);  // the chooser says so
    QCPColorMapData* d = view.landscape()->data();
    QCOMPARE(d->keySize(), 3);
    QCOMPARE(d->valueSize(), 4);
    QCOMPARE(d->cell(1, 3), 6.0);
    QCOMPARE(d->cell(2, 0), 9.0);
    auto* title = qobject_cast<QCPTextElement*>(view.landscapePlot()->plotLayout()->element(0, 0));
    QVERIFY(title && title->text().contains("Learned Q") && title->text().contains("vaco s0"));
    // The error map: Q minus the true range of the same cell, on a scale symmetric about 0.
    view.setColourMap(ProjectileMap::QError);
    double h = 0, deg = 0;
    view.landscape()->data()->cellToCoord(1, 2, &h, &deg);
    QVERIFY(std::abs(view.landscape()->data()->cell(1, 2) - (5.0 + 30.0 / 90.0 - pj::range(h, deg / kDeg))) < 1e-9);
    QCOMPARE(view.landscape()->dataRange().lower, -view.landscape()->dataRange().upper);
    QVERIFY(title->text().contains("error"));
    view.setColourMap(ProjectileMap::Range);
    QVERIFY(std::abs(view.landscape()->data()->cell(0, 0) - pj::range(0.0, -90.0 / kDeg)) < 1e-9);
    QVERIFY(title->text().contains("Reward landscape"));
  }

  void runs_and_arcs_have_the_right_counts() {
    ProjectileView view;
    QVector<double> hs, bc, vaco;
    for (int i = 0; i <= 20; ++i) {
      hs.append(i * 0.5);
      bc.append(59.0 - 0.2 * i);
      vaco.append(pj::optimal_angle(i * 0.5) * kDeg + 0.4);
    }
    view.setRunAngles("BC", hs, bc);
    view.setRunAngles("VACO", hs, vaco);
    QCOMPARE(view.runNames(), QStringList({"BC", "VACO"}));
    QCOMPARE(view.runCurve("BC")->dataCount(), 21);
    QCOMPARE(view.runCurve("VACO")->data()->at(4)->value, vaco[4]);
    view.setArcHeight(5.0);
    QCOMPARE(view.arcPlot()->plottableCount(), 3);  // optimum + two runs
    const QCPCurve* opt = view.arcCurve("optimum");
    QCOMPARE(opt->dataCount(), 64);
    QCOMPARE(opt->data()->at(0)->value, 5.0);  // launch at h
    const double land = pj::range(5.0, pj::optimal_angle(5.0));
    QVERIFY(std::abs(opt->data()->at(63)->key - land) < 1e-6);
    QVERIFY(std::abs(opt->data()->at(63)->value) < 1e-6);
    QCOMPARE(view.runAngleAt("BC", 5.0), 57.0);
    const QCPCurve* bc_arc = view.arcCurve("BC");
    QCOMPARE(bc_arc->dataCount(), 64);
    QVERIFY(std::abs(bc_arc->data()->at(63)->key - pj::range(5.0, 57.0 / kDeg)) < 1e-6);
    QVERIFY(opt->name().contains("35.4"));
    view.removeRun("BC");
    QCOMPARE(view.arcPlot()->plottableCount(), 2);
    QVERIFY(!view.runCurve("BC"));
  }

  void data_points_are_coloured_by_weight() {
    ProjectileView view;
    view.resize(900, 860);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVector<double> h, deg, w;
    makeData(h, deg, w, 6000);
    // The weight colour scale joins the layout (a third column) only while weights are shown.
    QCPLayoutGrid* layout = view.landscapePlot()->plotLayout();
    view.setDataPoints(h, deg);
    QCOMPARE(view.dataPointCount(), 6000);
    QCOMPARE(layout->columnCount(), 2);
    view.setDataPoints(h, deg, w);
    QCOMPARE(layout->columnCount(), 3);
    view.setDataPoints(h, deg);
    QCOMPARE(layout->columnCount(), 2);
    view.setDataPoints(h, deg, w);
    QCOMPARE(view.dataPointCount(), 6000);
    QCOMPARE(layout->columnCount(), 3);
    QVector<double> hs, bc, iql, vaco;
    for (int i = 0; i <= 40; ++i) {
      const double hi = i * 0.25, opt = pj::optimal_angle(hi) * kDeg;
      hs.append(hi);
      bc.append(61.0 - 0.35 * hi);
      iql.append(opt + 3.0 - 0.1 * hi);
      vaco.append(opt + 0.5 * std::sin(hi));
    }
    view.setRunAngles("BC", hs, bc);
    view.setRunAngles("IQL", hs, iql);
    view.setRunAngles("VACO", hs, vaco);
    view.setArcHeight(5.0);
    view.landscapePlot()->replot();
    view.arcPlot()->replot();
    const QString png = vaco::test::tempPath("landscape.png");
    QVERIFY(view.exportTo(png));
    QSet<QRgb> colours;
    const QImage img(png);
    for (int y = 0; y < img.height(); y += 4)
      for (int x = 0; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
    QVERIFY(colours.size() > 50);
    QVERIFY(view.exportTo(vaco::test::tempPath("arcs.svg"), true));
    QVERIFY(QFile(vaco::test::tempPath("arcs.svg")).size() > 1000);
    const QString csv = vaco::test::tempPath("curves.csv");
    QVERIFY(view.exportTo(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().count('\n'), 1 + view.optimalCurve()->dataCount() + 3 * 41);
    saveScreenshot(view, "widget-projectile-view.png");
  }
};

QTEST_MAIN(GuiProjectileView)
#include "test_gui_projectile_view.moc"
