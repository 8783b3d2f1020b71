// The Weights tab's strip: picking a trajectory (a click on its point, or the picker) rings it
// in the scatter and plots its stored weight at each step, the pick survives a new snapshot,
// trajectories without stored steps and old snapshots show a hint, points are grouped by the
// snapshot's source-policy names, and the strip exports its steps.
#include "tests/support/test_support.h"

#include <memory>

#include <QComboBox>
#include <QStringList>
#include <QFile>
#include <QTest>

#include "tests/support/gui_test_support.h"
#include <qcustomplot.h>

#include "ui/plots/weight_scatter_plot.h"
#include "ui/plots/weight_strip_plot.h"
#include "ui/views/weights_view.h"

using vaco::analysis::AnalysisSnapshot;
using vaco::ui::SnapshotPayload;
using vaco::ui::WeightsView;

namespace {

const QStringList kNames = {"policy @ 0 steps", "policy @ 10k steps", "policy @ 20k steps"};

// Five trajectories from three policies; the first three keep their steps (scaled by `scale`).
std::shared_ptr<AnalysisSnapshot> snapshot(float scale = 1.0f) {
  auto s = std::make_shared<AnalysisSnapshot>();
  s->algo = "vaco";
  s->step = 1000;
  s->trajectory_return = {120.0, 480.5, 900.0, 300.0, 75.0};
  s->trajectory_length = {4, 6, 3, 5, 2};
  s->trajectory_labels = {1, 0, 2, 1, 0};
  s->trajectory_step_weights = {{0.5f * scale, 1.0f, 1.5f, 2.0f},
                                {0.2f * scale, 0.4f, 0.6f, 0.8f, 1.0f, 1.2f},
                                {3.0f * scale, 2.0f, 1.0f}};
  for (size_t i = 0; i < s->trajectory_return.size(); ++i) {
    double sum = 0;
    for (float w : i < 3 ? s->trajectory_step_weights[i] : std::vector<float>(size_t(s->trajectory_length[i]), 1.0f)) sum += w;
    s->trajectory_mean_weight.push_back(sum / double(s->trajectory_length[i]));
  }
  s->label_names = {"policy @ 0 steps", "policy @ 10k steps", "policy @ 20k steps"};
  return s;
}

SnapshotPayload payload(std::shared_ptr<const AnalysisSnapshot> s) {
  SnapshotPayload p;
  p.snapshot = std::move(s);
  return p;
}

QVector<double> values(const std::vector<float>& v) { return QVector<double>(v.begin(), v.end()); }

}  // namespace

class GuiWeightStrip : public QObject {
  Q_OBJECT
 private slots:
  void clicking_a_point_fills_the_strip() {
    WeightsView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto s = snapshot();
    view.setSnapshot(payload(s), kNames);
    // The first kept trajectory is shown until the user picks another.
    QCOMPARE(view.trajectoryPicker()->count(), 3);
    QCOMPARE(view.selectedTrajectory(), 0);
    QCOMPARE(view.strip()->weights(), values(s->trajectory_step_weights[0]));

    // A click on trajectory 1's point.
    QCustomPlot* plot = view.trajectoryScatter()->plot();
    plot->replot();
    const QPoint at(int(plot->xAxis->coordToPixel(s->trajectory_return[1])),
                    int(plot->yAxis->coordToPixel(s->trajectory_mean_weight[1])));
    QTest::mouseClick(plot, Qt::LeftButton, {}, at);
    QCOMPARE(view.selectedTrajectory(), 1);
    QCOMPARE(view.trajectoryScatter()->highlighted(), 1);
    QCOMPARE(view.trajectoryPicker()->currentIndex(), 1);
    QCOMPARE(view.strip()->trajectory(), 1);
    QCOMPARE(view.strip()->pointCount(), 6);
    QCOMPARE(view.strip()->weights(), values(s->trajectory_step_weights[1]));
    QCOMPARE(view.strip()->plot()->graph(0)->dataCount(), 6);
    QVERIFY(view.strip()->titleText().contains("return 480.5"));
    QVERIFY(view.strip()->titleText().contains("policy @ 0 steps"));
    QVERIFY(view.strip()->titleText().contains(QString("mean %1").arg(s->trajectory_mean_weight[1], 0, 'f', 3)));
    QVERIFY(view.strip()->hintText().isEmpty());
    // A click on empty space picks nothing.
    QTest::mouseClick(plot, Qt::LeftButton, {}, QPoint(2, 2));
    QCOMPARE(view.selectedTrajectory(), 1);

    // The picker lists the kept trajectories with their return and source.
    QVERIFY(view.trajectoryPicker()->itemText(2).contains("return 900.0"));
    QVERIFY(view.trajectoryPicker()->itemText(2).contains("policy @ 20k steps"));
    vaco::test::saveScreenshot(view, "widget-weights-strip.png");

    // A new snapshot of the run keeps the pick and shows its new weights.
    const auto next = snapshot(4.0f);
    view.setSnapshot(payload(next), kNames);
    QCOMPARE(view.selectedTrajectory(), 1);
    QCOMPARE(view.strip()->weights().front(), double(0.2f * 4.0f));
    QCOMPARE(view.trajectoryScatter()->highlighted(), 1);

    // Strip export: one CSV line per step.
    const QString csv = vaco::test::tempPath("strip.csv");
    QVERIFY(view.strip()->exportTo(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines[0], QByteArray("step,weight"));
    QCOMPARE(lines[6], QByteArray("5,1.20000005"));
    const QString png = vaco::test::tempPath("strip.png");
    QVERIFY(view.strip()->exportTo(png));
    QVERIFY(QFile(png).size() > 1000);
  }

  void points_can_be_coloured_by_another_integer_field() {
    WeightsView view;
    auto s = snapshot();
    s->label_field = "infos/policy_checkpoint";
    s->other_label_fields = {{"infos/seed", {}, {0, 1, 0, 1, 1}, {"seed = 0", "seed = 1"}}};
    view.setSnapshot(payload(s), kNames);
    QComboBox* chooser = view.colourChooser();
    QCOMPARE(chooser->count(), 2);
    QVERIFY(!chooser->isHidden());
    QCOMPARE(chooser->itemText(0), QString("infos/policy_checkpoint"));
    const auto legend = [&view] {
      QStringList names;
      for (QCPGraph* g : view.trajectoryScatter()->graphs()) names << g->name();
      return names;
    };
    QCOMPARE(legend(), kNames);

    // Each scatter says how to read its r.
    QVERIFY(view.sampleScatter()->toolTip().contains("r < 0"));
    QVERIFY(view.trajectoryScatter()->toolTip().contains("r < 0") &&
            view.trajectoryScatter()->toolTip().contains("Click a point"));

    view.setColourField("infos/seed");
    QCOMPARE(legend(), (QStringList{"seed = 0", "seed = 1"}));
    QCOMPARE(chooser->currentIndex(), 1);
    QVERIFY2(view.trajectoryPicker()->itemText(1).contains("seed = 1"), qPrintable(view.trajectoryPicker()->itemText(1)));
    QVERIFY(view.strip()->titleText().contains("seed = 0"));  // trajectory 0
    // The choice stays for the run's next snapshot, and goes back to the source labels for one without the field.
    view.setSnapshot(payload(s), kNames);
    QCOMPARE(legend(), (QStringList{"seed = 0", "seed = 1"}));
    view.setSnapshot(payload(snapshot()), kNames);
    QCOMPARE(legend(), kNames);
    QVERIFY(chooser->isHidden());  // one field only: nothing to choose
  }

  void trajectories_without_steps_show_a_hint() {
    WeightsView view;
    view.setSnapshot(payload(snapshot()), kNames);
    view.selectTrajectory(3);  // past the kept ones
    QCOMPARE(view.trajectoryScatter()->highlighted(), 3);
    QCOMPARE(view.strip()->trajectory(), -1);
    QCOMPARE(view.strip()->pointCount(), 0);
    QVERIFY(view.strip()->hintText().contains("only its mean weight"));
    QCOMPARE(view.trajectoryPicker()->currentIndex(), -1);
    // The picker picks a kept one.
    view.trajectoryPicker()->activated(2);
    QCOMPARE(view.selectedTrajectory(), 2);
    QCOMPARE(view.strip()->pointCount(), 3);

    // An old snapshot file has no steps at all.
    auto old = snapshot();
    old->trajectory_step_weights.clear();
    old->label_names.clear();
    view.clear();
    view.setSnapshot(payload(old), {});
    QCOMPARE(view.selectedTrajectory(), -1);
    QCOMPARE(view.trajectoryPicker()->count(), 0);
    QVERIFY(view.strip()->hintText().contains("no weights per step"));
    QCOMPARE(view.trajectoryScatter()->graphs().size(), 1);  // no names: one colour
  }

  void points_are_grouped_by_source_policy() {
    WeightsView view;
    view.setSnapshot(payload(snapshot()), kNames);
    const QList<QCPGraph*> graphs = view.trajectoryScatter()->graphs();
    QCOMPARE(graphs.size(), 3);
    QCOMPARE(graphs[0]->name(), QString("policy @ 0 steps"));
    QCOMPARE(graphs[0]->dataCount(), 2);
    QCOMPARE(graphs[1]->name(), QString("policy @ 10k steps"));
    QCOMPARE(graphs[1]->dataCount(), 2);
    QCOMPARE(graphs[2]->dataCount(), 1);
    QVERIFY(view.trajectoryScatter()->plot()->legend->visible());
    QCOMPARE(view.trajectoryScatter()->plot()->legend->itemCount(), 3);
    // The strip draws in its trajectory's colour.
    QCOMPARE(view.strip()->plot()->graph(0)->pen().color(), graphs[1]->pen().color());
  }
};

QTEST_MAIN(GuiWeightStrip)
#include "test_gui_weight_strip.moc"
