// Writer -> reader round trip for every storage variant of d4rl-format.md.
#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "tests/support/test_support.h"

#include <QFile>
#include <QTest>

using namespace vaco;

Q_DECLARE_METATYPE(vaco::FloatStorage)
Q_DECLARE_METATYPE(vaco::FlagStorage)

class D4rlRoundTrip : public QObject {
  Q_OBJECT
 private slots:
  void variants_data() {
    QTest::addColumn<FloatStorage>("floats");
    QTest::addColumn<FlagStorage>("flags");
    QTest::addColumn<bool>("timeouts");
    QTest::addColumn<int>("gzip");
    QTest::addColumn<QString>("dtype");
    QTest::newRow("f32 bool-enum") << FloatStorage::Float32 << FlagStorage::BoolEnum << true << 0 << "float32";
    QTest::newRow("f64 bool-enum") << FloatStorage::Float64 << FlagStorage::BoolEnum << true << 0 << "float64";
    QTest::newRow("f32 uint8") << FloatStorage::Float32 << FlagStorage::UInt8 << true << 0 << "float32";
    QTest::newRow("f32 int32") << FloatStorage::Float32 << FlagStorage::Int32 << true << 0 << "float32";
    QTest::newRow("f64 float-flags") << FloatStorage::Float64 << FlagStorage::Float32 << true << 0 << "float64";
    QTest::newRow("v0 no timeouts") << FloatStorage::Float32 << FlagStorage::BoolEnum << false << 0 << "float32";
    QTest::newRow("gzip chunked") << FloatStorage::Float64 << FlagStorage::UInt8 << true << 4 << "float64";
  }

  void variants() {
    QFETCH(FloatStorage, floats);
    QFETCH(FlagStorage, flags);
    QFETCH(bool, timeouts);
    QFETCH(int, gzip);
    QFETCH(QString, dtype);
    Dataset in = test::makeSmallDataset(60, 4, 2, 10);
    in.next_observations = in.observations + 0.5;
    in.infos["infos/qpos"] = in.observations * 2.0;
    const QString path = test::tempPath(QString("rt-%1.hdf5").arg(QTest::currentDataTag()).replace(' ', '_'));
    WriteOptions opt;
    opt.floats = floats;
    opt.flags = flags;
    opt.write_timeouts = timeouts;
    opt.gzip_level = gzip;
    write_d4rl(in, path.toStdString(), opt);

    const Dataset out = read_d4rl(path.toStdString());
    QCOMPARE(out.size(), 60);
    QCOMPARE(out.obs_dim(), 4);
    QCOMPARE(out.act_dim(), 2);
    QCOMPARE(QString::fromStdString(out.stored_dtype), dtype);
    QCOMPARE(out.observations.scalar_type(), torch::kFloat32);
    QVERIFY(torch::equal(out.observations, in.observations));
    QVERIFY(torch::allclose(out.actions, in.actions));
    QVERIFY(torch::allclose(out.rewards, in.rewards));
    QVERIFY(torch::equal(out.terminals, in.terminals));
    QVERIFY(out.has_next_observations());
    QVERIFY(torch::allclose(out.next_observations, in.next_observations));
    // The simulator state keeps float64 where the file stores it so (Float64 storage), else float32.
    const torch::Tensor qpos = out.infos.at("infos/qpos");
    QCOMPARE(qpos.scalar_type(), floats == FloatStorage::Float64 ? torch::kFloat64 : torch::kFloat32);
    QVERIFY(torch::allclose(qpos.to(torch::kFloat32), in.infos.at("infos/qpos")));
    QVERIFY(torch::equal(out.infos.at("infos/label"), in.infos.at("infos/label").to(torch::kFloat32)));
    QCOMPARE(out.has_timeouts, timeouts);
    if (timeouts) {
      QVERIFY(torch::equal(out.timeouts, in.timeouts));
      QCOMPARE(out.episodes.size(), size_t(6));
    } else {
      // Without timeouts only the terminal rows (odd episodes) end an episode.
      QVERIFY(out.timeouts.sum().item<float>() == 0.0f);
      QCOMPARE(out.episodes.size(), size_t(3));
    }
  }

  void v0_step_limit_recovers_timeouts() {
    Dataset in = test::makeSmallDataset(60, 2, 1, 10);
    const QString path = test::tempPath("v0-limit.hdf5");
    WriteOptions opt;
    opt.write_timeouts = false;
    write_d4rl(in, path.toStdString(), opt);
    ReadOptions ro;
    ro.max_episode_steps = 10;
    const Dataset out = read_d4rl(path.toStdString(), ro);
    QVERIFY(!out.has_timeouts);
    QVERIFY(torch::equal(out.timeouts, in.timeouts));
    QCOMPARE(out.episodes.size(), size_t(6));
  }

  void info_keys_pick_the_infos_read() {
    Dataset in = test::makeSmallDataset(40, 2, 1, 10);
    in.infos["infos/qpos"] = torch::rand({40, 3}, torch::kFloat64);
    const QString path = test::tempPath("info-keys.hdf5");
    write_d4rl(in, path.toStdString());
    QCOMPARE(read_d4rl(path.toStdString()).infos.size(), size_t(2));
    ReadOptions ro;
    ro.info_keys = {"infos/qpos", "infos/not-in-the-file"};
    const Dataset out = read_d4rl(path.toStdString(), ro);
    QCOMPARE(out.infos.size(), size_t(1));
    QVERIFY(torch::equal(out.infos.at("infos/qpos"), in.infos.at("infos/qpos")));
  }

  void same_dataset_gives_same_bytes() {
    const Dataset ds = test::makeSmallDataset();
    const QString a = test::tempPath("same-a.hdf5"), b = test::tempPath("same-b.hdf5");
    write_d4rl(ds, a.toStdString());
    write_d4rl(ds, b.toStdString());
    QFile fa(a), fb(b);
    QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
    QCOMPARE(fa.readAll(), fb.readAll());
  }

  void writer_leaves_no_partial_file_on_failure() {
    const Dataset ds = test::makeSmallDataset();
    const QString path = test::tempPath("no-such-dir/x.hdf5");
    bool threw = false;
    try {
      write_d4rl(ds, path.toStdString());
    } catch (const Error& e) {
      threw = true;
      QVERIFY(QString(e.what()).contains("no-such-dir/x.hdf5"));
    }
    QVERIFY(threw);
    QVERIFY(!QFile::exists(path));
  }

  void env_name_attribute_round_trips() {
    Dataset ds = test::makeSmallDataset();
    ds.env_name = "hopper";
    const QString path = test::tempPath("named.hdf5");
    write_d4rl(ds, path.toStdString());
    QCOMPARE(QString::fromStdString(read_d4rl(path.toStdString()).env_name), QString("hopper"));
  }
};

QTEST_APPLESS_MAIN(D4rlRoundTrip)
#include "test_d4rl_roundtrip.moc"
