// Every bad-input case gives one clear line naming the file, the key and the problem,
// through the library and through `vaco dataset validate` (no HDF5 error stack on stderr).
#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "tests/support/test_support.h"

#include <QFile>
#include <QTest>

using namespace vaco;

class BadInputs : public QObject {
  Q_OBJECT
  QString dir_;

  QString errorOf(const QString& path) {
    try {
      read_d4rl(path.toStdString());
    } catch (const Error& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }

 private slots:
  void initTestCase() {
    dir_ = test::tempPath("bad");
    const auto r = test::runFixtureScript("make_bad_files.py", {dir_});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    // A truncated copy of a valid file.
    const QString good = dir_ + "/good.hdf5";
    write_d4rl(test::makeSmallDataset(400, 5, 2), good.toStdString());
    QFile in(good);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    QFile out(dir_ + "/truncated.hdf5");
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes.left(bytes.size() / 2));
  }

  void cases_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("mustContain");
    QTest::newRow("missing key") << "missing_actions.hdf5" << QStringList{"required key 'actions' is missing"};
    QTest::newRow("lengths disagree") << "length_mismatch.hdf5" << QStringList{"'rewards'", "49 rows", "50"};
    QTest::newRow("wrong rank") << "wrong_rank.hdf5" << QStringList{"'observations'", "wrong rank", "(50)"};
    QTest::newRow("NaN") << "nan_obs.hdf5" << QStringList{"'observations'", "NaN", "row 7", "column 1"};
    QTest::newRow("Inf") << "inf_rewards.hdf5" << QStringList{"'rewards'", "+Inf", "row 3"};
    QTest::newRow("empty") << "empty.hdf5" << QStringList{"empty dataset", "0 rows"};
    QTest::newRow("absurd dims") << "absurd.hdf5" << QStringList{"'observations'", "absurd dimensions", "10000000 x 1000000"};
    QTest::newRow("string flags") << "string_terminals.hdf5" << QStringList{"'terminals'", "string", "0/1 flag"};
    QTest::newRow("flag value 2") << "bad_flag.hdf5" << QStringList{"'terminals'", "row 5", "holds 2"};
    QTest::newRow("not HDF5") << "not_hdf5.hdf5" << QStringList{"not an HDF5 file"};
    QTest::newRow("truncated") << "truncated.hdf5" << QStringList{"truncated"};
    QTest::newRow("no such file") << "does_not_exist.hdf5" << QStringList{"no such file"};
  }

  void cases() {
    QFETCH(QString, file);
    QFETCH(QStringList, mustContain);
    const QString path = dir_ + "/" + file;
    const QString msg = errorOf(path);
    QVERIFY2(!msg.isEmpty(), "no error raised");
    QVERIFY2(msg.startsWith(path), qPrintable(msg));
    QVERIFY2(!msg.contains('\n'), qPrintable(msg));
    for (const QString& part : mustContain) QVERIFY2(msg.contains(part), qPrintable(msg + "  [wanted: " + part + "]"));

    // The CLI: exit 1, one line on stderr, nothing from HDF5's own error printer.
    const auto r = test::runCli({"dataset", "validate", path});
    QCOMPARE(r.exit_code, 1);
    QVERIFY(!r.crashed);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(!err.contains('\n'), qPrintable(err));
    QVERIFY2(err.contains(mustContain.first()), qPrintable(err));
    QVERIFY2(!err.contains("HDF5-DIAG"), qPrintable(err));
    const auto info = test::runCli({"dataset", "info", "--json", path});
    QCOMPARE(info.exit_code, 1);
    QVERIFY(info.out.isEmpty());
  }

  void nan_in_memory_dataset_is_rejected_by_writer_reader_round() {
    Dataset ds = test::makeSmallDataset(20, 2, 1);
    ds.actions[11][0] = std::numeric_limits<float>::quiet_NaN();
    const QString path = dir_ + "/nan_actions.hdf5";
    write_d4rl(ds, path.toStdString());
    const QString msg = errorOf(path);
    QVERIFY2(msg.contains("'actions'") && msg.contains("NaN at row 11"), qPrintable(msg));
  }
};

QTEST_APPLESS_MAIN(BadInputs)
#include "test_bad_inputs.moc"
