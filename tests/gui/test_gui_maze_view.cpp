// The Episodes tab on AntMaze data: the maze seen from above in place of the body, its walls
// where the map says, every episode's path, the shown one drawn over them with its goal and the
// cursor's position, and a run's policy's evaluation episodes while comparing; other data keep
// the body view.
#include "core/data/d4rl_writer.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/random_rollout.h"
#include "tests/support/test_support.h"

#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>

#include <qcustomplot.h>

#include <cmath>

#include "ui/app/policy_replay.h"
#include "ui/plots/maze_plot.h"
#include "ui/render/body_view.h"
#include "ui/views/trajectories_view.h"

using namespace vaco;
using vaco::ui::MazePlot;
using vaco::ui::TrajectoriesView;

namespace {

// `episodes` random-action episodes of `env`, written to a temporary file named `name`.
Dataset writeEpisodes(const char* env, int episodes, const QString& name) {
  auto e = make_mujoco_env(env);
  Dataset ds = rollout_random(*e, episodes, 5);
  write_d4rl(ds, test::tempPath(name).toStdString());
  return ds;
}

// The QStackedWidget that holds the body view and the maze.
QWidget* shownDataView(const TrajectoriesView& view) {
  return qobject_cast<QStackedWidget*>(view.mazeView()->parentWidget())->currentWidget();
}

}  // namespace

class GuiMazeView : public QObject {
  Q_OBJECT

 private slots:
  void antmaze_data_show_the_maze_from_above() {
    TrajectoriesView view;
    const Dataset ds = writeEpisodes("antmaze-umaze-v2", 2, "maze-view.hdf5");
    view.setDatasetPath(test::tempPath("maze-view.hdf5"));
    QVERIFY2(view.load(), qPrintable(view.error()));
    QCOMPARE(shownDataView(view), static_cast<QWidget*>(view.mazeView()));

    // D4RL's umaze: a wall on every '1' of the map, cell (i, j) centred at (4j - 4, 4i - 4), 4 m wide.
    const QStringList map = {"11111", "1R001", "11101", "1G001", "11111"};
    QVector<QRectF> expected;
    for (int i = 0; i < map.size(); ++i) {
      for (int j = 0; j < map[i].size(); ++j) {
        if (map[i][j] == '1') expected << QRectF(4.0 * j - 6.0, 4.0 * i - 6.0, 4.0, 4.0);
      }
    }
    const QVector<QRectF> walls = view.mazeView()->walls();
    QCOMPARE(walls.size(), expected.size());
    for (const QRectF& w : expected) QVERIFY2(walls.contains(w), qPrintable(QString("no wall at (%1, %2)").arg(w.center().x()).arg(w.center().y())));
    int drawn = 0;
    for (int k = 0; k < view.mazeView()->plot()->itemCount(); ++k) drawn += qobject_cast<QCPItemRect*>(view.mazeView()->plot()->item(k)) != nullptr;
    QCOMPARE(drawn, expected.size());

    // Both episodes' paths; the first is shown, then the second, with the cursor on its path.
    QCOMPARE(view.mazeView()->pathCount(), 2);
    QCOMPARE(view.mazeView()->highlighted(), 0);
    view.showEpisode(1);
    QCOMPARE(view.mazeView()->highlighted(), 1);
    view.setStep(10);
    auto* cursor = view.mazeView()->plot()->graph(0)->data().data();
    QCOMPARE(cursor->size(), 1);
    const torch::Tensor xy = ds.observations[ds.episodes[1].start + 10];
    QCOMPARE(cursor->begin()->key, double(xy[0].item<float>()));
    QCOMPARE(cursor->begin()->value, double(xy[1].item<float>()));
    auto* goal = view.mazeView()->plot()->graph(1)->data().data();
    QCOMPARE(goal->size(), 1);
    QVERIFY(goal->begin()->key >= 0.0 && goal->begin()->key <= 1.5);   // the G cell at (0, 8) + up to 1.5 m
    QVERIFY(goal->begin()->value >= 8.0 && goal->begin()->value <= 9.5);

    // A run's snapshot that scored episode 1 colours the paths by its mean weight instead.
    QCOMPARE(view.mazeView()->valueName(), QString("episode return"));
    auto snapshot = std::make_shared<analysis::AnalysisSnapshot>();
    snapshot->algo = "vaco";
    snapshot->dataset_episodes = 2;
    snapshot->trajectory_episode = {1};
    snapshot->trajectory_return = {ds.episodes[1].ret};
    snapshot->trajectory_length = {ds.episodes[1].length};
    snapshot->trajectory_labels = {-1};
    snapshot->trajectory_mean_weight = {1.3};
    snapshot->trajectory_step_weights = {std::vector<float>(size_t(ds.episodes[1].length), 1.3f)};
    view.setSnapshot(snapshot, "run-a");
    QCOMPARE(view.mazeView()->valueName(), QString("mean weight (run-a)"));
    QCOMPARE(view.mazeView()->pathCount(), 2);
    QCOMPARE(view.mazeView()->highlighted(), 1);  // the shown episode stays drawn over the others
    view.setSnapshot(nullptr, {});
    QCOMPARE(view.mazeView()->valueName(), QString("episode return"));
  }

  void the_runs_policy_walks_the_maze_while_comparing() {
    writeEpisodes("antmaze-umaze-v2", 2, "maze-policy.hdf5");
    const QString data = test::tempPath("maze-policy.hdf5"), run = test::tempPath("maze-policy-run");
    const test::ProcessResult trained =
        test::runCli({"train", "--dataset", data, "--algo", "bc", "--steps", "40", "--device", "cpu", "--set", "hidden=16",
                      "--set", "depth=1", "--set", "eval_episodes=0", "--out", run});
    QVERIFY2(trained.exit_code == 0, trained.err.constData());
    TrajectoriesView view;
    view.setDatasetPath(data);
    QVERIFY(view.load());
    QSignalSpy ready(&view, &TrajectoriesView::mazeEvaluationReady);
    view.setComparing(true);  // no run yet: said at once
    QCOMPARE(ready.count(), 1);
    QVERIFY2(view.mazeEvaluation().error.startsWith("no run"), qPrintable(view.mazeEvaluation().error));
    ready.clear();
    view.setRunDirectory(run);
    QVERIFY(ready.wait(60000));
    const vaco::ui::MazeEvaluation& e = view.mazeEvaluation();
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(e.task, QString("antmaze-umaze-v2"));
    QCOMPARE(e.paths.size(), 10);
    QCOMPARE(view.mazeView()->policyPathCount(), 10);
    QVERIFY(!view.policyBodyView()->isVisibleTo(&view));  // the ant has no body view: the maze shows the policy
    int reached = 0;
    for (int i = 0; i < e.paths.size(); ++i) {
      const QPointF start = e.paths[i].first(), end = e.paths[i].last(), goal = e.goals[i];
      QVERIFY(std::abs(start.x()) <= 0.1 && std::abs(start.y()) <= 0.1);  // D4RL's start cell, reset noise U(-0.1, 0.1)
      QVERIFY(goal.x() >= 0.0 && goal.x() <= 1.5 && goal.y() >= 8.0 && goal.y() <= 9.5);
      // An episode ends where it reached its goal, else at the step limit.
      const bool at_goal = std::hypot(end.x() - goal.x(), end.y() - goal.y()) <= 0.5;
      QCOMPARE(e.reached[i], at_goal);
      if (!at_goal) QCOMPARE(e.paths[i].size(), 701);
      reached += e.reached[i];
    }
    // The path ends as dots: green where the goal was reached, red elsewhere.
    QCOMPARE(view.mazeView()->plot()->graph(2)->dataCount(), reached);
    QCOMPARE(view.mazeView()->plot()->graph(3)->dataCount(), 10 - reached);
    view.setComparing(false);
    QCOMPARE(view.mazeView()->policyPathCount(), 0);
    // A run of another maze is refused in one line.
    const vaco::ui::MazeEvaluation other = vaco::ui::evaluateRunInMaze(run, "antmaze-medium-play-v2", 2);
    QVERIFY2(other.error.contains("not for the maze of antmaze-medium-play-v2"), qPrintable(other.error));
    QVERIFY(other.paths.isEmpty());
  }

  void other_data_keep_the_body() {
    TrajectoriesView view;
    writeEpisodes("hopper", 2, "maze-view-hopper.hdf5");
    view.setDatasetPath(test::tempPath("maze-view-hopper.hdf5"));
    QVERIFY(view.load());
    QCOMPARE(shownDataView(view), static_cast<QWidget*>(view.bodyView()));
    QVERIFY(view.mazeView()->walls().isEmpty());
  }
};

QTEST_MAIN(GuiMazeView)
#include "test_gui_maze_view.moc"
