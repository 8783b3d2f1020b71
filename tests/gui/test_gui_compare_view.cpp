// The Compare view and the run-directory reader behind it: seeds of one setting group into one
// band whose mean and std are computed at the shared steps, a cut-off last line is skipped, a
// malformed line is an error naming it, and live appends reach the plot.
#include "tests/support/test_support.h"

#include <cmath>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QTest>

#include "core/train/run_history.h"
#include "tests/support/gui_test_support.h"
#include <qcustomplot.h>

#include "ui/model/metric_store.h"
#include "ui/model/run_list_model.h"
#include "ui/views/compare_view.h"
#include "ui/plots/metric_plot.h"
#include "ui/model/seed_band.h"

using vaco::ui::CompareView;

namespace {

// Writes a run directory: config.json, run.json and metrics.jsonl (lines joined by "\n").
QString writeRun(const QString& name, const QString& config, const QStringList& lines, bool trailingNewline = true) {
  const QString dir = vaco::test::tempPath(name);
  QDir().mkpath(dir);
  const auto write = [&](const QString& file, const QString& text) {
    QFile f(dir + "/" + file);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(f.fileName()));
    f.write(text.toUtf8());
  };
  write("config.json", config);
  write("run.json", R"({"dataset": "toy-medium", "env_id": "projectile", "obs_dim": 1, "act_dim": 1})");
  write("metrics.jsonl", lines.join("\n") + (trailingNewline ? "\n" : ""));
  return dir;
}

QString vacoConfig(int seed, const QString& device = "cpu", double metaLr = 0.001) {
  return QString(R"({"algo": "vaco", "seed": %1, "device": "%2", "threads": %3, "steps": 100,
                     "log_every": 10, "vaco": {"meta_lr": %4, "sigma0": 0.1}})")
      .arg(seed)
      .arg(device)
      .arg(seed + 1)
      .arg(metaLr);
}

QString metricsLine(int step, double outer, double inner) {
  return QString(R"({"type":"metrics","step":%1,"phase":"policy","wall_time":%2,"values":{"outer_loss":%3,"inner_loss":%4}})")
      .arg(step)
      .arg(step * 0.5)
      .arg(outer)
      .arg(inner);
}

QString evalLine(int step, double score, double ret) {
  return QString(R"({"type":"eval","step":%1,"wall_time":%2,"episodes":5,"return_mean":%3,"return_std":1,"score_mean":%4,"score_std":2})")
      .arg(step)
      .arg(step * 0.5)
      .arg(ret)
      .arg(score);
}

const QString kFinished = R"({"type":"finished","status":"completed","message":""})";

// Three vaco seeds (outer_loss = k*step/10 for seed k-1; seed 2 runs one log longer and was cut
// off mid-line), and one bc run.
struct FakeRuns {
  QStringList vaco;
  QString bc;
};

FakeRuns writeFakeRuns(const QString& prefix) {
  FakeRuns runs;
  for (int seed = 0; seed < 3; ++seed) {
    const double k = seed + 1;
    QStringList lines{metricsLine(10, k * 1, -k), metricsLine(20, k * 2, -2 * k), metricsLine(30, k * 3, -3 * k),
                      evalLine(30, 50 + 10 * seed, 100 + seed)};
    bool newline = true;
    if (seed == 2) {
      lines << metricsLine(40, 12, -12) << "{\"type\":\"metrics\",\"step\":50,\"pha";
      newline = false;
    } else {
      lines << kFinished;
    }
    runs.vaco << writeRun(QString("%1vaco-s%2").arg(prefix).arg(seed),
                          vacoConfig(seed, seed == 1 ? "cuda" : "cpu"), lines, newline);
  }
  runs.bc = writeRun(prefix + "bc-s0", R"({"algo": "bc", "seed": 0, "steps": 100})",
                     {R"({"type":"metrics","step":10,"phase":"policy","wall_time":1,"values":{"bc_loss":0.5,"outer_loss":null}})",
                      evalLine(30, 40, 90), kFinished});
  return runs;
}

// Announces the store's appends, then applies the view's pending rebuilds and replots.
void flushAll(vaco::ui::MetricStore& store, CompareView& view) {
  store.flush();
  view.flush();
}

// Stores one evaluation of a run (its "eval score" and "eval return" points).
void appendEval(vaco::ui::MetricStore& store, int run, double step, double wallTime, double score, double ret) {
  vaco::train::EvalLine e;
  e.step = int64_t(step);
  e.wall_time = wallTime;
  e.score_mean = score;
  e.return_mean = ret;
  store.appendRecords(run, {}, {e});
}

// The text of a cell of the run list.
QString cell(const CompareView& view, int row, int column) {
  return view.runModel()->index(row, column).data().toString();
}

QSet<QRgb> sampledColours(const QImage& img) {
  QSet<QRgb> colours;
  for (int y = 0; y < img.height(); y += 4)
    for (int x = 0; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
  return colours;
}

}  // namespace

class GuiCompareView : public QObject {
  Q_OBJECT
 private slots:
  void reader_reads_identity_history_and_status() {
    const FakeRuns runs = writeFakeRuns("reader-");
    const vaco::train::RunHistory r = vaco::train::read_run_history(runs.vaco[0].toStdString());
    QCOMPARE(QString::fromStdString(r.label), QString("reader-vaco-s0"));
    QCOMPARE(QString::fromStdString(r.algo), QString("vaco"));
    QCOMPARE(r.seed, uint64_t(0));
    QCOMPARE(QString::fromStdString(r.dataset), QString("toy-medium"));
    QCOMPARE(QString::fromStdString(r.env_id), QString("projectile"));
    QCOMPARE(int(r.metrics.size()), 3);
    QCOMPARE(r.metrics[1].step, int64_t(20));
    QCOMPARE(r.metrics[1].wall_time, 10.0);
    QCOMPARE(r.metrics[1].values.at("outer_loss"), 2.0);
    QCOMPARE(int(r.evals.size()), 1);
    QCOMPARE(r.evals[0].score_mean, 50.0);
    QCOMPARE(r.evals[0].return_mean, 100.0);
    QCOMPARE(QString::fromStdString(r.status), QString("completed"));
    QVERIFY(!r.truncated_tail);

    // A null value reads as NaN.
    const vaco::train::RunHistory bc = vaco::train::read_run_history(runs.bc.toStdString());
    QVERIFY(std::isnan(bc.metrics[0].values.at("outer_loss")));
  }

  void truncated_last_line_is_skipped() {
    const FakeRuns runs = writeFakeRuns("trunc-");
    const vaco::train::RunHistory r = vaco::train::read_run_history(runs.vaco[2].toStdString());
    QVERIFY(r.truncated_tail);
    QCOMPARE(int(r.metrics.size()), 4);  // steps 10..40; the cut-off step 50 is gone
    QCOMPARE(r.metrics.back().step, int64_t(40));
    QCOMPARE(QString::fromStdString(r.status), QString("unfinished"));
  }

  void malformed_or_missing_input_is_one_line_error() {
    const QString broken = writeRun("broken", vacoConfig(0),
                                    {metricsLine(10, 1, 1), R"({"type":"metrics","step":20,,})", metricsLine(30, 3, 3)});
    vaco::ui::MetricStore store;
    CompareView view(store);
    const QString error = store.addRunDirectory(broken);
    QVERIFY2(error.contains("metrics.jsonl:2:"), qPrintable(error));
    QVERIFY(!error.contains('\n'));
    QVERIFY(view.runIds().isEmpty());

    const QString wrongType = writeRun("wrong-type", vacoConfig(0),
                                       {R"({"type":"metrics","step":10,"values":{"loss":"high"}})", kFinished});
    QVERIFY2(store.addRunDirectory(wrongType).contains("metrics.jsonl:1: value \"loss\" is not a number"),
             qPrintable(store.addRunDirectory(wrongType)));

    const QString missingDir = vaco::test::tempPath("no-such-run");
    QVERIFY2(store.addRunDirectory(missingDir).contains("no such run directory"), qPrintable(store.addRunDirectory(missingDir)));
    const QString empty = vaco::test::tempPath("empty-run");
    QDir().mkpath(empty);
    QVERIFY2(store.addRunDirectory(empty).contains("no metrics.jsonl"), qPrintable(store.addRunDirectory(empty)));
    QVERIFY(view.runIds().isEmpty());
  }

  void seeds_group_and_ablations_are_named() {
    using vaco::train::group_identities;
    using vaco::train::group_identity;
    const auto id = [](int seed, const std::string& device, double metaLr) {
      return group_identity(nlohmann::json::parse(vacoConfig(seed, QString::fromStdString(device), metaLr).toStdString()),
                            "toy-medium", "projectile");
    };
    const auto groups = group_identities({id(0, "cpu", 1e-3), id(1, "cuda", 1e-3), id(2, "cpu", 1e-4),
                                          id(3, "cpu", 1e-3), nlohmann::json{{"algo", "bc"}}});
    QCOMPARE(int(groups.size()), 3);
    QCOMPARE(QString::fromStdString(groups[0].label), QString("vaco vaco.meta_lr=0.001 (3 seeds)"));
    QCOMPARE(groups[0].members, (std::vector<std::size_t>{0, 1, 3}));
    QCOMPARE(QString::fromStdString(groups[1].label), QString("vaco vaco.meta_lr=0.0001 (1 seed)"));
    QCOMPARE(QString::fromStdString(groups[2].label), QString("bc (1 seed)"));
    // Three runs of one setting, all seed 0, are not "3 seeds".
    const auto repeated = group_identities({id(0, "cpu", 1e-3), id(0, "cpu", 1e-3), id(0, "cpu", 1e-3)}, {"0", "0", "0"});
    QCOMPARE(QString::fromStdString(repeated[0].label), QString("vaco (3 runs, 1 seed)"));
    const auto distinct = group_identities({id(0, "cpu", 1e-3), id(1, "cpu", 1e-3)}, {"0", "1"});
    QCOMPARE(QString::fromStdString(distinct[0].label), QString("vaco (2 seeds)"));
    // Groups whose first three differing settings agree are told apart by the ones that differ.
    const auto twins = group_identities({nlohmann::json{{"algo", "vaco"}, {"w", 1}, {"x", 1}, {"y", 1}, {"z", 1}},
                                         nlohmann::json{{"algo", "vaco"}, {"w", 1}, {"x", 1}, {"y", 1}, {"z", 2}},
                                         nlohmann::json{{"algo", "vaco"}, {"w", 2}, {"x", 2}, {"y", 2}, {"z", 1}}});
    QCOMPARE(QString::fromStdString(twins[0].label), QString("vaco z=1 (1 seed)"));
    QCOMPARE(QString::fromStdString(twins[1].label), QString("vaco z=2 (1 seed)"));
    QCOMPARE(QString::fromStdString(twins[2].label), QString("vaco w=2 x=2 y=2 … (1 seed)"));
    // The same setting on another dataset is another group.
    const auto datasets = group_identities({id(0, "cpu", 1e-3), group_identity(nlohmann::json{{"algo", "vaco"}}, "other", "")});
    QCOMPARE(int(datasets.size()), 2);
  }

  void band_mean_and_std_at_shared_steps() {
    const FakeRuns runs = writeFakeRuns("band-");
    vaco::ui::MetricStore store;
    CompareView view(store);
    for (const QString& dir : runs.vaco + QStringList{runs.bc}) QVERIFY2(store.addRunDirectory(dir).isEmpty(), qPrintable(dir));
    QCOMPARE(view.runIds().size(), 4);
    QCOMPARE(view.runModel()->rowCount(), 4);
    QCOMPARE(cell(view, 2, 3), QString("unfinished"));
    QCOMPARE(cell(view, 1, 2), QString("1"));
    QCOMPARE(view.groupLabels(), (QStringList{"vaco (3 seeds)", "bc (1 seed)"}));
    QVERIFY(view.metricNames().contains("outer_loss"));
    QVERIFY(view.metricNames().contains("bc_loss"));
    QCOMPARE(view.metricNames().mid(0, 2), (QStringList{"eval score", "eval return"}));

    view.setGroupSeeds(true);
    view.setMetric("outer_loss");
    flushAll(store, view);
    const vaco::ui::MetricBandData band = view.band("vaco (3 seeds)");
    QCOMPARE(band.steps, (QVector<double>{10, 20, 30}));  // step 40: only seed 2 has it
    // Step 20: values 2, 4, 6 -> mean 4, population std sqrt(8/3).
    QCOMPARE(band.mean[1], 4.0);
    QVERIFY(std::abs(band.std[1] - std::sqrt(8.0 / 3.0)) < 1e-12);
    QCPGraph* mean = view.plot()->bandMeanGraph("vaco (3 seeds)");
    QVERIFY(mean);
    QCOMPARE(mean->data()->at(1)->value, 4.0);
    // Grouped, every seed's swatch shows its group's line colour.
    const QList<int> ids = view.runIds();
    for (int i : {0, 1, 2}) QCOMPARE(view.runSwatchColor(ids[i]), mean->pen().color());
    QVERIFY(view.runSwatchColor(ids[3]) != mean->pen().color());
    QVERIFY(view.axisWarning().isEmpty());  // one environment

    view.setMetric("eval score");
    flushAll(store, view);
    const vaco::ui::MetricBandData eval = view.band("vaco (3 seeds)");
    QCOMPARE(eval.steps, (QVector<double>{30}));
    QCOMPARE(eval.mean[0], 60.0);  // 50, 60, 70
    QVERIFY(std::abs(eval.std[0] - std::sqrt(200.0 / 3.0)) < 1e-12);
    QVERIFY(view.plot()->points("bc (1 seed)"));  // one seed: a plain line
    QCOMPARE(view.plot()->points("bc (1 seed)")->values, (QVector<double>{40}));

    // Unchecking a seed regroups: two seeds left.
    view.setRunChecked(view.runIds()[2], false);
    flushAll(store, view);
    QCOMPARE(view.groupLabels(), (QStringList{"vaco (2 seeds)", "bc (1 seed)"}));
    QCOMPARE(view.band("vaco (2 seeds)").mean, (QVector<double>{55}));

    // Ungrouped: one line per checked run, each swatch its own line's colour.
    view.setGroupSeeds(false);
    flushAll(store, view);
    QCOMPARE(view.plot()->seriesNames(), (QStringList{"band-bc-s0", "band-vaco-s0", "band-vaco-s1"}));
    QCOMPARE(view.runSwatchColor(ids[1]), view.plot()->displayGraph("band-vaco-s1")->pen().color());
    QVERIFY(view.runSwatchColor(ids[0]) != view.runSwatchColor(ids[1]));

    // A run of another environment on the same axis is warned about, until it is unchecked.
    const int hopper = store.addLiveRun("hopper bc", R"({"algo": "bc", "env_id": "hopper"})");
    flushAll(store, view);
    QVERIFY2(view.axisWarning().contains("2 environments") && view.axisWarning().contains("hopper") &&
                 view.axisWarning().contains("projectile"),
             qPrintable(view.axisWarning()));
    view.setRunChecked(hopper, false);
    flushAll(store, view);
    QVERIFY(view.axisWarning().isEmpty());
    store.removeRun(hopper);
    QVERIFY(!view.plot()->bandMeanGraph("vaco (2 seeds)"));

    // The same directory twice is refused; removing a run drops it.
    QVERIFY(store.addRunDirectory(runs.bc).contains("already"));
    store.removeRun(view.runIds()[3]);
    flushAll(store, view);
    QCOMPARE(view.plot()->seriesNames(), (QStringList{"band-vaco-s0", "band-vaco-s1"}));
  }

  void folder_of_runs_adds_each_run() {
    writeFakeRuns("folder/");  // four run dirs inside one folder
    QDir().mkpath(vaco::test::tempPath("folder/not-a-run"));
    vaco::ui::MetricStore store;
    CompareView view(store);
    QCOMPARE(store.addRunFolder(vaco::test::tempPath("folder")), QStringList());
    QCOMPARE(view.runIds().size(), 4);
    QCOMPARE(view.runLabel(view.runIds()[0]), QString("bc-s0"));  // name order
    const QStringList errors = store.addRunFolder(vaco::test::tempPath("folder/not-a-run"));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0].contains("no metrics.jsonl"), qPrintable(errors[0]));
  }

  void grid_folder_adds_its_runs_grouped_by_seed() {
    // A `vaco grid` folder: <dataset>/<algorithm>/seed-N, plus the shared value runs (left out).
    for (const char* algo : {"bc", "vaco"})
      for (int seed : {0, 1})
        writeRun(QString("grid/toy/%1/seed-%2").arg(algo).arg(seed),
                 QString(R"({"algo": "%1", "seed": %2, "steps": 100})").arg(algo).arg(seed),
                 {metricsLine(10, seed, -seed), evalLine(10, 50 + seed, 100), kFinished});
    writeRun("grid/toy/value/seed-0", R"({"algo": "iql", "seed": 0, "steps": 0})", {kFinished});
    writeRun("grid/toy/vaco/seed-0/snapshots/not-searched", R"({"algo": "bc", "seed": 9})", {kFinished});
    vaco::ui::MetricStore store;
    CompareView view(store);
    QCOMPARE(store.addRunFolder(vaco::test::tempPath("grid")), QStringList());
    QCOMPARE(view.runIds().size(), 4);
    QCOMPARE(view.runLabel(view.runIds()[0]), QString("toy/bc/seed-0"));
    QCOMPARE(view.runLabel(view.runIds()[3]), QString("toy/vaco/seed-1"));
    view.setGroupSeeds(true);
    flushAll(store, view);
    QCOMPARE(view.groupLabels(), (QStringList{"bc (2 seeds)", "vaco (2 seeds)"}));
  }

  void live_appends_reach_the_plot() {
    vaco::ui::MetricStore store;
    CompareView view(store);
    view.setGroupSeeds(false);
    const int a = store.addLiveRun("vaco s0", "vaco live");
    const int b = store.addLiveRun("vaco s1", "vaco live");
    view.setMetric("outer_loss");
    flushAll(store, view);
    store.append(a, "outer_loss", {1, 2, 3}, {0.1, 0.2, 0.3}, {5, 6, 7});
    store.append(a, "outer_loss", {4}, {}, {8});
    store.append(b, "outer_loss", {1, 2, 3, 4}, {}, {7, 8, 9, 10});
    store.append(a, "sigma", {1}, {}, {0.1});
    QVERIFY(!view.metricNames().contains("sigma"));  // not yet announced
    QTRY_VERIFY(view.metricNames().contains("sigma"));
    QTRY_COMPARE(view.plot()->displayGraph("vaco s0") ? view.plot()->displayGraph("vaco s0")->dataCount() : 0, 4);
    QCOMPARE(view.plot()->points("vaco s0")->values, (QVector<double>{5, 6, 7, 8}));
    QCOMPARE(view.plot()->points("vaco s0")->wallTimes[1], 0.2);
    QCOMPARE(view.plot()->displayGraph("vaco s1")->data()->at(3)->value, 10.0);
    appendEval(store, a, 4, 2.0, 61.5, 1200);
    QCOMPARE(view.runSeries(a, "eval score")->values, (QVector<double>{61.5}));
    QCOMPARE(view.runSeries(a, "eval return")->values, (QVector<double>{1200}));
    store.setStatus(a, "completed");
    QCOMPARE(cell(view, 0, 3), QString("completed"));

    // Grouped: the band follows the appends on the view's timer, not on every append.
    view.setGroupSeeds(true);
    flushAll(store, view);
    QCOMPARE(view.groupLabels(), (QStringList{"vaco live (2 seeds)"}));
    QCOMPARE(view.band("vaco live (2 seeds)").mean, (QVector<double>{6, 7, 8, 9}));
    store.append(a, "outer_loss", {5}, {}, {9});
    store.append(b, "outer_loss", {5}, {}, {13});
    QCOMPARE(view.band("vaco live (2 seeds)").steps.size(), 4);  // not yet recomputed
    QTRY_COMPARE(view.band("vaco live (2 seeds)").steps.size(), 5);
    QCOMPARE(view.band("vaco live (2 seeds)").mean[4], 11.0);
    QCOMPARE(view.band("vaco live (2 seeds)").std[4], 2.0);
    QTRY_COMPARE(view.plot()->bandMeanGraph("vaco live (2 seeds)")->dataCount(), 5);

    // A key that is a JSON config groups like config.json: seeds and devices are ignored.
    const int c = store.addLiveRun("cfg s0", vacoConfig(0, "cpu"));
    const int d = store.addLiveRun("cfg s1", vacoConfig(1, "cuda"));
    store.setInfo(d, "vaco", "1");
    QCOMPARE(cell(view, 3, 1), QString("vaco"));
    QCOMPARE(cell(view, 3, 2), QString("1"));
    QCOMPARE(view.groupLabels(), (QStringList{"vaco live (2 seeds)", "vaco (2 seeds)"}));
    store.removeRun(c);
    store.removeRun(d);

    // Appends to a removed run are ignored.
    store.removeRun(b);
    store.append(b, "outer_loss", {6}, {}, {1});
    QVERIFY(!view.runSeries(b, "outer_loss"));
  }

  void policy_phase_alignment() {
    // A VACO run directory with 30 value-pretraining steps and a BC one without: aligned, both
    // policy phases start at 0 and the value phase sits at negative steps.
    const QString vaco = writeRun("align-vaco", R"({"algo": "vaco", "seed": 0, "steps": 20, "value_steps": 30})",
                                  {R"({"type":"metrics","step":10,"phase":"value","wall_time":1,"values":{"q_loss":3}})",
                                   R"({"type":"metrics","step":30,"phase":"value","wall_time":2,"values":{"q_loss":1}})",
                                   evalLine(40, 70, 140), evalLine(50, 80, 160), kFinished});
    const QString bc = writeRun("align-bc", R"({"algo": "bc", "seed": 0, "steps": 20, "value_steps": 30})",
                                {evalLine(10, 40, 90), evalLine(20, 45, 95), kFinished});
    QCOMPARE(vaco::train::read_run_history(vaco.toStdString()).policy_start, int64_t(30));
    QCOMPARE(vaco::train::read_run_history(bc.toStdString()).policy_start, int64_t(0));  // no value records

    vaco::ui::MetricStore store;
    CompareView view(store);
    const auto steps = [&view](const QString& series) {
      const std::optional<vaco::ui::MetricSeriesData> s = view.plot()->points(series);
      return s ? s->steps : QVector<double>{-1e9};  // "no such series"
    };
    view.setGroupSeeds(false);
    QVERIFY(store.addRunDirectory(vaco).isEmpty());
    QVERIFY(store.addRunDirectory(bc).isEmpty());
    view.setMetric(CompareView::kEvalScore);
    flushAll(store, view);
    QCOMPARE(steps("align-vaco"), (QVector<double>{40, 50}));
    view.setAlignPolicyPhase(true);
    flushAll(store, view);
    QCOMPARE(steps("align-vaco"), (QVector<double>{10, 20}));
    QCOMPARE(view.plot()->plot()->xAxis->label(), QString("policy step"));
    QCOMPARE(steps("align-bc"), (QVector<double>{10, 20}));
    view.setMetric("q_loss");
    flushAll(store, view);
    QCOMPARE(steps("align-vaco"), (QVector<double>{-20, 0}));
    QVERIFY(view.runSeries(0, "q_loss"));
    QCOMPARE(view.runSeries(0, "q_loss")->steps, (QVector<double>{10, 30}));  // stored as recorded

    // A live run: its policy start arrives once it starts; later appends are shifted too.
    const int live = store.addLiveRun("live vaco", "live");
    view.setMetric(CompareView::kEvalScore);
    appendEval(store, live, 35, 1.0, 60, 120);
    store.setPolicyStart(live, 30);
    flushAll(store, view);
    QCOMPARE(steps("live vaco"), (QVector<double>{5}));
    appendEval(store, live, 45, 2.0, 65, 130);
    store.flush();  // the store announces the append; the view draws it
    QCOMPARE(steps("live vaco"), (QVector<double>{5, 15}));
    view.setGroupSeeds(true);  // groups draw aligned steps too
    flushAll(store, view);
    QVERIFY(view.groupLabels().contains("live (1 seed)"));
    QCOMPARE(steps("live (1 seed)"), (QVector<double>{5, 15}));
    view.setAlignPolicyPhase(false);
    flushAll(store, view);
    QCOMPARE(steps("live (1 seed)"), (QVector<double>{35, 45}));
  }

  void screenshot_shows_bands_and_legend() {
    // Three seeds each of VACO and BC with eval curves, as the README preview.
    QStringList dirs;
    for (const QString& algo : {QString("vaco"), QString("bc")})
      for (int seed = 0; seed < 3; ++seed) {
        QStringList lines;
        for (int step = 0; step <= 300000; step += 10000) {
          const double t = step / 300000.0;
          const double wiggle = std::sin(step / 23000.0 + seed * 2.1) * (algo == "vaco" ? 4 : 3);
          const double score = algo == "vaco" ? 20 + 60 * (1 - std::exp(-4 * t)) + wiggle + 3 * seed
                                              : 18 + 35 * (1 - std::exp(-6 * t)) + wiggle - 2 * seed;
          lines << metricsLine(step, 1.0 / (1 + t), 0.5 / (1 + t)) << evalLine(step, score, score * 36);
        }
        lines << kFinished;
        const QString config = algo == "vaco" ? vacoConfig(seed) : QString(R"({"algo": "bc", "seed": %1})").arg(seed);
        dirs << writeRun(QString("hopper-medium-%1-s%2").arg(algo).arg(seed), config, lines);
      }
    vaco::ui::MetricStore store;
    CompareView view(store);
    for (const QString& d : dirs) QVERIFY(store.addRunDirectory(d).isEmpty());
    view.setMetric("eval score");
    view.setGroupSeeds(true);
    view.resize(1100, 520);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    flushAll(store, view);
    QCOMPARE(view.groupLabels(), (QStringList{"vaco (3 seeds)", "bc (3 seeds)"}));
    QCOMPARE(view.band("bc (3 seeds)").steps.size(), 31);
    QVERIFY(view.plot()->plot()->legend->visible());
    QTest::qWait(100);
    const QImage image = view.grab().toImage();
    QCOMPARE(image.width(), 1100);
    QVERIFY(sampledColours(image).size() > 20);  // not one flat colour
    vaco::test::saveScreenshot(view, "widget-compare.png");
  }
};

QTEST_MAIN(GuiCompareView)
#include "test_gui_compare_view.moc"
