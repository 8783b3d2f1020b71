// RunDir: run.json written and read back, its errors, and what a rerun does with a folder.
#include "core/train/run_dir.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <QTemporaryDir>
#include <QTest>

#include "core/train/checkpoint.h"
#include "core/train/config_fields.h"
#include "core/util/error.h"
#include "tests/support/test_support.h"

using namespace vaco::train;
namespace fs = std::filesystem;

class RunDirTest : public QObject {
  Q_OBJECT
 private slots:
  void names_its_files() {
    const RunDir d("/runs/a");
    QCOMPARE(QString::fromStdString(d.config_json()), QString("/runs/a/config.json"));
    QCOMPARE(QString::fromStdString(d.run_json()), QString("/runs/a/run.json"));
    QCOMPARE(QString::fromStdString(d.metrics_jsonl()), QString("/runs/a/metrics.jsonl"));
    QCOMPARE(QString::fromStdString(d.eval_csv()), QString("/runs/a/eval.csv"));
    QCOMPARE(QString::fromStdString(d.value_pt()), QString("/runs/a/value.pt"));
    QCOMPARE(QString::fromStdString(d.checkpoints()), QString("/runs/a/checkpoints"));
    QCOMPARE(QString::fromStdString(d.snapshots()), QString("/runs/a/snapshots"));
  }

  void offline_info_round_trips() {
    QTemporaryDir tmp;
    const RunDir d(tmp.filePath("run/nested").toStdString());
    d.create();
    d.write_info({.dataset = "hopper-medium", .dataset_path = "/data/h.hdf5", .env_id = "hopper", .obs_dim = 11,
                  .act_dim = 3});
    const RunInfo back = d.read_info();
    QVERIFY(back.kind.empty());
    QCOMPARE(QString::fromStdString(back.dataset), QString("hopper-medium"));
    QCOMPARE(QString::fromStdString(back.dataset_path), QString("/data/h.hdf5"));
    QCOMPARE(QString::fromStdString(back.env_id), QString("hopper"));
    QCOMPARE(back.obs_dim, int64_t(11));
    QCOMPARE(back.act_dim, int64_t(3));
    // The file keeps the keys other tools read.
    const nlohmann::json j = read_json_file(d.run_json());
    QCOMPARE(QString::fromStdString(j.at("dataset_path").get<std::string>()), QString("/data/h.hdf5"));
    QVERIFY(!j.contains("kind"));
  }

  void sac_info_says_its_kind() {
    QTemporaryDir tmp;
    const RunDir d(tmp.path().toStdString());
    d.write_info({.kind = "sac", .env_id = "walker2d", .obs_dim = 17, .act_dim = 6});
    const nlohmann::json j = read_json_file(d.run_json());
    QCOMPARE(QString::fromStdString(j.at("kind").get<std::string>()), QString("sac"));
    QVERIFY(!j.contains("dataset"));
    QCOMPARE(QString::fromStdString(d.read_info().kind), QString("sac"));
    QCOMPARE(d.info_if_any()->obs_dim, int64_t(17));
  }

  void bad_run_json_is_named() {
    QTemporaryDir tmp;
    const RunDir d(tmp.path().toStdString());
    QVERIFY(vaco::test::errorOf([&] { d.read_info(); }).find("no run.json") != std::string::npos);
    QVERIFY(!d.info_if_any());
    vaco::test::writeText(d.run_json(), "{\"env_id\": ");
    QVERIFY(vaco::test::errorOf([&] { d.read_info(); }).find(d.run_json()) != std::string::npos);
    QVERIFY(!d.info_if_any());
    vaco::test::writeText(d.run_json(), "[1, 2]");
    QVERIFY(vaco::test::errorOf([&] { d.read_info(); }).find(d.run_json()) != std::string::npos);
    vaco::test::writeText(d.run_json(), "{\"obs_dim\": \"eleven\"}");
    QVERIFY(vaco::test::errorOf([&] { d.read_info(); }).find(d.run_json()) != std::string::npos);
  }

  void create_names_a_folder_it_cannot_make() {
    QTemporaryDir tmp;
    vaco::test::writeText(tmp.filePath("file").toStdString(), "x");
    const RunDir d(tmp.filePath("file/run").toStdString());
    QVERIFY(vaco::test::errorOf([&] { d.create(); }).find("cannot create the run directory") != std::string::npos);
  }

  void state_decides_skip_resume_or_afresh() {
    QTemporaryDir tmp;
    const RunDir missing(tmp.filePath("none").toStdString());
    QVERIFY(missing.state() == RunDirState::Fresh);
    QVERIFY(!missing.has_metrics());

    const RunDir started(tmp.filePath("started").toStdString());
    vaco::test::writeText(started.metrics_jsonl(), "{\"type\":\"metrics\",\"step\":10,\"phase\":\"policy\",\"values\":{}}\n");
    QVERIFY(started.has_metrics());
    QVERIFY(started.state() == RunDirState::Fresh);  // started, no checkpoint: afresh
    vaco::test::writeText((fs::path(started.checkpoints()) / checkpoint_file_name(10)).string(), "x");
    QVERIFY(started.state() == RunDirState::Resumable);

    const RunDir old_layout(tmp.filePath("old").toStdString());
    vaco::test::writeText(old_layout.legacy_checkpoint(), "x");
    QVERIFY(old_layout.state() == RunDirState::Resumable);

    const RunDir done(tmp.filePath("done").toStdString());
    vaco::test::writeText(done.metrics_jsonl(), "{\"type\":\"finished\",\"status\":\"completed\"}\n");
    vaco::test::writeText((fs::path(done.checkpoints()) / checkpoint_file_name(10)).string(), "x");
    QVERIFY(done.state() == RunDirState::Completed);

    const RunDir interrupted(tmp.filePath("interrupted").toStdString());
    vaco::test::writeText(interrupted.metrics_jsonl(), "{\"type\":\"finished\",\"status\":\"interrupted\"}\n");
    vaco::test::writeText((fs::path(interrupted.checkpoints()) / checkpoint_file_name(10)).string(), "x");
    QVERIFY(interrupted.state() == RunDirState::Resumable);
  }
};

QTEST_GUILESS_MAIN(RunDirTest)
#include "test_run_dir.moc"
