// vaco-studio: the VACO Studio desktop application. Command-line options open a dataset, set
// up and start a run, and take scripted screenshots (headless: QT_QPA_PLATFORM=offscreen).
#include <QApplication>
#include <QCommandLineParser>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

#include "ui/app/main_window.h"
#include "ui/model/episode_table_model.h"
#include "ui/plots/maze_plot.h"
#include "ui/views/lesson_view.h"
#include "ui/views/trajectories_view.h"
#include "ui/views/projectile_view.h"
#include "ui/panels/run_panel.h"
#include "ui/session/run_request.h"
#include "ui/session/run_request_check.h"
#include "ui/session/training_session.h"

namespace {

// Saves a grab of the whole window to `png` and quits (exit code 1 when the file is not written).
void grab_and_quit(vaco::ui::MainWindow& window, const QString& png, bool ok) {
  // Let the plots' 40 ms coalescing timers draw the newest data first.
  QTimer::singleShot(250, &window, [&window, png, ok] {
    const bool saved = window.grab().save(png);
    if (!saved) std::fprintf(stderr, "vaco-studio: cannot write %s\n", qPrintable(png));
    QApplication::exit(saved && ok ? 0 : 1);
  });
}

// True when no display server is reachable and no Qt platform was chosen.
bool no_display() {
  return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
         qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

}  // namespace

int main(int argc, char** argv) {
  // Without a display the app still runs (offscreen): runs go on, report on stdout, and quit.
  const bool headless = no_display();
  if (headless) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setOrganizationName("VACO Studio");
  QApplication::setApplicationName("vaco-studio");
  QApplication::setApplicationVersion(VACO_VERSION);

  QCommandLineParser cli;
  cli.setApplicationDescription("VACO Studio: an offline RL workbench (value-aligned behaviour cloning)");
  cli.addHelpOption();
  cli.addVersionOption();
  const QCommandLineOption open({"o", "open"}, "Open a D4RL .hdf5 dataset.", "FILE");
  const QCommandLineOption projectile("projectile", "Generate the projectile toy dataset into FILE and open it.", "FILE");
  const QCommandLineOption toy("toy", "Use the projectile toy dataset, generated in memory.");
  const QCommandLineOption demo("demo", "The teaching demo: train VACO, then BC, then IQL on the projectile toy.");
  const QCommandLineOption algo("algo", "Algorithm of the run: vaco, bc, bc-recip, awr, iql or td3bc.", "NAME");
  const QCommandLineOption steps("steps", "Policy-phase steps of the run.", "N");
  const QCommandLineOption value_steps("value-steps", "Value pretraining steps of the run.", "N");
  const QCommandLineOption seed("seed", "Seed of the run.", "S");
  const QCommandLineOption device("device", "auto, cpu or cuda:N.", "DEVICE");
  const QCommandLineOption set("set", "A setting as `vaco train --set` takes it (repeatable).", "KEY=VALUE");
  const QCommandLineOption start("start", "Start the run at once.");
  const QCommandLineOption runs_dir("runs-dir", "Folder for new run directories.", "DIR");
  const QCommandLineOption resume("resume", "Resume an unfinished run directory (or add a finished one to Compare).", "RUN_DIR");
  const QCommandLineOption compare("compare", "Add a run directory to the Compare tab (repeatable).", "RUN_DIR");
  const QCommandLineOption tab("tab", "Show this tab: Dataset, Training, Weights, Trajectories, Projectile, Compare or Lesson.", "NAME");
  const QCommandLineOption screenshot("screenshot", "Save a PNG of the window, then quit (see --screenshot-after-steps).", "PNG");
  const QCommandLineOption after_steps("screenshot-after-steps",
                                       "Take the screenshot after N training steps and a fresh snapshot.", "N");
  const QCommandLineOption projectile_map("projectile-map",
                                          "The Projectile tab's colour map: range, q (the run's learned Q) or "
                                          "error (Q minus the range).", "MAP");
  const QCommandLineOption lesson("lesson", "Start the projectile lesson, full-window (Escape leaves it).");
  const QCommandLineOption lesson_step("lesson-step", "The lesson's step to show first, 1-6.", "N");
  const QCommandLineOption lesson_slides("lesson-slides",
                                         "After the lesson's trainings end, write its six steps as step-1.png ... "
                                         "step-6.png into DIR, then quit.", "DIR");
  const QCommandLineOption record("record", "With --lesson: record what its trainings report into DIR (lesson.jsonl).", "DIR");
  const QCommandLineOption play("play", "With --lesson: play the recording in DIR instead of training.", "DIR");
  const QCommandLineOption episode("episode", "Trajectories tab: show episode N (in file order), at step T when given.", "N[:T]");
  const QCommandLineOption compare_policy("compare-policy",
                                          "With --episode: roll the run's saved policy (--compare RUN_DIR) out from "
                                          "the episode's first state beside it; --screenshot waits for it.");
  const QCommandLineOption window_size("window-size", "Window size in pixels, e.g. 1920x1080.", "WxH");
  const QCommandLineOption quit_when_done("quit-when-done", "Quit when every run has ended (exit 1 if one failed).");
  cli.addOptions({open, projectile, toy, demo, algo, steps, value_steps, seed, device, set, start, runs_dir, resume,
                  compare, tab, screenshot, after_steps, projectile_map, episode, compare_policy, lesson, lesson_step, lesson_slides, record, play, window_size, quit_when_done});
  cli.process(app);

  // Scripted and headless runs never open a dialog: every error is one line on stderr, and a
  // bad command line exits before the window exists.
  const bool scripted = headless || cli.isSet(screenshot) || cli.isSet(quit_when_done) || cli.isSet(lesson_slides);
  if ((cli.isSet(lesson_step) || cli.isSet(lesson_slides) || cli.isSet(record) || cli.isSet(play)) && !cli.isSet(lesson)) {
    std::fprintf(stderr, "vaco-studio: --lesson-step, --lesson-slides, --record and --play need --lesson\n");
    return 2;
  }
  if (cli.isSet(record) && cli.isSet(play)) {
    std::fprintf(stderr, "vaco-studio: --record and --play exclude each other\n");
    return 2;
  }
  int first_step = 1;
  if (cli.isSet(lesson_step)) {
    bool whole = false;
    first_step = cli.value(lesson_step).toInt(&whole);
    if (!whole || first_step < 1 || first_step > 6) {
      std::fprintf(stderr, "vaco-studio: --lesson-step %s: expected 1 to 6\n", qPrintable(cli.value(lesson_step)));
      return 2;
    }
  }
  if (cli.isSet(start) && !cli.isSet(open) && !cli.isSet(toy) && !cli.isSet(projectile)) {
    std::fprintf(stderr, "vaco-studio: --start needs a dataset: --open FILE, --toy or --projectile FILE\n");
    return 2;
  }
  if (cli.isSet(after_steps) && !cli.isSet(screenshot)) {
    std::fprintf(stderr, "vaco-studio: --screenshot-after-steps needs --screenshot PNG\n");
    return 2;
  }

  vaco::ui::MainWindow window;
  window.setScripted(scripted);
  if (cli.isSet(window_size)) {
    const QStringList wh = cli.value(window_size).split('x');
    const int w = wh.value(0).toInt(), h = wh.size() == 2 ? wh[1].toInt() : 0;
    if (w < 400 || h < 300) {
      std::fprintf(stderr, "vaco-studio: --window-size %s: expected WxH of at least 400x300\n", qPrintable(cli.value(window_size)));
      return 2;
    }
    window.resize(w, h);
  }
  window.show();
  if (cli.isSet(runs_dir)) window.setRunsRoot(cli.value(runs_dir));
  bool ok = true;
  if (cli.isSet(projectile)) ok = window.generateProjectile(cli.value(projectile));
  if (cli.isSet(toy)) window.useProjectile();
  if (cli.isSet(open)) ok = window.openDataset(cli.value(open)) && ok;
  for (const QString& dir : cli.values(compare)) ok = window.openRunDirectory(dir) && ok;

  // The run's settings go into the Run panel, where they are checked as if typed.
  vaco::ui::RunRequest request = window.runPanel()->request();
  bool parsed = true;
  if (cli.isSet(algo)) request.algo = cli.value(algo);
  if (cli.isSet(steps)) request.steps = cli.value(steps).toLongLong(&parsed);
  if (parsed && cli.isSet(value_steps)) request.value_steps = cli.value(value_steps).toLongLong(&parsed);
  if (parsed && cli.isSet(seed)) request.seed = cli.value(seed).toULongLong(&parsed);
  if (cli.isSet(device)) request.device = cli.value(device);
  for (const QString& kv : cli.values(set)) {
    const qsizetype eq = kv.indexOf('=');
    if (eq <= 0) {
      std::fprintf(stderr, "vaco-studio: --set %s: expected KEY=VALUE\n", qPrintable(kv));
      return 2;
    }
    request.settings[kv.left(eq)] = kv.mid(eq + 1);
  }
  if (!parsed) {
    std::fprintf(stderr, "vaco-studio: --steps, --value-steps and --seed take whole numbers\n");
    return 2;
  }
  // The same check and message as `vaco train` (exit 1, as there), before the Run panel's
  // fields could clamp a value into range.
  if (const vaco::ui::RunRequestProblem problem = vaco::ui::checkRunRequest(request); !problem.ok()) {
    std::fprintf(stderr, "vaco-studio: error: %s\n", qPrintable(problem.message));
    return 1;
  }
  if (cli.isSet(start))
    for (const QString& note : vaco::ui::runRequestNotes(request))
      std::fprintf(stderr, "vaco-studio: note: %s\n", qPrintable(note));
  window.runPanel()->setRequest(request);
  if (!window.runPanel()->errorText().isEmpty()) {
    std::fprintf(stderr, "vaco-studio: error: %s\n", qPrintable(window.runPanel()->errorText()));
    return 1;
  }

  bool training = false;
  if (cli.isSet(lesson)) {
    const QString problem = cli.isSet(record) ? window.lessonView()->recordTo(cli.value(record))
                            : cli.isSet(play) ? window.lessonView()->play(cli.value(play))
                                              : QString();
    if (!problem.isEmpty()) {
      std::fprintf(stderr, "vaco-studio: %s\n", qPrintable(problem));
      return 2;
    }
    // --lesson-slides walks every step, so every training of the lesson runs first.
    window.startLesson(cli.isSet(lesson_slides) ? 5 : first_step - 1,
                       cli.isSet(steps) ? request.steps : 0, cli.isSet(value_steps) ? request.value_steps : 0);
    if (cli.isSet(lesson_slides)) window.lessonView()->setStep(first_step - 1);
    training = window.session()->isRunning();
  } else if (cli.isSet(demo)) {
    window.startDemo();
    training = true;
  } else if (cli.isSet(resume)) {
    ok = window.openRunDirectory(cli.value(resume)) && ok;
    training = window.session()->isRunning();
  } else if (cli.isSet(start)) {
    ok = window.startRun(window.runPanel()->request()) && ok;
    training = ok;
  }
  if (cli.isSet(projectile_map)) {
    const QString map = cli.value(projectile_map);
    const QStringList maps{"range", "q", "error"};  // in ProjectileMap's order
    if (!maps.contains(map)) {
      std::fprintf(stderr, "vaco-studio: --projectile-map %s: expected range, q or error\n", qPrintable(map));
      return 2;
    }
    // q and error show once a run's critic has a snapshot.
    window.projectileView()->setColourMap(vaco::ui::ProjectileMap(maps.indexOf(map)));
  }
  if (cli.isSet(tab) && !window.showTab(cli.value(tab))) {
    std::fprintf(stderr, "vaco-studio: --tab %s: no such tab\n", qPrintable(cli.value(tab)));
    return 2;
  }
  if (cli.isSet(episode)) {
    const QStringList parts = cli.value(episode).split(':');
    bool n_ok = false, t_ok = true;
    const int n = parts.value(0).toInt(&n_ok);
    const int t = parts.size() > 1 ? parts[1].toInt(&t_ok) : 0;
    vaco::ui::TrajectoriesView* view = window.trajectoriesView();
    if (!n_ok || !t_ok || parts.size() > 2 || n < 0 || t < 0) {
      std::fprintf(stderr, "vaco-studio: --episode %s: expected N or N:T (whole numbers)\n", qPrintable(cli.value(episode)));
      return 2;
    }
    if (!view->load()) {
      std::fprintf(stderr, "vaco-studio: --episode needs a dataset (--open FILE)%s\n",
                   view->error().isEmpty() ? "" : qPrintable(": " + view->error()));
      return 2;
    }
    if (n >= view->model()->rowCount()) {
      std::fprintf(stderr, "vaco-studio: --episode %d: the dataset has %d episodes\n", n, view->model()->rowCount());
      return 2;
    }
    view->showEpisode(n);
    view->setStep(t);
  }
  if (cli.isSet(compare_policy)) {
    if (!cli.isSet(episode) || !cli.isSet(compare)) {
      std::fprintf(stderr, "vaco-studio: --compare-policy needs --episode N and a run (--compare RUN_DIR)\n");
      return 2;
    }
    vaco::ui::TrajectoriesView* view = window.trajectoriesView();
    const int keep = view->step();
    QObject::connect(view, &vaco::ui::TrajectoriesView::replayReady, view, [view, keep] {
      if (!view->replay().error.isEmpty())
        std::fprintf(stderr, "vaco-studio: --compare-policy: %s\n", qPrintable(view->replay().error));
      view->setStep(keep);
    });
    QObject::connect(view, &vaco::ui::TrajectoriesView::mazeEvaluationReady, view, [view] {
      if (!view->mazeEvaluation().error.isEmpty())
        std::fprintf(stderr, "vaco-studio: --compare-policy: %s\n", qPrintable(view->mazeEvaluation().error));
    });
    view->setComparing(true);
  }

  if (cli.isSet(lesson_slides)) {
    const QString dir = cli.value(lesson_slides);
    const auto write = [&window, dir] {
      const QString problem = window.lessonView()->exportSlides(dir);
      if (!problem.isEmpty()) std::fprintf(stderr, "vaco-studio: cannot write the slides: %s\n", qPrintable(problem));
      else std::printf("wrote the lesson's six steps to %s\n", qPrintable(dir));
      QCoreApplication::exit(problem.isEmpty() ? 0 : 1);
    };
    if (training) {
      QObject::connect(&window, &vaco::ui::MainWindow::allRunsFinished, &window, write, Qt::QueuedConnection);
    } else if (window.lessonView()->isPlayback()) {
      // A played lesson: the slides once the recording has played (at 8x).
      window.lessonView()->setPlaybackSpeed(8.0);
      auto* poll = new QTimer(&window);
      QObject::connect(poll, &QTimer::timeout, &window, [&window, poll, write] {
        if (!window.lessonView()->playbackDone()) return;
        poll->stop();
        write();
      });
      poll->start(100);
    } else {
      QTimer::singleShot(0, &window, write);
    }
  }
  bool run_failed = false;
  QObject::connect(&window, &vaco::ui::MainWindow::runFinished,
                   [&window, &run_failed](const QString& status, const QString& message) {
                     if (status == "failed") run_failed = true;
                     const vaco::ui::StreamEval e = window.lastEval();
                     std::printf("%s: %s at step %lld", qPrintable(window.runLabel()), qPrintable(status),
                                 static_cast<long long>(window.lastStep()));
                     if (e.episodes > 0) std::printf(", normalized score %.1f +- %.1f", e.score_mean, e.score_std);
                     if (!message.isEmpty()) std::printf(" (%s)", qPrintable(message));
                     std::printf("; run directory %s\n", qPrintable(window.runDirectory()));
                     std::fflush(stdout);
                   });
  if (cli.isSet(screenshot)) {
    const QString png = cli.value(screenshot);
    bool whole = true;
    const qint64 n = cli.isSet(after_steps) ? cli.value(after_steps).toLongLong(&whole) : -1;
    if (!whole || (cli.isSet(after_steps) && n < 0)) {
      std::fprintf(stderr, "vaco-studio: --screenshot-after-steps %s: expected a whole number >= 0\n",
                   qPrintable(cli.value(after_steps)));
      return 2;
    }
    if (!training && cli.isSet(compare_policy)) {
      // The picture shows the policy's replay once it has arrived; on AntMaze data, its
      // evaluation episodes in the maze.
      vaco::ui::TrajectoriesView* view = window.trajectoriesView();
      const auto grab = [&window, png, ok] { grab_and_quit(window, png, ok); };
      if (view->mazeView()->walls().isEmpty())
        QObject::connect(view, &vaco::ui::TrajectoriesView::replayReady, &window, grab, Qt::QueuedConnection);
      else
        QObject::connect(view, &vaco::ui::TrajectoriesView::mazeEvaluationReady, &window, grab, Qt::QueuedConnection);
    } else if (!training) {
      grab_and_quit(window, png, ok);
    } else if (n < 0) {
      // No step named: the picture shows the finished runs.
      QObject::connect(&window, &vaco::ui::MainWindow::allRunsFinished,
                       [&window, png, ok, &run_failed] { grab_and_quit(window, png, ok && !run_failed); });
    } else {
      // After step N: ask for a snapshot, and grab once it is on screen (or when the runs end).
      auto armed = std::make_shared<bool>(false);
      auto done = std::make_shared<bool>(false);
      QObject::connect(&window, &vaco::ui::MainWindow::progressed, [&window, n, armed](qint64 step, qint64) {
        if (!*armed && step >= n) {
          *armed = true;
          window.session()->requestSnapshot();
        }
      });
      QObject::connect(&window, &vaco::ui::MainWindow::snapshotShown, [&window, png, ok, armed, done, n](qint64 step) {
        if (*armed && !*done && step >= n) {
          *done = true;
          grab_and_quit(window, png, ok);
        }
      });
      QObject::connect(&window, &vaco::ui::MainWindow::allRunsFinished, [&window, png, ok, done, &run_failed] {
        if (!*done) {
          *done = true;
          grab_and_quit(window, png, ok && !run_failed);
        }
      });
    }
  } else if ((cli.isSet(quit_when_done) || headless) && training) {
    if (headless)
      std::printf("vaco-studio: no display (DISPLAY is not set), so the window is offscreen; the runs print "
                  "their results here and the app quits when they end. Use xvfb-run to watch it, or "
                  "`vaco demo` for the terminal version.\n");
    QObject::connect(&window, &vaco::ui::MainWindow::allRunsFinished,
                     [&run_failed] { QApplication::exit(run_failed ? 1 : 0); });
  }
  if (!ok && (cli.isSet(screenshot) || cli.isSet(quit_when_done)) && !training) return 1;
  return app.exec();
}
