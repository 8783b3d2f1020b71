// The `vaco` CLI: dataset info/validate, datagen, --help everywhere, exit codes, one-line errors.
#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "tests/support/test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace vaco;

class Cli : public QObject {
  Q_OBJECT
 private slots:
  void info_json_has_the_documented_keys() {
    Dataset ds = test::makeSmallDataset(57, 3, 2, 10);  // 5 flagged episodes + a 7-row tail
    const QString path = test::tempPath("cli-info.hdf5");
    write_d4rl(ds, path.toStdString());
    const auto r = test::runCli({"dataset", "info", path, "--json"});
    QCOMPARE(r.exit_code, 0);
    const QJsonObject j = QJsonDocument::fromJson(r.out).object();
    for (const char* key : {"rows", "obs_dim", "act_dim", "dtype", "episodes", "return_min", "return_mean",
                            "return_max", "length_min", "length_mean", "length_max", "terminals", "timeouts", "has_timeouts", "has_next_observations",
                            "keys", "warnings"}) {
      QVERIFY2(j.contains(key), key);
    }
    QCOMPARE(j["rows"].toInt(), 57);
    QCOMPARE(j["obs_dim"].toInt(), 3);
    QCOMPARE(j["act_dim"].toInt(), 2);
    QCOMPARE(j["dtype"].toString(), QString("float32"));
    QCOMPARE(j["episodes"].toInt(), 6);
    QCOMPARE(j["terminals"].toInt(), 2);
    QCOMPARE(j["timeouts"].toInt(), 3);
    QCOMPARE(j["has_timeouts"].toBool(), true);
    QCOMPARE(j["has_next_observations"].toBool(), false);
    QCOMPARE(j["warnings"].toArray().size(), 1);
    // Returns: rewards i/10 summed per episode; first episode rows 0..9 = 4.5, tail rows 50..56 (37.1); the largest is rows 40..49 (44.5).
    QVERIFY(qAbs(j["return_min"].toDouble() - 4.5) < 1e-4);
    QVERIFY(qAbs(j["return_max"].toDouble() - 44.5) < 1e-4);
    QVERIFY(qAbs(j["return_mean"].toDouble() - (0.1 * 56 * 57 / 2) / 6) < 1e-4);
    // Lengths: five episodes of 10 rows and the 7-row tail.
    QCOMPARE(j["length_min"].toInt(), 7);
    QCOMPARE(j["length_max"].toInt(), 10);
    QVERIFY(qAbs(j["length_mean"].toDouble() - 57.0 / 6) < 1e-9);
    // Text mode prints the same facts.
    const auto t = test::runCli({"dataset", "info", path});
    QCOMPARE(t.exit_code, 0);
    QVERIFY(t.out.contains("57"));
    QVERIFY(t.out.contains("warning"));
    QVERIFY2(t.out.contains("episode length") && t.out.contains("min 7"), t.out.constData());
  }

  void validate_exit_codes() {
    const QString good = test::tempPath("cli-valid.hdf5");
    write_d4rl(test::makeSmallDataset(), good.toStdString());
    QCOMPARE(test::runCli({"dataset", "validate", good}).exit_code, 0);
    QFile bad(test::tempPath("cli-bad.hdf5"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not an hdf5 file at all");
    bad.close();
    const auto r = test::runCli({"dataset", "validate", bad.fileName()});
    QCOMPARE(r.exit_code, 1);
    QVERIFY(r.err.contains("not an HDF5 file"));
    QCOMPARE(test::runCli({"dataset", "validate"}).exit_code, 2);                     // missing FILE
    QCOMPARE(test::runCli({"dataset", "validate", good, "--bogus"}).exit_code, 2);   // unknown option
    QCOMPARE(test::runCli({"frobnicate"}).exit_code, 2);                              // unknown command
  }

  void datagen_is_deterministic() {
    const QString a = test::tempPath("gen-a.hdf5"), b = test::tempPath("gen-b.hdf5"), c = test::tempPath("gen-c.hdf5");
    QCOMPARE(test::runCli({"datagen", "projectile", "--out", a, "--samples", "2000", "--seed", "4"}).exit_code, 0);
    QCOMPARE(test::runCli({"datagen", "projectile", "--out", b, "--samples", "2000", "--seed", "4"}).exit_code, 0);
    QCOMPARE(test::runCli({"datagen", "projectile", "--out", c, "--samples", "2000", "--seed", "5"}).exit_code, 0);
    QFile fa(a), fb(b), fc(c);
    QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly) && fc.open(QIODevice::ReadOnly));
    const QByteArray ba = fa.readAll();
    QCOMPARE(ba, fb.readAll());
    QVERIFY(ba != fc.readAll());
    const Dataset ds = read_d4rl(a.toStdString());
    QCOMPARE(ds.size(), 2000);
    QVERIFY(ds.infos.count("infos/behavior"));
    QCOMPARE(QString::fromStdString(ds.env_name), QString("projectile"));
    const auto r = test::runCli({"datagen", "projectile", "--out", a, "--samples", "0"});
    QCOMPARE(r.exit_code, 2);
    QCOMPARE(r.err.count('\n'), 1);
  }

  void help_on_every_command() {
    const QList<QStringList> commands = {{},
                                         {"dataset"},
                                         {"dataset", "info"},
                                         {"dataset", "validate"},
                                         {"datagen"},
                                         {"datagen", "projectile"},
                                         {"bench"},
                                         {"bench", "load"},
                                         {"bench", "env"},
                                         {"env"},
                                         {"env", "list"},
                                         {"env", "check-dataset"},
                                         {"env", "rollout"},
                                         {"train"},
                                         {"eval"},
                                         {"grid"},
                                         {"grid", "run"},
                                         {"grid", "report"},
                                         {"demo"}};
    for (QStringList c : commands) {
      c << "--help";
      const auto r = test::runCli(c);
      QVERIFY2(r.exit_code == 0, qPrintable(c.join(' ')));
      QVERIFY2(r.out.contains("Usage"), qPrintable(c.join(' ')));
    }
  }

  void bench_load_reports_speed() {
    const QString path = test::tempPath("bench.hdf5");
    write_d4rl(test::makeSmallDataset(2000, 17, 6), path.toStdString());
    const auto r = test::runCli({"bench", "load", path, "--repeat", "2", "--json"});
    QCOMPARE(r.exit_code, 0);
    const QJsonObject j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j["rows"].toInt(), 2000);
    QVERIFY(j["mb_per_s"].toDouble() > 0);
  }
};

QTEST_APPLESS_MAIN(Cli)
#include "test_cli.moc"
