// MuJoCo's renderer behind the Trajectories tab, on a display (ctest runs this test under
// xvfb-run): a known Hopper pose draws a body, the torso's pixel row follows the height in qpos,
// the tab draws a dataset's episode and writes its frames; scrubbing speed is printed.
#include "core/data/d4rl_writer.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/random_rollout.h"
#include "tests/support/test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QSet>
#include <QTest>

#include "ui/render/body_renderer.h"
#include "ui/render/body_view.h"
#include "ui/views/trajectories_view.h"

using namespace vaco;

namespace {

// Hopper's joint positions at rest (rootx, rootz, rooty, thigh, leg, foot), torso at `height`.
QVector<double> hopperPose(double height) { return {0.0, height, 0.0, 0.0, 0.0, 0.0}; }

// The body's pixels: the model's brown-orange geoms against the dark sky and the light floor.
bool isBody(QRgb c) { return qRed(c) > qGreen(c) + 25 && qGreen(c) > qBlue(c) + 10; }

// The first row (from the top) that holds a body pixel; -1 when none.
int topBodyRow(const QImage& img) {
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x)
      if (isBody(img.pixel(x, y))) return y;
  return -1;
}

}  // namespace

class GuiBodyRender : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (QGuiApplication::platformName() == "offscreen" || QGuiApplication::platformName() == "minimal")
      QSKIP("no display: ctest runs this test under xvfb-run");
  }

  void aKnownPoseDrawsTheBody() {
    ui::BodyRenderer r;
    QVERIFY2(r.setEnv("hopper"), qPrintable(r.error()));
    QCOMPARE(r.qposDim(), 6);
    const QImage img = r.render(hopperPose(1.25), QSize(320, 240));
    QVERIFY2(!img.isNull(), qPrintable(r.error()));
    QCOMPARE(img.size(), QSize(320, 240));
    QSet<QRgb> colours;
    int body = 0;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) {
        colours.insert(img.pixel(x, y));
        body += isBody(img.pixel(x, y)) ? 1 : 0;
      }
    if (qEnvironmentVariableIsSet("VACO_SCREENSHOT_DIR")) img.save(qEnvironmentVariable("VACO_SCREENSHOT_DIR") + "/body-hopper.png");
    QVERIFY2(colours.size() > 20, qPrintable(QString("%1 distinct colours").arg(colours.size())));
    QVERIFY2(body > 150, qPrintable(QString("%1 body pixels").arg(body)));
  }

  void theTorsoRowFollowsTheHeight() {
    ui::BodyRenderer r;
    QVERIFY(r.setEnv("hopper"));
    const int high = topBodyRow(r.render(hopperPose(1.25), QSize(320, 240)));
    const int low = topBodyRow(r.render(hopperPose(0.85), QSize(320, 240)));
    QVERIFY2(high >= 0 && low >= 0, "no body pixels");
    // 0.4 m lower is well over ten pixels lower at this camera distance.
    QVERIFY2(low - high > 10, qPrintable(QString("torso top row %1 at 1.25 m, %2 at 0.85 m").arg(high).arg(low)));
    // A wrong size is an error, not a picture.
    QVERIFY(r.render({0.0, 1.25}, QSize(320, 240)).isNull());
    QVERIFY2(r.error().contains("2 joint positions given"), qPrintable(r.error()));
    QVERIFY(!r.setEnv("no-such-env"));
    QVERIFY(!r.error().isEmpty());
  }

  void theTabDrawsAnEpisodeAndWritesItsFrames() {
    const QString path = test::tempPath("render-hopper.hdf5");
    auto env = make_mujoco_env("hopper");
    const Dataset ds = rollout_random(*env, 3, 5);
    write_d4rl(ds, path.toStdString());
    ui::TrajectoriesView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setDatasetPath(path);
    QVERIFY(view.load());
    QVERIFY2(!view.bodyView()->image().isNull(), qPrintable(view.bodyView()->message()));
    const QString dir = test::tempPath("render-frames");
    QVERIFY2(view.saveFrames(dir, 2).isEmpty(), "saveFrames failed");
    const int frames = int(QDir(dir).entryList({"frame_*.png"}).size());
    QCOMPARE(frames, int((ds.episodes[0].length + 1) / 2));
    // Scrubbing speed (reported, not asserted: speed is measured by benchmarks).
    view.showEpisode(0);
    QElapsedTimer clock;
    clock.start();
    const int length = int(ds.episodes[0].length), frames_drawn = 200;
    for (int f = 0; f < frames_drawn; ++f) view.setStep((f / (length - 1)) % 2 == 0 ? f % (length - 1) : length - 1 - f % (length - 1));
    qInfo("scrubbing: %d frames in %lld ms (%.0f frames/s) at %dx%d", frames_drawn, clock.elapsed(),
          1000.0 * frames_drawn / std::max<qint64>(1, clock.elapsed()), view.bodyView()->width(), view.bodyView()->height());
  }
};

QTEST_MAIN(GuiBodyRender)
#include "test_gui_body_render.moc"
