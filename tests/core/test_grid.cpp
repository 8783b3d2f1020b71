// `vaco grid`: a 2 datasets x 2 algorithms x 2 seeds grid of short projectile runs finishes; a
// rerun skips completed runs, resumes checkpointed ones and starts the rest afresh; a killed
// grid (SIGINT, SIGKILL) resumes; the report's numbers equal the run folders' files; a bad spec
// is one line naming the field; shared value runs feed the value-phase algorithms.
#include "core/train/csv_eval_sink.h"
#include "core/train/grid_report.h"
#include "core/train/run_history.h"
#include "core/train/train_config.h"
#include "tests/support/test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <cmath>
#include <map>

using namespace vaco;
using nlohmann::json;

namespace {

// Two small projectile files made by the CLI itself (different seeds, different names).
const QStringList& datasets() {
  static const QStringList files = [] {
    QStringList out;
    for (const char* seed : {"1", "2"}) {
      const QString p = test::tempPath(QString("proj-%1.hdf5").arg(seed));
      const auto r = test::runCli({"datagen", "projectile", "--out", p, "--samples", "1000", "--seed", seed});
      if (r.exit_code != 0) qFatal("datagen failed: %s", r.err.constData());
      out << p;
    }
    return out;
  }();
  return files;
}

// Settings of short runs: tiny networks, a few evaluations, frequent checkpoints.
json shortSets(int steps) {
  return {"steps=" + std::to_string(steps), "value_steps=100", "hidden=16", "depth=1", "log_every=50",
          "eval_every=100", "eval_episodes=8", "checkpoint_every=50", "snapshot_every=100", "device=cpu"};
}

// The test grid: both datasets, bc and vaco, seeds 0 and 1.
json baseSpec(const QString& out) {
  return {{"out", out.toStdString()},
          {"datasets", {datasets()[0].toStdString(), datasets()[1].toStdString()}},
          {"algorithms", {{{"label", "bc"}, {"algo", "bc"}}, {{"label", "vaco"}, {"algo", "vaco"}}}},
          {"seeds", {0, 1}},
          {"set", shortSets(200)},
          {"parallel", 2},
          {"threads", 1},
          {"share_value", false}};
}

// Writes a spec file and returns its path.
QString writeSpec(const QString& name, const std::string& text) {
  const QString path = test::tempPath(name);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
  f.write(QByteArray::fromStdString(text));
  return path;
}

QString writeSpec(const QString& name, const json& spec) { return writeSpec(name, spec.dump(2)); }

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The grid's run folders of the base spec.
QStringList runDirs(const QString& out) {
  QStringList dirs;
  for (const char* stem : {"proj-1", "proj-2"})
    for (const char* label : {"bc", "vaco"})
      for (int seed : {0, 1}) dirs << QString("%1/%2/%3/seed-%4").arg(out, stem, label).arg(seed);
  return dirs;
}

// Cuts a run's final status line off its metrics.jsonl (a run left half-done); false when it cannot.
bool cutFinishedLine(const QString& dir) {
  QByteArray jsonl = readAll(dir + "/metrics.jsonl");
  jsonl.truncate(jsonl.lastIndexOf("{\"type\":\"finished\""));
  QFile cut(dir + "/metrics.jsonl");
  return cut.open(QIODevice::WriteOnly | QIODevice::Truncate) && cut.write(jsonl) == jsonl.size();
}

std::string status(const QString& dir) { return train::read_run_history(dir.toStdString()).status; }

// Mean and population std.
std::pair<double, double> meanStd(const std::vector<double>& v) {
  double m = 0, s = 0;
  for (double x : v) m += x;
  m /= double(v.size());
  for (double x : v) s += (x - m) * (x - m);
  return {m, std::sqrt(s / double(v.size()))};
}

// report.csv as rows of named fields.
std::vector<std::map<std::string, std::string>> readCsv(const QString& path) {
  const QList<QByteArray> lines = readAll(path).trimmed().split('\n');
  const QList<QByteArray> header = lines.value(0).split(',');
  std::vector<std::map<std::string, std::string>> rows;
  for (int i = 1; i < lines.size(); ++i) {
    const QList<QByteArray> cells = lines[i].split(',');
    std::map<std::string, std::string> row;
    for (int k = 0; k < header.size(); ++k) row[header[k].toStdString()] = cells.value(k).toStdString();
    rows.push_back(row);
  }
  return rows;
}

// Waits until `text` appears in the process's stdout (collected into `out`).
bool waitForOutput(QProcess& p, QByteArray& out, const char* text, int ms = 60000) {
  QElapsedTimer t;
  t.start();
  while (!out.contains(text) && t.elapsed() < ms) {
    p.waitForReadyRead(200);
    out += p.readAllStandardOutput();
  }
  return out.contains(text);
}

// Waits until every run of `dirs` has written `text` to its train.log after the first
// `offsets[i]` bytes, at most `ms`.
bool waitForLogs(const QStringList& dirs, const QList<qsizetype>& offsets, const char* text, int ms = 60000) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    bool all = true;
    for (int i = 0; i < dirs.size(); ++i)
      if (!readAll(dirs[i] + "/train.log").mid(offsets[i]).contains(text)) all = false;
    if (all) return true;
    QTest::qWait(100);
  }
  return false;
}

}  // namespace

class Grid : public QObject {
  Q_OBJECT
 private slots:
  // The mean of evaluations keeps the scheduled ones and the last, counted in policy steps.
  void scheduled_evaluations_leave_out_checkpoint_stops() {
    auto line = [](int64_t step, double score) { return train::EvalLine{.step = step, .score_mean = score}; };
    // A 50k value phase, evaluations every 10k policy steps, one at a stop (63,447), the last off the grid.
    const std::vector<train::EvalLine> evals{line(60000, 10), line(63447, 99), line(70000, 20), line(80000, 30),
                                             line(85000, 40)};
    QCOMPARE(train::scheduled_evaluations_mean(evals, 10000, 50000), (10.0 + 20 + 30 + 40) / 4);
    // A 5k value phase moves the schedule to 15k, 25k, ...: only the last is kept.
    QCOMPARE(train::scheduled_evaluations_mean(evals, 10000, 5000), 40.0);
    QCOMPARE(train::scheduled_evaluations_mean(evals, 0, 50000), 40.0);
    QVERIFY(std::isnan(train::scheduled_evaluations_mean({}, 10000, 0)));
    const std::vector<train::EvalLine> with_nan{line(10000, std::nan("")), line(20000, 8)};
    QCOMPARE(train::scheduled_evaluations_mean(with_nan, 10000, 0), 8.0);
  }

  void runs_reports_and_reruns() {
    const QString out = test::tempPath("grid-a");
    const QString spec = writeSpec("grid-a.json", baseSpec(out));
    auto r = test::runCli({"grid", "run", spec});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("[8/8 done"), r.out.constData());
    QVERIFY(r.out.contains("ETA"));
    for (const QString& d : runDirs(out)) {
      QCOMPARE(status(d), std::string("completed"));
      QVERIFY2(QFile::exists(d + "/train.log") && QFile::exists(d + "/eval.csv"), qPrintable(d));
    }
    QCOMPARE(train::load_config((out + "/proj-2/vaco/seed-1/config.json").toStdString()).seed, uint64_t{1});
    QVERIFY(!QDir(out + "/proj-1/value").exists());

    // The report: final and best scores recomputed from the eval.csv files, ESS for vaco only.
    r = test::runCli({"grid", "report", spec});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY(r.out.contains("final score"));
    QVERIFY(QFile::exists(out + "/report.md") && QFile::exists(out + "/report.csv"));
    QVERIFY(readAll(out + "/report.md").contains("| proj-1 | vaco | 2/2 |"));
    QVERIFY(QFile::exists(out + "/report.png") || r.out.contains("needs the GUI build"));
    const auto rows = readCsv(out + "/report.csv");
    QCOMPARE(rows.size(), size_t{4});
    for (const auto& row : rows) {
      std::vector<double> finals, bests, means;
      for (int seed : {0, 1}) {
        const QString d = QString("%1/%2/%3/seed-%4")
                              .arg(out, QString::fromStdString(row.at("dataset")), QString::fromStdString(row.at("algorithm")))
                              .arg(seed);
        const auto evals = train::read_eval_csv((d + "/eval.csv").toStdString());
        QCOMPARE(evals.size(), size_t{2});
        finals.push_back(evals.back().score_mean);
        bests.push_back(std::max(evals[0].score_mean, evals[1].score_mean));
        means.push_back((evals[0].score_mean + evals[1].score_mean) / 2);
      }
      const auto [fm, fs] = meanStd(finals);
      const auto [bm, bs] = meanStd(bests);
      const auto [em, es] = meanStd(means);
      QVERIFY(std::abs(std::stod(row.at("final_mean")) - fm) < 1e-6);
      QVERIFY(std::abs(std::stod(row.at("final_std")) - fs) < 1e-6);
      QVERIFY(std::abs(std::stod(row.at("best_mean")) - bm) < 1e-6);
      QVERIFY(std::abs(std::stod(row.at("best_std")) - bs) < 1e-6);
      QVERIFY(std::abs(std::stod(row.at("evals_mean")) - em) < 1e-6);
      QVERIFY(std::abs(std::stod(row.at("evals_std")) - es) < 1e-6);
      QCOMPARE(row.at("seeds_finished"), std::string("2"));
      QCOMPARE(row.at("ess_mean").empty(), row.at("algorithm") == "bc");
      QCOMPARE(row.at("algo"), row.at("algorithm"));
    }
    // The report of the folder is the report of the spec.
    const QString prefix = test::tempPath("grid-a-dir-report");
    r = test::runCli({"grid", "report", out, "--out-prefix", prefix});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(readAll(prefix + ".csv"), readAll(out + "/report.csv"));

    // The paper's layout: one line per dataset with each algorithm's final mean ± std, the row's
    // best starred; report.md holds it under "By dataset" with the best in bold.
    r = test::runCli({"grid", "report", out, "--wide", "--out-prefix", prefix});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(!r.out.contains("trajectory r"), r.out.constData());
    QVERIFY(readAll(prefix + ".md").contains("## By dataset"));
    for (const char* dataset : {"proj-1", "proj-2"}) {
      const QStringList lines = QString::fromUtf8(r.out).split('\n').filter(QRegularExpression(QString("^") + dataset + " "));
      QCOMPARE(lines.size(), 1);
      double best = -1e300;
      QString best_cell;
      for (const auto& row : rows) {
        if (row.at("dataset") != dataset) continue;
        const double m = std::stod(row.at("final_mean"));
        const QString cell = QString::asprintf("%.1f ± %.1f", m, std::stod(row.at("final_std")));
        QVERIFY2(lines[0].contains(cell), qPrintable(lines[0] + " lacks " + cell));
        if (m > best) best = m, best_cell = cell;
      }
      QVERIFY2(lines[0].contains(best_cell + " *"), qPrintable(lines[0]));
      QVERIFY(QString::fromUtf8(readAll(prefix + ".md")).contains("**" + best_cell + "**"));
    }

    // Rerun: one run loses its final status (resumed from its checkpoint), one folder is gone
    // (started afresh); the six others are skipped, their files untouched.
    const QStringList dirs = runDirs(out);
    const QString resumed = dirs[1], fresh = dirs[6];
    QVERIFY(cutFinishedLine(resumed));
    QCOMPARE(status(resumed), std::string("unfinished"));
    QVERIFY(QDir(fresh).removeRecursively());
    std::map<QString, QByteArray> before;
    for (const QString& d : dirs) before[d] = readAll(d + "/metrics.jsonl");
    std::map<QString, QDateTime> mtimes;
    for (const QString& d : dirs) mtimes[d] = QFileInfo(d + "/metrics.jsonl").lastModified();
    r = test::runCli({"grid", "run", spec, "--parallel", "1"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("6 already completed (skipped), 1 to resume, 1 to start"), r.out.constData());
    QVERIFY(r.out.contains("(resuming)"));
    for (const QString& d : dirs) {
      QCOMPARE(status(d), std::string("completed"));
      if (d == resumed || d == fresh) continue;
      QCOMPARE(readAll(d + "/metrics.jsonl"), before[d]);
      QCOMPARE(QFileInfo(d + "/metrics.jsonl").lastModified(), mtimes[d]);
    }
    QVERIFY(readAll(resumed + "/train.log").contains("resuming at step"));

    // --dry-run with everything complete prints comments only; after a deletion, the command.
    QVERIFY(QDir(fresh).removeRecursively());
    r = test::runCli({"grid", "run", spec, "--dry-run"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(r.out.count("# completed, skipped"), 7);
    QVERIFY2(r.out.contains(" train --dataset ") && r.out.contains("--set threads=1 --set steps=200"), r.out.constData());
    QVERIFY(!QDir(fresh).exists());
  }

  void interrupted_and_killed_grids_resume() {
    const QString out = test::tempPath("grid-k");
    json s = baseSpec(out);
    s["datasets"] = {datasets()[0].toStdString()};
    s["algorithms"] = {{{"label", "bc"}, {"algo", "bc"}}};
    // Long enough to be stopped mid-way; no evaluations or snapshots before the end.
    s["set"] = {"steps=10000", "hidden=16", "depth=1", "log_every=100", "eval_episodes=8", "checkpoint_every=200",
                "snapshot_every=0", "device=cpu"};
    const QString spec = writeSpec("grid-k.json", s);
    const QStringList dirs{out + "/proj-1/bc/seed-0", out + "/proj-1/bc/seed-1"};

    // SIGINT to the grid alone: forwarded, the runs checkpoint, the grid exits 1.
    QProcess p;
    p.start(VACO_CLI_PATH, {"grid", "run", spec});
    QVERIFY(p.waitForStarted());
    QByteArray text;
    QVERIFY2(waitForOutput(p, text, "[0/2 done, 2 running]"), text.constData());
    QVERIFY(waitForLogs(dirs, {0, 0}, "[policy] step"));
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    text += p.readAllStandardOutput();
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(text.contains("stopped proj-1/bc/seed-0"), text.constData());
    for (const QString& d : dirs) {
      QVERIFY(readAll(d + "/train.log").contains("run interrupted"));
      QCOMPARE(status(d), std::string("interrupted"));
    }

    // SIGKILL to the grid once both runs train again: they get SIGTERM (checkpoint, interrupted).
    const QList<qsizetype> offsets{readAll(dirs[0] + "/train.log").size(), readAll(dirs[1] + "/train.log").size()};
    text.clear();
    p.start(VACO_CLI_PATH, {"grid", "run", spec});
    QVERIFY(p.waitForStarted());
    QVERIFY2(waitForOutput(p, text, "0 to start"), text.constData());
    QVERIFY2(text.contains("2 to resume"), text.constData());
    QVERIFY(waitForLogs(dirs, offsets, "[policy] step"));
    ::kill(pid_t(p.processId()), SIGKILL);
    QVERIFY(p.waitForFinished(30000));
    QVERIFY(waitForLogs(dirs, offsets, "run interrupted"));

    // The rerun resumes both and completes them.
    const auto r = test::runCli({"grid", "run", spec});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(r.out.count("(resuming)"), 2);
    for (const QString& d : dirs) {
      QCOMPARE(status(d), std::string("completed"));
      QCOMPARE(readAll(d + "/train.log").count("resuming at step"), 2);
    }
  }

  void bad_specs_are_one_line_naming_the_field() {
    const QString out = test::tempPath("grid-bad");
    const auto expect = [&](json spec, const char* part) {
      const QString path = writeSpec("bad.json", spec);
      test::expectCliError({"grid", "run", path}, 1, part);
      test::expectCliError({"grid", "run", path, "--dry-run"}, 1, part);
    };
    json s = baseSpec(out);
    s["algorithms"][1]["algo"] = "foo";
    expect(s, "algorithms[1].algo: unknown algorithm 'foo'");
    for (const json& seeds : {json::array(), json{-1}, json{0, 0}, json{"0"}, json(3)}) {
      s = baseSpec(out);
      s["seeds"] = seeds;
      expect(s, "seeds: must be a non-empty array of distinct non-negative integers");
    }
    s = baseSpec(out);
    s["datasets"][1] = "no-such-file.hdf5";
    expect(s, "datasets[1]: no such file");
    s = baseSpec(out);
    s["datasets"][1] = s["datasets"][0];
    expect(s, "datasets[1]: file name 'proj-1' repeats datasets[0]'s");
    s = baseSpec(out);
    s["sed"] = 1;
    expect(s, "sed: unknown key");
    s = baseSpec(out);
    s["algorithms"][0]["sets"] = json::array();
    expect(s, "algorithms[0].sets: unknown key");
    s = baseSpec(out);
    s["algorithms"][1]["label"] = "bc";
    expect(s, "algorithms[1].label: 'bc' repeats algorithms[0]'s");
    s = baseSpec(out);
    s["set"].push_back("vaco.alpha=0.01");
    expect(s, "set[10]: unknown setting 'vaco.alpha'");
    s = baseSpec(out);
    s["algorithms"][1]["set"] = {"vaco.policy_lr=-1"};
    expect(s, "algorithms[1] (vaco): ");
    s = baseSpec(out);
    s["algorithms"][0]["set"] = {"seed=3"};
    expect(s, "algorithms[0].set[0]: 'seed' is set by the grid itself");
    s = baseSpec(out);
    s["parallel"] = 0;
    expect(s, "parallel: must be a positive integer");
    s = baseSpec(out);
    s["share_value"] = "yes";
    expect(s, "share_value: must be true or false");
    s = baseSpec(out);
    s["batch_seeds"] = 1;
    expect(s, "batch_seeds: must be true or false");
    test::expectCliError({"grid", "run", writeSpec("bad-json.json", std::string("{\"seeds\": [0,"))}, 1,
                         "not valid JSON");
    test::expectCliError({"grid", "run", test::tempPath("none.json")}, 1, "cannot open");
    s = baseSpec(out);
    s.erase("out");
    test::expectCliError({"grid", "run", writeSpec("no-out.json", s)}, 2, "--out");
    test::expectCliError({"grid", "run", writeSpec("ok.json", baseSpec(out)), "--parallel", "0"}, 2, "--parallel");
    test::expectCliError({"grid", "report", test::tempPath("empty-dir-missing")}, 1, "cannot open");
    QVERIFY(!QDir(out).exists());
  }

  void a_part_of_the_spec_runs_alone() {
    // --datasets, --algorithms and --seeds narrow the spec before it is checked: a dataset left
    // out need not exist yet.
    const QString out = test::tempPath("grid-part");
    json s = baseSpec(out);
    s["datasets"].push_back(test::tempPath("not-made-yet.hdf5").toStdString());
    const QString spec = writeSpec("grid-part.json", s);
    test::expectCliError({"grid", "run", spec, "--dry-run"}, 1, "no such file");
    auto r = test::runCli({"grid", "run", spec, "--datasets", "proj-2", "--algorithms", "vaco", "--seeds", "1",
                           "--dry-run"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines[0].contains("--out " + (out + "/proj-2/vaco/seed-1").toUtf8()), r.out.constData());
    r = test::runCli({"grid", "run", spec, "--datasets", "proj-1", "--algorithms", "vaco,bc", "--seeds", "1,0",
                      "--dry-run"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    for (const QByteArray& l : lines) QVERIFY2(l.contains(out.toUtf8() + "/proj-1/"), l.constData());
    test::expectCliError({"grid", "run", spec, "--datasets", "proj-3", "--dry-run"}, 1,
                         "--datasets: 'proj-3' is not in the spec (it has proj-1, proj-2, not-made-yet)");
    test::expectCliError({"grid", "run", spec, "--datasets", "proj-1", "--algorithms", "iql"}, 1,
                         "--algorithms: 'iql' is not in the spec (it has bc, vaco)");
    test::expectCliError({"grid", "status", spec, "--datasets", "proj-1", "--seeds", "5"}, 1,
                         "--seeds: '5' is not in the spec (it has 0, 1)");
    QVERIFY(QDir().mkpath(out));
    test::expectCliError({"grid", "report", out, "--seeds", "0"}, 2, "need a grid spec");
  }

  void comments_and_relative_paths_in_the_spec() {
    // Paths are relative to the spec's folder; // comments are allowed.
    const QString dir = QFileInfo(datasets()[0]).absolutePath();
    const std::string text = R"({
      // a comment
      "out": "grid-rel",
      "datasets": ["proj-1.hdf5"],
      "algorithms": [{"algo": "td3bc"}],
      "seeds": [7],
      "set": ["steps=10", "hidden=16", "depth=1", "eval_episodes=0"]
    })";
    const QString spec = writeSpec("rel.json", text);
    QCOMPARE(QFileInfo(spec).absolutePath(), dir);
    const auto r = test::runCli({"grid", "run", spec, "--dry-run"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("--dataset " + (dir + "/proj-1.hdf5").toUtf8()), r.out.constData());
    QVERIFY2(r.out.contains("--out " + (dir + "/grid-rel/proj-1/td3bc/seed-7").toUtf8()), r.out.constData());
  }

  void shared_value_runs_feed_value_phase_algorithms() {
    const auto help = test::runCli({"train", "--help"});
    if (!help.out.contains("--value-from")) QSKIP("vaco train --value-from is not in this build yet");
    const QString out = test::tempPath("grid-v");
    json s = baseSpec(out);
    s["datasets"] = {datasets()[0].toStdString()};
    s["seeds"] = {0};
    s["share_value"] = true;
    s["algorithms"].push_back({{"label", "vaco-wide"}, {"algo", "vaco"}, {"set", {"hidden=32"}}});
    const QString spec = writeSpec("grid-v.json", s);
    const auto r = test::runCli({"grid", "run", spec});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    const QString value = out + "/proj-1/value/seed-0";
    QCOMPARE(status(value), std::string("completed"));
    QVERIFY(QFile::exists(value + "/value.pt"));
    QVERIFY(!QFile::exists(value + "/eval.csv") || train::read_eval_csv((value + "/eval.csv").toStdString()).empty());
    const auto config = [&](const char* label) {
      return train::load_config((out + "/proj-1/" + label + "/seed-0/config.json").toStdString());
    };
    QCOMPARE(QDir(QString::fromStdString(config("vaco").value_from)).absolutePath(), QDir(value).absolutePath());
    QVERIFY(config("bc").value_from.empty());
    // A different network width would not fit the shared critic: that run trains its own.
    QVERIFY(config("vaco-wide").value_from.empty());
    QVERIFY(r.out.indexOf("finished proj-1/value/seed-0") < r.out.indexOf("started proj-1/vaco/seed-0"));
    // The report leaves the value runs out.
    const auto rep = test::runCli({"grid", "report", out});
    QVERIFY2(rep.exit_code == 0, rep.err.constData());
    QCOMPARE(readCsv(out + "/report.csv").size(), size_t{3});
  }

  // batch_seeds: each dataset x label's seeds train in one `vaco train --seeds` process, the
  // shared critics too, and give what the seed-by-seed grid gives; a rerun batches what is left
  // in the same state (two resumable seeds together, a lone fresh seed alone).
  void batched_seeds_train_like_separate_runs() {
    json s = baseSpec(test::tempPath("grid-apart"));
    s["datasets"] = {datasets()[0].toStdString()};
    s["share_value"] = true;
    auto r = test::runCli({"grid", "run", writeSpec("grid-apart.json", s)});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    const QString apart = test::tempPath("grid-apart/proj-1"), out = test::tempPath("grid-together");
    s["out"] = out.toStdString();
    s["batch_seeds"] = true;
    const QString spec = writeSpec("grid-together.json", s);
    r = test::runCli({"grid", "run", spec, "--dry-run"});
    QVERIFY2(r.out.contains("--seeds 0,1 --out " + (out + "/proj-1/vaco").toUtf8()), r.out.constData());
    QVERIFY2(r.out.contains("--value-from " + (out + "/proj-1/value").toUtf8() + "   # after proj-1/value/seeds-0,1"),
             r.out.constData());
    r = test::runCli({"grid", "run", spec});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("grid: seeds batched: 6 runs in 3 processes") && r.out.contains("[6/6 done"),
             r.out.constData());
    QVERIFY(r.out.indexOf("finished proj-1/value/seeds-0,1") < r.out.indexOf("started proj-1/vaco/seeds-0,1"));
    QVERIFY(readAll(out + "/proj-1/vaco/train.log").contains("seeds 0,1 batched"));
    for (const char* label : {"bc", "vaco"})
      for (int seed : {0, 1}) {
        const QString rel = QString("/%1/seed-%2").arg(label).arg(seed);
        QCOMPARE(status(out + "/proj-1" + rel), std::string("completed"));
        const auto together = train::read_eval_csv((out + "/proj-1" + rel + "/eval.csv").toStdString());
        const auto alone = train::read_eval_csv((apart + rel + "/eval.csv").toStdString());
        QCOMPARE(together.size(), alone.size());
        for (size_t k = 0; k < alone.size(); ++k)
          QVERIFY2(std::abs(together[k].score_mean - alone[k].score_mean) < 1e-3,
                   qPrintable(rel + QString(": %1 batched, %2 alone").arg(together[k].score_mean).arg(alone[k].score_mean)));
      }
    // Each seed took its own seed's shared critic from the batched value run's folder.
    const auto vacoConfig = train::load_config((out + "/proj-1/vaco/seed-1/config.json").toStdString());
    QCOMPARE(QDir(QString::fromStdString(vacoConfig.value_from)).absolutePath(), QDir(out + "/proj-1/value").absolutePath());
    QVERIFY(QFile::exists(out + "/proj-1/value/seed-1/value.pt"));

    // Both vaco seeds left half-done, bc's seed 1 gone: one batched resume, one fresh single run.
    for (int seed : {0, 1}) QVERIFY(cutFinishedLine(out + QString("/proj-1/vaco/seed-%1").arg(seed)));
    QVERIFY(QDir(out + "/proj-1/bc/seed-1").removeRecursively());
    r = test::runCli({"grid", "run", spec, "--dry-run"});
    QVERIFY2(r.out.contains("train --seeds 0,1 --resume " + (out + "/proj-1/vaco").toUtf8()), r.out.constData());
    r = test::runCli({"grid", "run", spec});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("3 runs in 2 processes") && r.out.contains("3 already completed (skipped), 2 to resume, 1 to start"),
             r.out.constData());
    QVERIFY(r.out.contains("started proj-1/vaco/seeds-0,1 (resuming)") && r.out.contains("started proj-1/bc/seed-1 ["));
    for (const char* label : {"bc", "vaco"})
      for (int seed : {0, 1}) QCOMPARE(status(out + QString("/proj-1/%1/seed-%2").arg(label).arg(seed)), std::string("completed"));
    QVERIFY(readAll(out + "/proj-1/vaco/train.log").contains("seed 1: resuming at step"));
  }

  // --slurm with a fake sbatch and sacct on the PATH: the plan, the script and two submissions
  // (the shared value runs, then the rest after them); `grid task` runs, skips and resumes runs;
  // `grid status` reads sacct's states; without sbatch, one line says so.
  void slurm_submission_task_and_status() {
    const QString out = test::tempPath("grid-slurm");
    json spec = baseSpec(out);
    spec["datasets"] = {datasets()[0].toStdString()};
    spec["share_value"] = true;
    spec["slurm"] = {{"mem", "2G"}};
    const QString specFile = writeSpec("grid-slurm.json", spec);
    const QString bin = test::tempPath("fake-slurm-bin"), calls = bin + "/sbatch-calls";
    QVERIFY(QDir().mkpath(bin));
    const auto script = [&](const QString& name, const QByteArray& body) {
      QFile f(bin + "/" + name);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("#!/bin/sh\n" + body);
      f.close();
      f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    };
    script("sbatch", QByteArray("echo \"$@\" >> '") + calls.toUtf8() + "'\necho \"$((4099 + $(wc -l < '" + calls.toUtf8() +
                         "')));cluster\"\n");
    script("sacct", QByteArray("cat '") + VACO_TESTS_DIR "/fixtures/sacct-grid.txt'\n");
    const QByteArray oldPath = qgetenv("PATH");
    const QString noSlurm = test::tempPath("no-slurm-bin");  // a PATH without Slurm's commands
    QVERIFY(QDir().mkpath(noSlurm));

    qputenv("PATH", noSlurm.toUtf8());
    test::expectCliError({"grid", "run", specFile, "--slurm"}, 1, "no sbatch on the PATH");
    qputenv("PATH", bin.toUtf8() + ":" + oldPath);
    auto r = test::runCli({"grid", "run", specFile, "--slurm", "--time", "00:10:00", "--dry-run"});
    QVERIFY2(r.exit_code == 0 && r.out.contains("#SBATCH --time=00:10:00") && r.out.contains("--dependency=afterok:"),
             r.out.constData());
    QVERIFY(!QFile::exists(calls) && !QDir(out + "/slurm").exists());
    test::expectCliError({"grid", "run", specFile, "--slurm", "--cpus-per-task", "0"}, 2, "--cpus-per-task: ");
    r = test::runCli({"grid", "run", specFile, "--slurm", "--time", "00:10:00"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("submitted job 4100: 2 run(s), array 0-1") && r.out.contains("submitted job 4101: 4 run(s), array 2-5 (after job 4100)"),
             r.out.constData());
    const QString sbatchFile = out + "/slurm/grid.sbatch", plan = out + "/slurm/plan.json";
    const QList<QByteArray> submitted = readAll(calls).trimmed().split('\n');
    QCOMPARE(submitted.size(), 2);
    QCOMPARE(submitted[0], ("--parsable --array=0-1 " + sbatchFile).toUtf8());
    QCOMPARE(submitted[1], ("--parsable --array=2-5 --dependency=afterok:4100 " + sbatchFile).toUtf8());
    QCOMPARE(readAll(out + "/slurm/jobs"), QByteArray("4100\n4101\n"));
    const QByteArray sbatch = readAll(sbatchFile);
    QVERIFY(sbatch.contains("#SBATCH --mem=2G\n") && sbatch.contains("#SBATCH --time=00:10:00\n"));
    QVERIFY(sbatch.contains(" grid task " + plan.toUtf8() + " \"$SLURM_ARRAY_TASK_ID\""));

    // The tasks, as the cluster would run them: plan order is value seeds 0-1, then bc 0-1, vaco 0-1.
    test::expectCliError({"grid", "task", plan, "4"}, 1, "its value run");
    r = test::runCli({"grid", "task", plan, "0"});
    QVERIFY2(r.exit_code == 0 && r.out.contains("task 0: ") && r.out.contains("starting"), r.out.constData());
    r = test::runCli({"grid", "task", plan, "4"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    const QString vacoRun = out + "/proj-1/vaco/seed-0";
    QCOMPARE(status(vacoRun), std::string("completed"));
    r = test::runCli({"grid", "task", plan, "4"});
    QVERIFY2(r.out.contains("completed, skipped"), r.out.constData());
    // Left half-done (its end cut off, checkpoints kept): the task resumes it.
    QVERIFY(cutFinishedLine(vacoRun));
    r = test::runCli({"grid", "task", plan, "4"});
    QVERIFY2(r.exit_code == 0 && r.out.contains("resuming"), r.out.constData());
    QCOMPARE(status(vacoRun), std::string("completed"));
    QVERIFY(readAll(vacoRun + "/train.log").contains("resuming at step"));
    test::expectCliError({"grid", "task", plan, "9"}, 1, "no run 9");

    // Status: runs 0 and 4 are done by their folders; sacct says 1 FAILED, 2 RUNNING, 3 CANCELLED, 5 PENDING.
    r = test::runCli({"grid", "status", out});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("grid: 6 runs: 2 done, 1 running, 1 pending, 2 failed; from sacct"), r.out.constData());
    QVERIFY(QRegularExpression("proj-1/bc/seed-0 +running").match(QString::fromUtf8(r.out)).hasMatch());
    // Without sacct or squeue: from the folders alone.
    qputenv("PATH", noSlurm.toUtf8());
    r = test::runCli({"grid", "status", specFile});
    qputenv("PATH", oldPath);
    QVERIFY2(r.out.contains("grid: 6 runs: 2 done, 4 not started; from the run folders (no sacct or squeue"), r.out.constData());
  }
};

QTEST_APPLESS_MAIN(Grid)
#include "test_grid.moc"
