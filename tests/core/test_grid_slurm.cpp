// Grids on Slurm without a cluster: the sbatch script against a golden file, --array ranges,
// sacct's output read back, the plan file, the spec's "slurm" object and each run's status.
#include "core/train/grid_slurm.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <QTemporaryDir>
#include <QTest>

#include "core/train/checkpoint.h"
#include "core/train/run_dir.h"
#include "core/util/error.h"
#include "tests/support/test_support.h"

using namespace vaco::train;
namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

class GridSlurmTest : public QObject {
  Q_OBJECT
 private slots:
  void script_matches_the_golden_file() {
    const SlurmOptions o{.partition = "gpu", .account = "lab", .time = "04:00:00", .mem = "8G", .gpus_per_task = 1,
                         .extra = {"--qos=long"}};
    const std::string script = sbatch_script(o, 2, "vaco-scorecard", "/opt/vaco/bin/vaco", "/shared/runs/scorecard");
    QCOMPARE(QString::fromStdString(script),
             QString::fromStdString(read_text(VACO_TESTS_DIR "/fixtures/grid.sbatch.golden")));
    // Without options: the spec's threads as CPUs, nothing else asked for.
    const std::string plain = sbatch_script(SlurmOptions{}, 3, "g", "/v", "/o");
    QVERIFY(plain.find("--cpus-per-task=3\n") != std::string::npos);
    QVERIFY(plain.find("--partition") == std::string::npos && plain.find("--gpus") == std::string::npos);
    QVERIFY(vaco::test::errorOf([] { sbatch_script(SlurmOptions{}, 1, "g", "/v", "/my runs"); }).find("white space") != std::string::npos);
  }

  void array_ranges_compress_runs_of_indices() {
    QCOMPARE(QString::fromStdString(array_ranges({0, 1, 2, 3, 5, 7, 8})), QString("0-3,5,7-8"));
    QCOMPARE(QString::fromStdString(array_ranges({4})), QString("4"));
    QCOMPARE(QString::fromStdString(array_ranges({})), QString(""));
  }

  void sacct_output_reads_back_by_task() {
    const auto s = parse_sacct(read_text(VACO_TESTS_DIR "/fixtures/sacct-grid.txt"));
    QCOMPARE(s.size(), size_t{8});
    QCOMPARE(QString::fromStdString(s.at(0)), QString("COMPLETED"));
    QCOMPARE(QString::fromStdString(s.at(1)), QString("FAILED"));
    QCOMPARE(QString::fromStdString(s.at(2)), QString("RUNNING"));
    QCOMPARE(QString::fromStdString(s.at(3)), QString("CANCELLED"));
    QCOMPARE(QString::fromStdString(s.at(4)), QString("PENDING"));  // requeued after its time limit
    for (int i : {5, 6, 7}) QCOMPARE(QString::fromStdString(s.at(i)), QString("PENDING"));
    QVERIFY(parse_sacct("garbage\n4200|RUNNING\n").empty());
  }

  void plan_file_round_trips() {
    QTemporaryDir tmp;
    const std::vector<GridRun> runs{
        {.dataset = "/d/h.hdf5", .stem = "h", .label = "value", .algo = "iql", .seed = 0, .dir = "/o/h/value/seed-0",
         .args = {"train", "--algo", "iql"}},
        {.dataset = "/d/h.hdf5", .stem = "h", .label = "vaco", .algo = "vaco", .seed = 0, .dir = "/o/h/vaco/seed-0",
         .args = {"train", "--algo", "vaco", "--value-from", "/o/h/value/seed-0"}, .value_run = 0}};
    const std::string plan = tmp.filePath("plan.json").toStdString();
    write_plan_file(runs, plan);
    const std::vector<GridRun> back = read_plan_file(plan);
    QCOMPARE(back.size(), size_t{2});
    QCOMPARE(back[1].value_run, 0);
    QVERIFY(back[1].args == runs[1].args);
    QCOMPARE(QString::fromStdString(back[1].dir), QString("/o/h/vaco/seed-0"));
    vaco::test::writeText(plan, "{\"runs\": [{\"dir\": 3}]}");
    QVERIFY(vaco::test::errorOf([&] { read_plan_file(plan); }).find("not a grid plan") != std::string::npos);
  }

  void slurm_options_are_checked() {
    SlurmOptions o;
    set_slurm_option(o, "time", "1-00:00:00");
    set_slurm_option(o, "mem", "16G");
    set_slurm_option(o, "cpus_per_task", "4");
    QCOMPARE(o.cpus_per_task, int64_t(4));
    QVERIFY(vaco::test::errorOf([&] { set_slurm_option(o, "mem", "lots"); }).rfind("mem: must be a size", 0) == 0);
    QVERIFY(vaco::test::errorOf([&] { set_slurm_option(o, "mem", "8G8"); }).rfind("mem: ", 0) == 0);
    QVERIFY(vaco::test::errorOf([&] { set_slurm_option(o, "cpus_per_task", "0"); }).rfind("cpus_per_task: ", 0) == 0);
    QVERIFY(vaco::test::errorOf([&] { set_slurm_option(o, "partition", "a b"); }).rfind("partition: ", 0) == 0);
    QVERIFY(vaco::test::errorOf([&] { set_slurm_option(o, "extra", "--x=$(rm -rf)"); }).rfind("extra: ", 0) == 0);
    QVERIFY(vaco::test::errorOf([&] { set_slurm_option(o, "nodes", "2"); }).find("unknown key") != std::string::npos);
    // In a spec: one line naming the field.
    const std::string e = vaco::test::errorOf([&] { grid_spec_from_json({{"slurm", {{"time", "soon"}}}}, "s.json", ""); });
    QVERIFY2(e.find("slurm.time: must be a Slurm time") != std::string::npos, e.c_str());
  }

  void status_comes_from_the_folder_then_the_cluster() {
    QTemporaryDir tmp;
    const GridRun run{.label = "bc", .dir = tmp.filePath("run").toStdString(), .args = {"train"}};
    const RunDir dir(run.dir);
    QVERIFY(task_status(run, "") == TaskStatus::NotStarted);
    QVERIFY(task_status(run, "PENDING") == TaskStatus::Pending);
    vaco::test::writeText(dir.metrics_jsonl(), "{\"type\":\"metrics\",\"step\":10,\"phase\":\"policy\",\"values\":{}}\n");
    QVERIFY(task_status(run, "") == TaskStatus::Running);  // written just now
    QVERIFY(task_status(run, "", true) == TaskStatus::Started);  // the cluster does not list it
    const auto age = [&](int seconds) {
      fs::last_write_time(dir.metrics_jsonl(), fs::file_time_type::clock::now() - std::chrono::seconds(seconds));
    };
    age(600);
    QVERIFY(task_status(run, "") == TaskStatus::Started);
    QVERIFY(task_status(run, "RUNNING") == TaskStatus::Running);
    QVERIFY(task_status(run, "FAILED") == TaskStatus::Failed);
    vaco::test::writeText((fs::path(dir.checkpoints()) / checkpoint_file_name(10)).string(), "x");
    QVERIFY(task_status(run, "TIMEOUT") == TaskStatus::Stopped);  // resumes on the next submission
    age(600);
    QVERIFY(task_status(run, "") == TaskStatus::Stopped);
    vaco::test::writeText(dir.metrics_jsonl(), "{\"type\":\"finished\",\"status\":\"completed\"}\n");
    QVERIFY(task_status(run, "RUNNING") == TaskStatus::Done);
    QCOMPARE(QString(task_status_name(TaskStatus::NotStarted)), QString("not started"));
  }
};

QTEST_GUILESS_MAIN(GridSlurmTest)
#include "test_grid_slurm.moc"
