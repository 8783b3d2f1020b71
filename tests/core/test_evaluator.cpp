// The batched evaluator: scores the projectile oracle at 100 and random angles near 0, is
// deterministic, gives the same returns as stepping each episode alone, records AntMaze paths,
// and runs each task's protocol of episodes by default.
#include "core/envs/projectile.h"
#include "core/train/environment.h"
#include "core/train/evaluator.h"
#include "tests/support/test_support.h"
#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/ant_maze.h"
#include "core/envs/mujoco/env_registry.h"
#endif

#include <QTest>

using namespace vaco;

namespace {
EnvFactory projectile_factory() {
  return [] { return std::make_unique<ProjectileEnv>(); };
}
// The projectile scored by outcome, as AntMaze is: 100 when the throw reached 95% of the best
// range for its height, else 0 (a 45-degree throw hits from low heights only).
class HitOrMiss : public ProjectileEnv {
 public:
  std::vector<float> reset(uint64_t seed) override {
    hit_ = false;
    return ProjectileEnv::reset(seed);
  }
  StepOutcome step_into(std::span<const float> action, std::span<float> observation) override {
    const ReferenceReturns ref = reference_returns();
    const StepOutcome out = ProjectileEnv::step_into(action, observation);
    hit_ = out.reward >= 0.95 * ref.expert;
    return out;
  }
  std::optional<double> episode_score() const override { return hit_ ? 100.0 : 0.0; }

 private:
  bool hit_ = false;
};
torch::Tensor oracle(const torch::Tensor& obs) {
  return torch::asin(10.0 / torch::sqrt(200.0 + 2 * projectile::kGravity * obs)) / (M_PI / 2);
}
}  // namespace

class Evaluator : public QObject {
  Q_OBJECT
 private slots:
  void oracle_scores_100_random_near_0() {
    const EvalResult best = evaluate_policy(projectile_factory(), oracle, {.episodes = 200, .seed = 1});
    QCOMPARE(best.episodes, 200);
    QCOMPARE(best.steps, 200);  // one-step episodes
    QVERIFY(std::abs(best.score_mean - 100.0) < 1e-3);
    torch::manual_seed(0);
    const BatchPolicy random = [](const torch::Tensor& obs) { return torch::rand({obs.size(0), 1}) * 2 - 1; };
    const EvalResult rnd = evaluate_policy(projectile_factory(), random, {.episodes = 2000, .seed = 1});
    QVERIFY2(std::abs(rnd.score_mean) < 5.0, qPrintable(QString::number(rnd.score_mean)));
    // A 60-degree lob everywhere sits in between.
    const BatchPolicy lob = [](const torch::Tensor& obs) { return torch::full({obs.size(0), 1}, 60.0 / 90.0); };
    const EvalResult l = evaluate_policy(projectile_factory(), lob, {.episodes = 200, .seed = 1});
    QVERIFY(l.score_mean > 20 && l.score_mean < 95);
    QVERIFY(l.return_std > 0);
  }

  void outcome_scored_tasks_score_their_success_rate() {
    const EnvFactory hit_or_miss = [] { return std::make_unique<HitOrMiss>(); };
    QCOMPARE(evaluate_policy(hit_or_miss, oracle, {.episodes = 50, .seed = 1}).score_mean, 100.0);
    const BatchPolicy lob = [](const torch::Tensor& obs) { return torch::full({obs.size(0), 1}, 45.0 / 90.0); };
    const EvalResult l = evaluate_policy(hit_or_miss, lob, {.episodes = 200, .seed = 1});
    int hits = 0;
    for (double s : l.scores) {
      QVERIFY(s == 0.0 || s == 100.0);
      hits += s == 100.0;
    }
    QVERIFY2(hits > 0 && hits < 200, qPrintable(QString::number(hits)));
    QCOMPARE(l.score_mean, 100.0 * hits / 200.0);
    // The same throws scored by return differ: the outcome replaced them.
    QVERIFY(std::abs(evaluate_policy(projectile_factory(), lob, {.episodes = 200, .seed = 1}).score_mean - l.score_mean) > 1.0);
    // A dataset's own reference returns win over the outcome.
    const EvalResult ref = evaluate_policy(hit_or_miss, lob, {.episodes = 200, .seed = 1, .reference = ReferenceReturns{0.0, 10.0}});
    QCOMPARE(ref.score_mean, 10.0 * ref.return_mean);
  }

  void deterministic_for_a_seed() {
    const auto a = evaluate_policy(projectile_factory(), oracle, {.episodes = 20, .seed = 7});
    const auto b = evaluate_policy(projectile_factory(), oracle, {.episodes = 20, .seed = 7});
    const auto c = evaluate_policy(projectile_factory(), oracle, {.episodes = 20, .seed = 8});
    QCOMPARE(a.returns, b.returns);
    QVERIFY(a.returns != c.returns);
  }

  void bad_options_and_bad_policy() {
    QVERIFY_THROWS_EXCEPTION(Error, evaluate_policy(projectile_factory(), oracle, {.episodes = 0}));
    const BatchPolicy wrong = [](const torch::Tensor& obs) { return torch::zeros({obs.size(0), 3}); };
    QVERIFY_THROWS_EXCEPTION(Error, evaluate_policy(projectile_factory(), wrong, {.episodes = 3}));
  }

#ifdef VACO_WITH_MUJOCO
  void batched_equals_one_by_one_on_hopper() {
    // A fixed linear policy; episodes end at different steps, so the batch shrinks over time.
    const BatchPolicy linear = [](const torch::Tensor& obs) {
      return torch::tanh(obs.narrow(1, 0, 3) * 0.7 - obs.narrow(1, 5, 3) * 0.3);
    };
    const EnvFactory hopper = [] { return make_env("hopper"); };
    const EvalResult batched = evaluate_policy(hopper, linear, {.episodes = 4, .seed = 11});
    int64_t steps = 0;
    for (int64_t i = 0; i < 4; ++i) {
      const auto env = make_env("hopper");
      std::vector<float> o = env->reset(11 + uint64_t(i));
      double ret = 0;
      while (true) {
        const torch::Tensor a = linear(torch::tensor(o).unsqueeze(0)).squeeze(0).contiguous();
        const StepResult r = env->step(std::span<const float>(a.data_ptr<float>(), 3));
        ret += r.reward;
        ++steps;
        if (r.terminated || r.truncated) break;
        o = r.observation;
      }
      QCOMPARE(batched.returns[size_t(i)], ret);
    }
    QCOMPARE(batched.steps, steps);
    QVERIFY(std::abs(batched.score_mean - 100.0 * (batched.return_mean + 20.272305) / (3234.3 + 20.272305)) < 1e-9);
    // Hopper has no ground path: recording asks nothing of it.
    const EvalResult no_paths = evaluate_policy(hopper, linear, {.episodes = 2, .seed = 11, .record_paths = true});
    QVERIFY(no_paths.paths.empty() && no_paths.goals.empty());
  }

  void antmaze_paths_follow_the_torso_to_the_end() {
    // A policy that moves the legs with a fixed gait, so that the torso wanders.
    const BatchPolicy gait = [](const torch::Tensor& obs) { return torch::sin(obs.narrow(1, 7, 8) * 3.0); };
    const EnvFactory maze = [] { return make_env("antmaze-umaze-v2"); };
    const EvalResult plain = evaluate_policy(maze, gait, {.episodes = 3, .seed = 5});
    QVERIFY(plain.paths.empty() && plain.goals.empty());  // only when asked
    const EvalResult r = evaluate_policy(maze, gait, {.episodes = 3, .seed = 5, .record_paths = true});
    QCOMPARE(r.returns, plain.returns);
    QCOMPARE(r.paths.size(), size_t(3));
    QCOMPARE(r.goals.size(), size_t(3));
    int64_t points = 0;
    for (size_t i = 0; i < 3; ++i) {
      // Replayed alone: the same start, goal, and torso after every step.
      const auto env = make_env("antmaze-umaze-v2");
      std::vector<float> o = env->reset(5 + i);
      const auto* ant = dynamic_cast<const AntMazeEnv*>(env.get());
      QVERIFY(ant);
      QCOMPARE(r.goals[i], ant->goal());
      QCOMPARE(r.paths[i].front(), (GroundPoint{ant->qpos()[0], ant->qpos()[1]}));
      size_t k = 1;
      while (true) {
        const torch::Tensor a = gait(torch::tensor(o).unsqueeze(0)).squeeze(0).contiguous();
        const StepResult s = env->step(std::span<const float>(a.data_ptr<float>(), 8));
        QVERIFY(k < r.paths[i].size());
        QCOMPARE(r.paths[i][k], (GroundPoint{ant->qpos()[0], ant->qpos()[1]}));
        ++k;
        if (s.terminated || s.truncated) break;
        o = s.observation;
      }
      QCOMPARE(r.paths[i].size(), k);
      points += int64_t(k) - 1;
    }
    QCOMPARE(points, r.steps);
  }

  void each_task_runs_its_protocol_of_episodes() {
    QCOMPARE(train::evaluation_episodes("antmaze-umaze-v2", -1), int64_t(100));  // D4RL's AntMaze protocol
    QCOMPARE(train::evaluation_episodes("AntMaze_Medium-v5", -1), int64_t(100));
    QCOMPARE(train::evaluation_episodes("hopper-medium-v2", -1), int64_t(10));
    QCOMPARE(train::evaluation_episodes("antmaze-umaze-v2", 7), int64_t(7));  // asked for: kept
    QCOMPARE(train::evaluation_episodes("no-such-env", 0), int64_t(0));
    QVERIFY_THROWS_EXCEPTION(Error, train::evaluation_episodes("no-such-env", -1));
  }
#endif
};

QTEST_APPLESS_MAIN(Evaluator)
#include "test_evaluator.moc"
