// The main window: File > Open shows the summary and the return histogram; a bad file gives
// an error and the window keeps working; a grab of the window is a real picture.
#include "core/data/d4rl_writer.h"
#include "tests/support/test_support.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QTest>

#include "ui/histogram_plot.h"
#include "ui/main_window.h"

using namespace vaco;

class GuiMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void opens_a_dataset() {
    ui::MainWindow w;
    w.show();
    const QString path = test::tempPath("gui-small.hdf5");
    write_d4rl(test::makeSmallDataset(57, 3, 2, 10), path.toStdString());
    QVERIFY(w.openDataset(path));
    QVERIFY(w.summaryText().contains("57"));
    QVERIFY(w.summaryText().contains(path));
    double total = 0;
    for (double c : w.returnHistogram()->counts()) total += c;
    QCOMPARE(total, 6.0);  // one count per episode
  }

  void bad_file_gives_error_and_window_survives() {
    ui::MainWindow w;
    w.show();
    const QString bad = test::tempPath("gui-bad.hdf5");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("garbage");
    f.close();
    QVERIFY(!w.openDataset(bad));
    QVERIFY(w.lastError().contains("not an HDF5 file"));
    QVERIFY(w.lastError().contains(bad));
    const QString good = test::tempPath("gui-good.hdf5");
    QVERIFY(w.generateProjectile(good));
    QVERIFY(w.lastError().isEmpty());
    QVERIFY(w.summaryText().contains("projectile"));
  }

  void screenshot_is_not_flat() {
    ui::MainWindow w;
    w.resize(1280, 760);  // fits a 1366 x 768 laptop screen
    w.show();
    QVERIFY(w.generateProjectile(test::tempPath("gui-shot.hdf5")));
    QTest::qWait(100);
    const QImage img = w.grab().toImage();
    QVERIFY(!img.isNull());
    QCOMPARE(img.width(), 1280);
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
      for (int x = 0; x < img.width(); x += 7) colours.insert(img.pixel(x, y));
    QVERIFY2(colours.size() > 5, qPrintable(QString::number(colours.size())));
  }
};

QTEST_MAIN(GuiMainWindow)
#include "test_gui_main_window.moc"
