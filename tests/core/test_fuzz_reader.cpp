// Fuzz: randomly corrupted or truncated copies of valid files never crash the reader; each
// either loads (the damage hit data bytes) or fails with a vaco::Error.
#include "core/data/d4rl_reader.h"
#include "core/data/d4rl_writer.h"
#include "core/util/rng.h"
#include "tests/support/test_support.h"

#include <QFile>
#include <QTest>

using namespace vaco;

class FuzzReader : public QObject {
  Q_OBJECT

  static QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

  // Applies one random kind of damage, biased toward the metadata-heavy first 4 KB.
  static QByteArray corrupt(QByteArray b, Rng& rng) {
    const auto pos = [&](qsizetype size) {
      const bool head = rng.uniform() < 0.6;
      return qsizetype(rng.uniform() * double(head ? std::min<qsizetype>(size, 4096) : size));
    };
    switch (rng.next() % 4) {
      case 0: {  // flip a few bytes
        const int k = 1 + int(rng.next() % 16);
        for (int i = 0; i < k; ++i) b[pos(b.size())] = char(rng.next() & 0xff);
        break;
      }
      case 1:  // truncate
        b.truncate(pos(b.size()));
        break;
      case 2: {  // overwrite a block with noise
        const qsizetype at = pos(b.size()), len = 8 + qsizetype(rng.next() % 120);
        for (qsizetype i = at; i < std::min<qsizetype>(b.size(), at + len); ++i) b[i] = char(rng.next() & 0xff);
        break;
      }
      default: {  // zero a block
        const qsizetype at = pos(b.size()), len = 4 + qsizetype(rng.next() % 256);
        for (qsizetype i = at; i < std::min<qsizetype>(b.size(), at + len); ++i) b[i] = 0;
        break;
      }
    }
    return b;
  }

  void fuzz(const QByteArray& original, int copies, uint64_t seed, const QString& tag) {
    Rng rng(seed);
    const QString path = test::tempPath("fuzz-" + tag + ".hdf5");
    int loaded = 0, rejected = 0;
    for (int i = 0; i < copies; ++i) {
      const QByteArray bad = corrupt(original, rng);
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
      f.write(bad);
      f.close();
      try {
        const Dataset ds = read_d4rl(path.toStdString());
        QVERIFY(ds.size() > 0);
        ++loaded;
      } catch (const Error& e) {
        QVERIFY(std::string(e.what()).rfind(path.toStdString(), 0) == 0);
        ++rejected;
      } catch (const std::exception& e) {
        QFAIL(qPrintable(QString("copy %1 of %2: unexpected %3").arg(i).arg(tag).arg(e.what())));
      }
    }
    qInfo("%s: %d copies, %d loaded, %d rejected with a clear error", qPrintable(tag), copies, loaded, rejected);
    QVERIFY(rejected > copies / 10);  // the damage is real
  }

 private slots:
  void our_files() {
    const QString path = test::tempPath("fuzz-base.hdf5");
    Dataset ds = test::makeSmallDataset(300, 6, 3, 25);
    ds.infos["infos/qpos"] = ds.observations * 3.0;
    write_d4rl(ds, path.toStdString());
    fuzz(readAll(path), 700, 1, "ours");
    WriteOptions gz;
    gz.gzip_level = 4;
    gz.floats = FloatStorage::Float64;
    write_d4rl(ds, path.toStdString(), gz);
    fuzz(readAll(path), 300, 2, "ours-gzip");
  }

  void h5py_files() {
    const QString dir = test::tempPath("fuzz-h5py");
    const auto r = test::runFixtureScript("make_h5py_files.py", {dir});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    fuzz(readAll(dir + "/v2_bool.hdf5"), 300, 3, "h5py-v2");
  }
};

QTEST_APPLESS_MAIN(FuzzReader)
#include "test_fuzz_reader.moc"
