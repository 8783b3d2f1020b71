// The projectile lesson: full-window mode and its keys, the steps' captions and live numbers
// (the data's shares, BC's error, the critic's error in and out of the data, VACO's weight on
// good throws, the angle table), the trainings each step asks for, and the slides it exports.
#include "tests/support/test_support.h"

#include <qcustomplot.h>

#include <QDir>
#include <QMouseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <cmath>

#include "ui/app/dataset_service.h"
#include "ui/app/main_window.h"
#include "ui/session/training_session.h"
#include "ui/views/lesson_view.h"
#include "ui/views/projectile_view.h"

using namespace vaco;
using vaco::ui::LessonView;

class GuiLesson : public QObject {
  Q_OBJECT

 private slots:
  void keysWalkTheStepsAndEscapeLeaves() {
    ui::MainWindow w;
    w.setRunsRoot(test::tempPath("lesson-keys-runs"));
    w.show();
    w.startLesson(0, 50, 50);
    LessonView* l = w.lessonView();
    QVERIFY(w.inLesson());
    QVERIFY(!w.tabs()->tabBar()->isVisible());
    QVERIFY(!w.findChild<QDockWidget*>("RunDock")->isVisible());
    QCOMPARE(w.tabs()->currentWidget(), l);
    QCOMPARE(l->step(), 0);
    QVERIFY2(l->detail().contains("θ*(0 m) = 45.0°"), qPrintable(l->detail()));
    // Step 1: the throw under the mouse is drawn, from the height under it.
    QCustomPlot* top = l->projectile()->landscapePlot();
    top->replot();
    const QPointF at(top->xAxis->coordToPixel(8.0), top->yAxis->coordToPixel(20.0));
    QMouseEvent move(QEvent::MouseMove, at, top->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(top, &move);
    QTRY_VERIFY2(std::abs(l->projectile()->pointerAngle() - 20.0) < 2.0, qPrintable(QString::number(l->projectile()->pointerAngle())));
    QVERIFY(std::abs(l->projectile()->arcHeight() - 8.0) < 0.2);
    QTest::keyClick(l, Qt::Key_Right);
    QCOMPARE(l->step(), 1);
    QVERIFY(std::isnan(l->projectile()->pointerAngle()));  // only the first step follows the mouse
    QVERIFY(l->title().startsWith("2. The data"));
    // The data's shares are the generated dataset's (drawn at 15% near-optimal, 25% uniform, 60% lobs).
    const ui::ProjectileThrows throws = ui::projectileThrows();
    const QStringList names = {"near-optimal", "uniform", "lob"};
    for (int label = 0; label < 3; ++label) {
      const double share = 100.0 * double(throws.labels.count(label)) / double(throws.labels.size());
      QVERIFY(share > 10);
      const QString part = QString("%1 %2%").arg(names[label]).arg(share, 0, 'f', 0);
      QVERIFY2(l->detail().contains(part), qPrintable(l->detail() + " lacks " + part));
    }
    QVERIFY(l->projectile()->dataPointCount() > 10000);
    QTest::keyClick(l, Qt::Key_Left);
    QCOMPARE(l->step(), 0);
    QTest::keyClick(l, Qt::Key_Left);  // no step before the first
    QCOMPARE(l->step(), 0);
    const double before = l->fontScale();
    QTest::keyClick(l, Qt::Key_Equal, Qt::ControlModifier);
    QVERIFY(l->fontScale() > before);
    QTest::keyClick(l, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(l->fontScale(), 1.0);
    QTest::keyClick(l, Qt::Key_Escape);
    QVERIFY(!w.inLesson());
    QVERIFY(w.tabs()->tabBar()->isVisible());
    QVERIFY(!w.session()->isRunning());  // steps 1-2 train nothing
  }

  void eachStepTrainsWhatItShowsAndTheNumbersFollow() {
    ui::MainWindow w;
    const QString recording = test::tempPath("lesson-recording");
    QCOMPARE(w.lessonView()->recordTo(recording), QString());
    w.setRunsRoot(test::tempPath("lesson-runs"));
    w.resize(1400, 900);
    w.show();
    QSignalSpy all(&w, &ui::MainWindow::allRunsFinished);
    w.startLesson(2, 400, 400);  // step 3: BC trains
    LessonView* l = w.lessonView();
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->isRunning() || all.count() > 0, 5000);
    QVERIFY2(l->detail().contains("BC"), qPrintable(l->detail()));
    l->setStep(LessonView::VacoFix);  // asks for VACO and IQL as well
    QTRY_VERIFY_WITH_TIMEOUT(all.count() > 0 && !w.session()->isRunning(), 240000);
    for (const QString& algo : LessonView::lessonAlgorithms())
      QVERIFY2(std::isfinite(l->meanAngleError(algo)), qPrintable(algo));
    QVERIFY(l->meanRangeLost("bc") > 0);
    // Step 6: the angle table at h = 0..10 and its mean row agree with the view's numbers.
    QTableWidget* t = l->angleTable();
    QVERIFY(t->isVisible());
    QCOMPARE(t->rowCount(), 12);
    QCOMPARE(t->item(0, 1)->text(), QString("45.0°"));
    QCOMPARE(t->item(11, 4)->text(), QString("%1°").arg(l->meanAngleError("vaco"), 0, 'f', 1));
    QVERIFY2(l->detail().contains(QString("VACO %1°").arg(l->meanAngleError("vaco"), 0, 'f', 1)), qPrintable(l->detail()));
    QCOMPARE(l->projectile()->runNames(), QStringList({"BC", "IQL", "VACO"}));
    // Step 3 shows BC alone.
    l->setStep(LessonView::BcMistake);
    QCOMPARE(l->projectile()->runNames(), QStringList({"BC"}));
    QVERIFY2(l->detail().contains(QString("%1°").arg(l->meanAngleError("bc"), 0, 'f', 1)), qPrintable(l->detail()));
    // Step 4: VACO's critic on the landscape, the cells without throws greyed.
    l->setStep(LessonView::Critic);
    QCOMPARE(l->projectile()->colourMap(), ui::ProjectileMap::LearnedQ);
    const double grey = l->projectile()->outOfDataShare();
    QVERIFY2(grey > 0.2 && grey < 0.9, qPrintable(QString::number(grey)));
    QVERIFY(l->projectile()->isOutOfData(5.0, -60.0));  // nobody throws downwards
    QVERIFY(!l->projectile()->isOutOfData(5.0, 70.0));  // lobs
    QVERIFY2(l->detail().contains("where the data has throws"), qPrintable(l->detail()));
    // Step 5: VACO's weight on the near-optimal throws, against their share of the probe.
    l->setStep(LessonView::WeightsLearn);
    const auto [weight, data] = l->nearOptimalWeightShare();
    QVERIFY(std::isfinite(weight) && data > 0.05 && data < 0.3);
    QVERIFY2(l->detail().contains(QString("%1% of the weight").arg(100.0 * weight, 0, 'f', 0)), qPrintable(l->detail()));
    // No step after the last; nothing trains twice.
    l->setStep(LessonView::VacoFix);
    l->next();
    QCOMPARE(l->step(), int(LessonView::VacoFix));
    QVERIFY(!w.session()->isRunning());
    // The six slides.
    const QString dir = test::tempPath("lesson-slides");
    QCOMPARE(l->exportSlides(dir), QString());
    QCOMPARE(QDir(dir).entryList({"step-*.png"}).size(), 6);
    QCOMPARE(l->step(), int(LessonView::VacoFix));

    // The recording plays back in another window with no training and ends in the same numbers.
    ui::MainWindow played;
    played.setRunsRoot(test::tempPath("lesson-play-runs"));
    LessonView* p = played.lessonView();
    QCOMPARE(p->play(recording), QString());
    p->setPlaybackSpeed(8.0);
    played.startLesson(LessonView::VacoFix);
    QVERIFY(!played.session()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(p->playbackDone(), 60000);
    QVERIFY(!played.session()->isRunning());
    for (const QString& algo : LessonView::lessonAlgorithms())
      QCOMPARE(p->meanAngleError(algo), l->meanAngleError(algo));
    QCOMPARE(p->nearOptimalWeightShare(), l->nearOptimalWeightShare());
    // A folder without a recording, or with a broken line, is refused in one line.
    QVERIFY(ui::LessonView().play(test::tempPath("no-recording")).contains("no lesson recording"));
    const QString broken = test::tempPath("broken-recording");
    QDir().mkpath(broken);
    test::writeText((broken + "/lesson.jsonl").toStdString(), "{\"event\": \"started\", \"seconds\": 0, \"algo\": \"bc\"}\nnot json\n");
    const QString error = ui::LessonView().play(broken);
    QVERIFY2(error.contains("line 2"), qPrintable(error));
  }
};

QTEST_MAIN(GuiLesson)
#include "test_gui_lesson.moc"
