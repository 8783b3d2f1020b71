// The weight scatters: the r in the title is the Pearson helper's, labels split the points
// into coloured legend groups, undefined r reads "n/a", and exports write real files.
#include "tests/support/test_support.h"

#include <cmath>
#include <random>
#include <span>

#include <QFile>
#include <QImage>
#include <QSet>
#include <QTest>

#include "tests/support/gui_test_support.h"
#include <qcustomplot.h>

#include "core/analysis/pearson.h"
#include "ui/plots/weight_scatter_plot.h"

using vaco::ui::WeightScatterPlot;

namespace {

double helperR(const QVector<double>& x, const QVector<double>& y) {
  return vaco::analysis::pearson(std::span<const double>(x.constData(), size_t(x.size())),
                                 std::span<const double>(y.constData(), size_t(y.size())));
}

using vaco::test::saveScreenshot;

}  // namespace

class GuiWeightScatter : public QObject {
  Q_OBJECT
 private slots:
  void per_sample_r_matches_the_helper() {
    WeightScatterPlot plot(WeightScatterPlot::Mode::PerSample);
    plot.resize(640, 440);
    plot.show();
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0.0, 0.15);
    QVector<double> q, w;
    for (int i = 0; i < 3000; ++i) {
      q.append(40.0 + 30.0 * std::sin(i * 0.7));
      w.append(std::max(0.0, 0.012 * q.back() + noise(rng)));
    }
    plot.setPoints(q, w);
    const double r = helperR(q, w);
    QVERIFY(r > 0.5);
    QCOMPARE(plot.pearsonR(), r);
    QVERIFY(plot.titleText().contains(QString("r = %1").arg(r, 0, 'f', 3)));
    QVERIFY(plot.titleText().contains("n = 3000"));
    QCOMPARE(plot.graphs().size(), 1);
    QCOMPARE(plot.graphs().front()->dataCount(), 3000);
    QVERIFY(!plot.plot()->legend->visible());
    const QString png = vaco::test::tempPath("scatter.png");
    QVERIFY(plot.exportTo(png));
    QVERIFY(plot.graphs().front()->adaptiveSampling());  // restored after the export
    QSet<QRgb> colours;
    const QImage img(png);
    for (int y = 0; y < img.height(); y += 4)
      for (int x = 0; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
    QVERIFY(colours.size() > 5);
    saveScreenshot(plot, "widget-weight-scatter.png");
  }

  void per_trajectory_groups_by_label() {
    WeightScatterPlot plot(WeightScatterPlot::Mode::PerTrajectory);
    plot.resize(640, 440);
    plot.show();
    std::mt19937 rng(3);
    std::normal_distribution<double> noise(0.0, 1.0);
    QVector<double> ret, w;
    QVector<int> labels;
    const double centre_ret[] = {11.5, 7.0, 4.5}, centre_w[] = {0.5, 0.3, 0.05};
    for (int i = 0; i < 240; ++i) {
      const int l = i < 40 ? 0 : (i < 100 ? 1 : 2);
      labels.append(l);
      ret.append(centre_ret[l] + (l == 1 ? 2.0 : 0.5) * noise(rng));
      w.append(std::max(0.0, centre_w[l] + 0.04 * noise(rng)));
    }
    plot.setPoints(ret, w, labels, {"near-optimal", "uniform", "lob"});
    QCOMPARE(plot.pearsonR(), helperR(ret, w));
    QVERIFY(plot.titleText().contains(WeightScatterPlot::formatR(helperR(ret, w))));
    QCOMPARE(plot.graphs().size(), 3);
    QCOMPARE(plot.graphs()[0]->dataCount(), 40);
    QCOMPARE(plot.graphs()[1]->dataCount(), 60);
    QCOMPARE(plot.graphs()[2]->dataCount(), 140);
    QCOMPARE(plot.graphs()[2]->name(), QString("lob"));
    QVERIFY(plot.plot()->legend->visible());
    QCOMPARE(plot.plot()->legend->itemCount(), 3);
    const QString csv = vaco::test::tempPath("traj.csv");
    QVERIFY(plot.exportTo(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 241);
    QVERIFY(lines[1].endsWith(",near-optimal"));
    for (const QString suffix : {"svg", "pdf"}) {
      const QString path = vaco::test::tempPath("traj." + suffix);
      QVERIFY(plot.exportTo(path));
      QVERIFY(QFile(path).size() > 1000);
    }
    saveScreenshot(plot, "widget-trajectory-scatter.png");
  }

  void undefined_r_reads_na() {
    WeightScatterPlot plot(WeightScatterPlot::Mode::PerSample);
    plot.setPoints({1, 2, 3}, {0.5, 0.5, 0.5});
    QVERIFY(std::isnan(plot.pearsonR()));
    QVERIFY(plot.titleText().contains("r = n/a"));
    plot.setPoints({1}, {2});
    QVERIFY(plot.titleText().contains("r = n/a"));
    QCOMPARE(plot.pointCount(), 1);
  }

  // Eleven source-policy names: a wide plot shows them in one row; a narrow one wraps them into
  // as many columns as fit, every item inside the plot, and the title onto two lines.
  void many_labels_fit_the_width() {
    QVector<double> x, y;
    QVector<int> labels;
    QStringList names;
    for (int l = 0; l < 11; ++l) {
      names << QString("policy @ %1k steps").arg(l * 10);
      for (int i = 0; i < 5; ++i) x << l + 0.1 * i, y << 1.0 + 0.01 * i, labels << l;
    }
    WeightScatterPlot plot(WeightScatterPlot::Mode::PerTrajectory);
    plot.resize(2400, 500);
    plot.show();
    plot.setPoints(x, y, labels, names);
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QCPLegend* legend = plot.plot()->legend;
    QCOMPARE(legend->itemCount(), 11);
    QCOMPARE(legend->columnCount(), 11);
    QCOMPARE(legend->rowCount(), 1);
    for (const int width : {700, 420}) {
      plot.resize(width, 500);
      QCoreApplication::processEvents();
      plot.plot()->replot();
      QVERIFY2(legend->columnCount() < 11 && legend->rowCount() > 1, qPrintable(QString::number(width)));
      int items = 0;
      for (int i = 0; i < legend->itemCount(); ++i) {
        const QCPAbstractLegendItem* item = legend->item(i);  // null in the grid's empty cells
        if (!item) continue;
        ++items;
        QVERIFY2(item->outerRect().right() <= plot.plot()->width(),
                 qPrintable(QString("item %1 at width %2 ends at %3").arg(i).arg(width).arg(item->outerRect().right())));
      }
      QCOMPARE(items, 11);
    }
    auto* title = qobject_cast<QCPTextElement*>(plot.plot()->plotLayout()->element(0, 0));
    QVERIFY(title && title->text().contains('\n') && !plot.titleText().contains('\n'));
  }
};

QTEST_MAIN(GuiWeightScatter)
#include "test_gui_weight_scatter.moc"
