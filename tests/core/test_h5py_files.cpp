// Files written by h5py (the way users' files are made) read correctly, and h5py reads ours.
#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "core/data/transitions.h"
#include "core/datagen/projectile_datagen.h"
#include "tests/support/test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vaco;

class H5pyFiles : public QObject {
  Q_OBJECT
  QString dir_;
  Dataset expected_ = test::makeSmallDataset(50, 3, 2, 10);

  Dataset load(const QString& name, const ReadOptions& opt = {}) {
    return read_d4rl((dir_ + "/" + name).toStdString(), opt);
  }

 private slots:
  void initTestCase() {
    dir_ = test::tempPath("h5py");
    const auto r = test::runFixtureScript("make_h5py_files.py", {dir_});
    QVERIFY2(r.exit_code == 0, r.err.constData());
  }

  void bool_enum_v2_file() {
    const Dataset ds = load("v2_bool.hdf5");
    QCOMPARE(ds.size(), 50);
    QCOMPARE(QString::fromStdString(ds.stored_dtype), QString("float32"));
    QVERIFY(torch::equal(ds.observations, expected_.observations));
    QVERIFY(torch::allclose(ds.actions, expected_.actions));
    QVERIFY(torch::equal(ds.terminals, expected_.terminals));
    QVERIFY(torch::equal(ds.timeouts, expected_.timeouts));
    QCOMPARE(ds.episodes.size(), size_t(5));
    // Numeric infos are loaded; the string one is skipped with a warning; unknown keys ignored.
    QVERIFY(ds.infos.count("infos/qpos"));
    QVERIFY(ds.infos.count("infos/action_log_probs"));
    QVERIFY(!ds.infos.count("infos/note"));
    // h5py stores it as float64: the simulator state stays float64.
    QCOMPARE(ds.infos.at("infos/qpos").scalar_type(), torch::kFloat64);
    QVERIFY(torch::allclose(ds.infos.at("infos/qpos").to(torch::kFloat32), expected_.observations * 2.0));
    QVERIFY(std::find(ds.keys.begin(), ds.keys.end(), "something/else") != ds.keys.end());
    bool warned = false;
    for (const auto& w : ds.warnings) warned = warned || w.find("infos/note") != std::string::npos;
    QVERIFY(warned);
  }

  void float64_replay_file() {
    const Dataset ds = load("replay_f64.hdf5");
    QCOMPARE(QString::fromStdString(ds.stored_dtype), QString("float64"));
    QCOMPARE(ds.observations.scalar_type(), torch::kFloat32);
    QVERIFY(torch::equal(ds.observations, expected_.observations));
    QVERIFY(torch::allclose(ds.rewards, expected_.rewards));
  }

  void v0_file_without_timeouts() {
    const Dataset ds = load("v0_no_timeouts.hdf5");
    QVERIFY(!ds.has_timeouts);
    QCOMPARE(ds.timeouts.sum().item<float>(), 0.0f);
    QCOMPARE(ds.episodes.size(), size_t(3));  // terminals at rows 19, 39, then a tail
    ReadOptions opt;
    opt.max_episode_steps = 10;
    QCOMPARE(load("v0_no_timeouts.hdf5", opt).episodes.size(), size_t(5));
  }

  void no_final_flag_counts_tail() {
    const Dataset ds = load("no_final_flag.hdf5");
    QCOMPARE(ds.episodes.size(), size_t(3));
    QCOMPARE(ds.episodes.back().start, 20);
    QCOMPARE(ds.episodes.back().length, 5);
    QCOMPARE(ds.episodes.back().end, EpisodeEnd::EndOfFile);
    QCOMPARE(ds.episodes.back().ret, 2.0 + 2.1 + 2.2 + 2.3 + 2.4);
    QVERIFY(!ds.warnings.empty());
  }

  void integer_and_float_flags() {
    const Dataset a = load("int_flags.hdf5");
    QVERIFY(torch::equal(a.terminals, expected_.terminals));
    QVERIFY(torch::equal(a.timeouts, expected_.timeouts));
    QVERIFY(a.has_next_observations());
    QVERIFY(torch::allclose(a.next_observations, expected_.observations + 0.5));
    const Dataset b = load("uint8_flags.hdf5");
    QVERIFY(torch::equal(b.terminals, expected_.terminals));
  }

  void h5py_reads_our_files_like_d4rl() {
    const Dataset ds = generate_projectile_dataset({.samples = 500, .seed = 3});
    Dataset mixed = test::makeSmallDataset(57, 3, 2, 10);  // ends without a final flag
    for (const auto& [name, in] : {std::pair{"ours-projectile.hdf5", ds}, std::pair{"ours-small.hdf5", mixed}}) {
      const QString path = test::tempPath(name);
      write_d4rl(in, path.toStdString());
      const auto r = test::runFixtureScript("read_with_h5py.py", {path});
      QVERIFY2(r.exit_code == 0, r.err.constData());
      const QJsonObject j = QJsonDocument::fromJson(r.out).object();
      QCOMPARE(j["dtypes"].toObject()["terminals"].toString(), QString("bool"));
      QCOMPARE(j["dtypes"].toObject()["observations"].toString(), QString("float32"));
      QCOMPARE(j["shapes"].toObject()["observations"].toArray()[0].toInt(), int(in.size()));
      QVERIFY(qAbs(j["sums"].toObject()["rewards"].toDouble() - in.rewards.to(torch::kFloat64).sum().item<double>()) < 1e-6);
      const Transitions t = make_transitions(read_d4rl(path.toStdString()));
      QCOMPARE(j["transitions"].toInt(), int(t.size()));
      QCOMPARE(j["transition_done_sum"].toDouble(), t.dones.to(torch::kFloat64).sum().item<double>());
      QVERIFY(qAbs(j["next_obs_sum"].toDouble() - t.next_observations.to(torch::kFloat64).sum().item<double>()) < 1e-6);
    }
  }
};

QTEST_APPLESS_MAIN(H5pyFiles)
#include "test_h5py_files.moc"
