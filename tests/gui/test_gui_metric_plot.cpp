// The metric plot: batches reach the graphs through one coalesced refresh, smoothing and the
// axes change the display only, decimation caps what is drawn, and every export writes.
#include "tests/support/test_support.h"

#include <cmath>
#include <random>

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QSet>
#include <QTest>

#include "tests/support/gui_test_support.h"
#include <QToolTip>
#include <qcustomplot.h>

#include "ui/plots/metric_plot.h"
#include "ui/plots/plot_rules.h"
#include "ui/model/series_transform.h"

using vaco::ui::MetricPlot;
using vaco::ui::MetricXAxis;
using vaco::ui::equalSeries;
using vaco::ui::rightAxisSeries;
using vaco::ui::seriesScale;

namespace {

// Steps 0..n-1, wall times 0.5 s apart, values f(i).
template <typename F>
void appendRange(MetricPlot& plot, const QString& name, int first, int count, F f) {
  QVector<double> steps, times, values;
  for (int i = first; i < first + count; ++i) {
    steps.append(i);
    times.append(0.5 * i);
    values.append(f(i));
  }
  plot.appendPoints(name, steps, times, values);
}

QSet<QRgb> sampledColours(const QImage& img) {
  QSet<QRgb> colours;
  for (int y = 0; y < img.height(); y += 5)
    for (int x = 0; x < img.width(); x += 5) colours.insert(img.pixel(x, y));
  return colours;
}

void saveScreenshot(const QImage& img, const QString& file) {
  const QString dir = qEnvironmentVariable("VACO_SVG_CHECK_DIR");
  if (!dir.isEmpty()) QVERIFY(img.save(dir + "/" + file));
}

using vaco::test::saveScreenshot;

}  // namespace

class GuiMetricPlot : public QObject {
  Q_OBJECT
 private slots:
  void batches_reach_the_graph_in_one_refresh() {
    MetricPlot plot("inner loss", "loss");
    plot.resize(700, 400);
    plot.show();
    const int before = plot.refreshCount();
    for (int b = 0; b < 50; ++b) appendRange(plot, "inner", b * 10, 10, [](int i) { return 1.0 / (1 + i); });
    QCPGraph* g = plot.displayGraph("inner");
    QVERIFY(g);
    QCOMPARE(g->dataCount(), 0);  // nothing drawn before the timer fires
    QTRY_COMPARE(g->dataCount(), 500);
    QTest::qWait(3 * MetricPlot::kReplotIntervalMs);
    QCOMPARE(plot.refreshCount() - before, 1);  // 50 batches, one refresh
    for (int i : {0, 17, 499}) {
      QCOMPARE(g->data()->at(i)->key, double(i));
      QCOMPARE(g->data()->at(i)->value, 1.0 / (1 + i));
    }
    QCOMPARE(plot.points("inner")->values.size(), 500);
  }

  void a_sourced_series_reads_its_points_where_they_live() {
    // Points held elsewhere (as the MetricStore holds them): the plot shares them, copies none,
    // and redraws the source's new points when told.
    vaco::ui::MetricSeriesData held{{0, 1, 2}, {0.0, 0.5, 1.0}, {3, 2, 1}};
    bool gone = false;
    MetricPlot plot("q loss", "loss");
    plot.setSource("q", [&]() -> const vaco::ui::MetricSeriesData* { return gone ? nullptr : &held; }, 10);
    plot.flush();
    QCPGraph* g = plot.displayGraph("q");
    QCOMPARE(g->dataCount(), 3);
    QCOMPARE(g->data()->at(0)->key, -10.0);  // steps shifted as asked
    QCOMPARE(plot.points("q")->steps, (QVector<double>{-10, -9, -8}));
    QCOMPARE(plot.points("q")->values.constData(), held.values.constData());  // shared, not copied
    plot.resize(700, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.resetView();
    const QPointF at(plot.plot()->xAxis->coordToPixel(-9), plot.plot()->yAxis->coordToPixel(2));
    const auto hover = plot.nearestPoint(at);  // the hover reads the shifted step
    QVERIFY(hover);
    QCOMPARE(hover->index, qsizetype(1));
    QCOMPARE(hover->step, -9.0);
    held.steps << 3;
    held.wallTimes << 1.5;
    held.values << 0.5;
    plot.flush();
    QCOMPARE(g->dataCount(), 3);  // not told yet
    plot.sourceChanged("q");
    plot.flush();
    QCOMPARE(g->dataCount(), 4);
    QCOMPARE(g->data()->at(3)->value, 0.5);
    plot.setXAxis(MetricXAxis::WallTime);
    plot.flush();
    QCOMPARE(g->data()->at(3)->key, 1.5);  // wall times are not shifted
    gone = true;  // the source has no points any more (its run was removed)
    plot.sourceChanged("q");
    plot.flush();
    QCOMPARE(g->dataCount(), 0);
    QVERIFY(plot.points("q")->values.isEmpty());
  }

  void smoothing_changes_display_not_storage() {
    MetricPlot plot("loss", "loss");
    appendRange(plot, "a", 0, 200, [](int i) { return i % 2 ? 10.0 : 0.0; });
    plot.flush();
    QVERIFY(!plot.rawGraph("a")->visible());
    plot.setSmoothing(0.9);
    plot.flush();
    const QVector<double> expected = vaco::ui::emaSmooth(plot.points("a")->values, 0.9);
    QCPGraph* g = plot.displayGraph("a");
    QCOMPARE(g->dataCount(), 200);
    QCOMPARE(g->data()->at(150)->value, expected[150]);
    QVERIFY(std::abs(g->data()->at(150)->value - 5.0) < 1.0);  // smoothed towards the mean
    QCOMPARE(plot.points("a")->values[151], 10.0);                // storage untouched
    QVERIFY(plot.rawGraph("a")->visible());                        // raw series faint behind
    QCOMPARE(plot.rawGraph("a")->data()->at(151)->value, 10.0);
    plot.setSmoothing(0.0);
    plot.flush();
    QCOMPARE(g->data()->at(151)->value, 10.0);
  }

  void log_y_switches_scale_type() {
    MetricPlot plot("sigma", "sigma_t");
    appendRange(plot, "s", 1, 100, [](int i) { return std::exp(-0.05 * i); });
    plot.flush();
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLinear);
    plot.setLogY(true);
    plot.flush();
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(!plot.plot()->yAxis->ticker().dynamicCast<QCPAxisTickerLog>().isNull());
    plot.setLogY(false);
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLinear);
  }

  void x_axis_uses_wall_times() {
    MetricPlot plot("score", "score");
    appendRange(plot, "s", 0, 100, [](int i) { return double(i); });
    plot.flush();
    QCOMPARE(plot.displayGraph("s")->data()->at(40)->key, 40.0);
    plot.setXAxis(MetricXAxis::WallTime);
    plot.flush();
    QCOMPARE(plot.xAxisMode(), MetricXAxis::WallTime);
    QCOMPARE(plot.displayGraph("s")->data()->at(40)->key, 20.0);  // 0.5 s per step
    QVERIFY(!plot.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerTime>().isNull());
    plot.setXAxis(MetricXAxis::Step);
    plot.flush();
    QCOMPARE(plot.displayGraph("s")->data()->at(40)->key, 40.0);
  }

  void decimation_caps_display_and_keeps_storage() {
    MetricPlot plot("long run", "loss");
    plot.resize(700, 400);
    plot.show();
    for (int b = 0; b < 200; ++b)
      appendRange(plot, "loss", b * 1000, 1000, [](int i) { return i == 123457 ? 50.0 : std::sin(i * 1e-3); });
    plot.flush();
    QCOMPARE(plot.points("loss")->values.size(), 200000);
    QCPGraph* g = plot.displayGraph("loss");
    QVERIFY2(g->dataCount() <= plot.maxDisplayPoints(), qPrintable(QString::number(g->dataCount())));
    QVERIFY(g->dataCount() > plot.maxDisplayPoints() / 2);
    bool spike = false;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) spike |= it->value == 50.0;
    QVERIFY(spike);  // min/max buckets keep the outlier
    // Zoomed in by the user: the visible window is decimated on its own, at full detail.
    plot.plot()->xAxis->setRange(1000, 2000);
    plot.flush();
    int inside = 0;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
      inside += it->key >= 1000 && it->key <= 2000;
    QCOMPARE(inside, 1001);
    plot.resetView();
    QVERIFY(g->dataCount() <= plot.maxDisplayPoints());
    QCOMPARE(plot.plot()->xAxis->range().lower, 0.0);
  }

  void hover_finds_the_nearest_stored_point() {
    MetricPlot plot("loss", "loss");
    plot.resize(700, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    appendRange(plot, "a", 0, 50, [](int i) { return i * i * 0.01; });
    plot.flush();
    plot.plot()->replot();
    const QPointF px(plot.plot()->xAxis->coordToPixel(30), plot.plot()->yAxis->coordToPixel(9.0));
    const auto p = plot.nearestPoint(px + QPointF(2, -2));
    QVERIFY(p.has_value());
    QCOMPARE(p->series, QString("a"));
    QCOMPARE(p->step, 30.0);
    QCOMPARE(p->wallTime, 15.0);
    QCOMPARE(p->value, 9.0);
    QVERIFY(!plot.nearestPoint(QPointF(-500, -500)).has_value());
    // A real mouse move shows the tooltip with the exact values.
    QTest::mouseMove(plot.plot(), (px + QPointF(2, -2)).toPoint());
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains("step 30"), qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains("value 9"));
    QVERIFY(QToolTip::text().contains("wall time 0:00:15.0"));
  }

  void plot_rules_on_stored_data() {
    QVERIFY(equalSeries({1, 2}, {3, 4}, {1, 2}, {3, 4}));
    QVERIFY(!equalSeries({1, 2}, {3, 4}, {1, 2}, {3, 5}));
    QVERIFY(!equalSeries({1, 2}, {3, 4}, {1, 3}, {3, 4}));
    QVERIFY(!equalSeries({}, {}, {}, {}));
    QVERIFY(equalSeries({1, 2}, {0, 10}, {1, 2}, {0.01, 10.02}));  // apart by < 0.5% of the span: one line on screen
    QVERIFY(!equalSeries({1, 2}, {0, 10}, {1, 2}, {0.2, 10}));
    QCOMPARE(seriesScale({-3, 1, 2, std::nan("")}), 2.0);
    QCOMPARE(rightAxisSeries({{"q_loss", 100.0}, {"v_loss", 2.0}}), QSet<QString>{"v_loss"});
    QVERIFY(rightAxisSeries({{"a", 100.0}, {"b", 10.0}}).isEmpty());
    QVERIFY(rightAxisSeries({{"a", 0.0}, {"b", 0.0}}).isEmpty());
  }

  void equal_series_get_distinct_pens_and_sparse_ones_markers() {
    MetricPlot plot("losses", "loss");
    plot.resize(600, 400);
    const QVector<double> steps = {1, 2, 3}, values = {0.5, 0.4, 0.3};
    plot.appendPoints("inner_loss", steps, {}, values);
    plot.appendPoints("policy_loss", steps, {}, values);
    plot.flush();
    const QPen a = plot.displayGraph("inner_loss")->pen(), b = plot.displayGraph("policy_loss")->pen();
    QVERIFY(a.style() != b.style());
    QCOMPARE(plot.displayGraph("inner_loss")->scatterStyle().shape(), QCPScatterStyle::ssDisc);
    // A dense series has no markers; a different one keeps a solid pen.
    QVector<double> many(100), other(100);
    for (int i = 0; i < 100; ++i) many[i] = i, other[i] = 0.2 + 0.001 * i;
    plot.appendPoints("dense", many, {}, other);
    plot.flush();
    QCOMPARE(plot.displayGraph("dense")->scatterStyle().shape(), QCPScatterStyle::ssNone);
    QCOMPARE(plot.displayGraph("dense")->pen().style(), Qt::SolidLine);
  }

  void a_series_far_off_scale_reads_on_the_right_axis_and_the_legend_sits_below() {
    MetricPlot plot("critic", "loss");
    plot.resize(600, 400);
    plot.show();
    plot.appendPoints("q_loss", {1, 2, 3}, {}, {120, 100, 90});
    plot.appendPoints("v_loss", {1, 2, 3}, {}, {2, 1.5, 1});
    plot.flush();
    QCustomPlot* qcp = plot.plot();
    QCOMPARE(plot.displayGraph("q_loss")->valueAxis(), qcp->yAxis);
    QCOMPARE(plot.displayGraph("v_loss")->valueAxis(), qcp->yAxis2);
    QVERIFY(qcp->yAxis2->visible());
    QVERIFY(qcp->yAxis2->range().upper >= 2 && qcp->yAxis2->range().upper < 10);
    qcp->replot();
    QVERIFY(qcp->legend->visible());
    QVERIFY(!qcp->legend->outerRect().intersects(qcp->axisRect()->rect()));
    // The phase boundary is drawn on the step axis only.
    plot.setPhaseBoundary(2);  // the data lie on both sides of step 2
    plot.flush();
    bool line = false;
    for (int i = 0; i < qcp->itemCount(); ++i)
      if (auto* l = qobject_cast<QCPItemStraightLine*>(qcp->item(i))) line = l->visible();
    QVERIFY(line);
  }

  void bands_draw_on_the_step_axis() {
    MetricPlot plot("score", "score");
    plot.setBand("VACO", {0, 1, 2, 3}, {1, 2, 3, 4}, {0.5, 0.5, 1, 1});
    plot.flush();
    QCPGraph* mean = plot.bandMeanGraph("VACO");
    QVERIFY(mean);
    QCOMPARE(mean->dataCount(), 4);
    QCOMPARE(mean->data()->at(2)->value, 3.0);
    QVERIFY(mean->visible());
    plot.setXAxis(MetricXAxis::WallTime);
    plot.flush();
    QVERIFY(!mean->visible());
  }

  void csv_export_round_trips() {
    MetricPlot plot("loss", "loss");
    appendRange(plot, "inner, weighted", 0, 300, [](int i) { return 0.25 * i; });
    appendRange(plot, "outer", 0, 120, [](int i) { return -1.0 * i; });
    plot.setBand("bc", {0, 10}, {1, 2}, {0.1, 0.2});
    const QString path = vaco::test::tempPath("metrics.csv");
    QVERIFY(plot.exportTo(path));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    QCOMPARE(f.readLine().trimmed(), QByteArray("series,step,wall_time_s,value"));
    QMap<QString, int> rows;
    double outer_sum = 0;
    while (!f.atEnd()) {
      QString line = QString::fromUtf8(f.readLine().trimmed());
      QString series;
      if (line.startsWith('"')) {
        const int close = line.indexOf('"', 1);
        series = line.mid(1, close - 1);
        line = line.mid(close + 2);
      } else {
        series = line.section(',', 0, 0);
        line = line.section(',', 1);
      }
      const QStringList cols = line.split(',');
      QCOMPARE(cols.size(), 3);
      ++rows[series];
      if (series == "outer") {
        QCOMPARE(cols[1].toDouble(), 0.5 * cols[0].toDouble());
        outer_sum += cols[2].toDouble();
      }
      if (series == "inner, weighted") QCOMPARE(cols[2].toDouble(), 0.25 * cols[0].toDouble());
    }
    QCOMPARE(rows.value("inner, weighted"), 300);
    QCOMPARE(rows.value("outer"), 120);
    QCOMPARE(outer_sum, -119.0 * 120 / 2);
    QCOMPARE(rows.value("bc [mean]"), 2);
    QCOMPARE(rows.value("bc [std]"), 2);
  }

  void image_exports_are_real_files() {
    MetricPlot plot("Inner loss (weighted BC)", "loss");
    plot.resize(800, 450);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    // Two seeds of one run and a baseline, noisy, smoothed; a band over three other seeds.
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0.0, 0.12);
    for (int seed = 0; seed < 2; ++seed)
      appendRange(plot, QString("VACO seed %1").arg(seed), 0, 3000, [&](int i) {
        return 2.0 * std::exp(-i / (700.0 + 200 * seed)) + 0.15 + noise(rng);
      });
    appendRange(plot, "BC", 0, 3000, [&](int i) { return 1.2 * std::exp(-i / 400.0) + 0.5 + noise(rng); });
    QVector<double> steps, mean, sd;
    for (int i = 0; i <= 3000; i += 50) {
      steps.append(i);
      mean.append(1.5 * std::exp(-i / 900.0) + 0.3);
      sd.append(0.05 + 0.15 * std::exp(-i / 1500.0));
    }
    plot.setBand("IQL, 3 seeds", steps, mean, sd);
    plot.setSmoothing(0.9);
    plot.flush();
    for (const QString suffix : {"png", "svg", "pdf"}) {
      const QString path = vaco::test::tempPath("metric." + suffix);
      QVERIFY2(plot.exportTo(path, 800, 450), qPrintable(suffix));
      QVERIFY2(QFile(path).size() > 1000, qPrintable(suffix));
    }
    const QImage png(vaco::test::tempPath("metric.png"));
    QCOMPARE(png.width(), 800);
    QVERIFY(sampledColours(png).size() > 10);
    // The SVG renders back into a real picture.
    QSvgRenderer svg(vaco::test::tempPath("metric.svg"));
    QVERIFY(svg.isValid());
    QImage rendered(800, 450, QImage::Format_ARGB32);
    rendered.fill(Qt::white);
    QPainter painter(&rendered);
    svg.render(&painter);
    painter.end();
    QVERIFY(sampledColours(rendered).size() > 10);
    saveScreenshot(rendered, "svg-render-check.png");
    QFile pdf(vaco::test::tempPath("metric.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    saveScreenshot(plot, "widget-metric-plot.png");
  }
};

QTEST_MAIN(GuiMetricPlot)
#include "test_gui_metric_plot.moc"
