// The metric store behind the Training and Compare tabs: a live batch is stored once under its
// metric names, appends are announced together on one timer tick, the phase boundary is found
// from the records, seeds group, and the run list model follows the store.
#include <QSignalSpy>
#include <QTest>

#include <cmath>

#include "core/train/metric_record.h"
#include "ui/model/metric_store.h"
#include "ui/model/run_list_model.h"

using vaco::ui::MetricStore;
using vaco::ui::RunListModel;

namespace {

vaco::train::MetricRecord record(int64_t step, const std::string& phase, double loss) {
  vaco::train::MetricRecord r;
  r.step = step;
  r.phase = phase;
  r.wall_time = double(step) / 10;
  r.values = {{"q_loss", loss}, {phase == "policy" ? "policy_loss" : "v_loss", 2 * loss}};
  return r;
}

vaco::train::EvalLine eval(int64_t step, double score) {
  vaco::train::EvalLine e;
  e.step = step;
  e.score_mean = score;
  e.score_std = 1;
  e.return_mean = 10 * score;
  return e;
}

}  // namespace

class GuiMetricStore : public QObject {
  Q_OBJECT
 private slots:
  void a_batch_is_stored_once_and_announced_once() {
    MetricStore store;
    QSignalSpy appended(&store, &MetricStore::appended);
    const int run = store.addLiveRun("vaco s0", "vaco");
    store.appendRecords(run, {record(10, "value", 1.0), record(20, "value", 0.5)}, {});
    store.appendRecords(run, {record(30, "policy", 0.25)}, {eval(30, 42)});
    QCOMPARE(appended.count(), 0);  // announced on the timer, not per append
    QTRY_COMPARE(appended.count(), 1);
    QCOMPARE(appended.at(0).at(0).value<QList<int>>(), QList<int>{run});

    const vaco::ui::StoredRun* r = store.run(run);
    QCOMPARE(store.series(run, "q_loss")->values, (QVector<double>{1.0, 0.5, 0.25}));
    QCOMPARE(store.series(run, "q_loss")->steps, (QVector<double>{10, 20, 30}));
    QCOMPARE(store.series(run, "v_loss")->values, (QVector<double>{2.0, 1.0}));
    QCOMPARE(store.series(run, "policy_loss")->values, (QVector<double>{0.5}));
    QCOMPARE(store.series(run, MetricStore::kEvalScore)->values, (QVector<double>{42}));
    QCOMPARE(store.series(run, MetricStore::kEvalReturn)->values, (QVector<double>{420}));
    QCOMPARE(r->evals.size(), qsizetype(1));
    QCOMPARE(r->phaseBoundary, 20.0);  // the last value-phase step, once policy records followed
    QCOMPARE(store.metricNames(), (QStringList{"eval score", "eval return", "policy_loss", "q_loss", "v_loss"}));
  }

  void removed_runs_take_no_appends_and_seeds_group() {
    MetricStore store;
    QSignalSpy removed(&store, &MetricStore::runRemoved);
    const QString config = R"({"algo": "vaco", "seed": %1, "steps": 100})";
    const int a = store.addLiveRun("a", config.arg(0));
    const int b = store.addLiveRun("b", config.arg(1));
    const int c = store.addLiveRun("c", R"({"algo": "bc", "seed": 0, "steps": 100})");
    store.setInfo(a, "vaco", "0");
    store.setInfo(b, "vaco", "1");
    const QVector<vaco::ui::StoredGroup> groups = store.groups({a, b, c});
    QCOMPARE(groups.size(), qsizetype(2));
    QCOMPARE(groups[0].runs, (QList<int>{a, b}));
    QCOMPARE(groups[1].runs, QList<int>{c});
    QCOMPARE(store.addLiveRun("a", "other"), 3);
    QCOMPARE(store.run(3)->label, QString("a (2)"));  // labels stay unique

    store.removeRun(b);
    QCOMPARE(removed.count(), 1);
    store.append(b, "q_loss", {1}, {}, {1});
    QVERIFY(!store.series(b, "q_loss"));
    QCOMPARE(store.runIds(), (QList<int>{a, c, 3}));
  }

  void the_run_list_follows_the_store() {
    MetricStore store;
    const int a = store.addLiveRun("first", "g");
    RunListModel model(store);
    QCOMPARE(model.rowCount(), 1);
    const int b = store.addLiveRun("second", "g");
    QCOMPARE(model.rowCount(), 2);
    store.setStatus(b, "running");
    QCOMPARE(model.index(1, RunListModel::kStatusColumn).data().toString(), QString("running"));
    QCOMPARE(model.index(1, RunListModel::kLabelColumn).data().toString(), QString("second"));

    QSignalSpy checked(&model, &RunListModel::checkedChanged);
    QVERIFY(model.isChecked(b));
    QVERIFY(model.setData(model.index(1, RunListModel::kLabelColumn), Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(checked.count(), 1);
    QVERIFY(!model.isChecked(b));
    QCOMPARE(model.checkedRuns(), QList<int>{a});
    QCOMPARE(model.index(1, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

    store.removeRun(a);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.runAt(0), b);
    QCOMPARE(model.rowOf(a), -1);
  }
};

QTEST_MAIN(GuiMetricStore)
#include "test_gui_metric_store.moc"
