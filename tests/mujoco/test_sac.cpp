// Online SAC: the tanh-Gaussian policy's log-probabilities, environment state round trips,
// SAC learning the projectile toy (a one-step task with a known answer), and a hopper run whose
// resume equals the unbroken run bit for bit, with loadable policy checkpoints.
#include "core/algos/sac.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/projectile.h"
#include "core/nets/gaussian_policy.h"
#include "core/online/sac_run.h"
#include "core/online/sac_run_dir.h"
#include "core/train/csv_eval_sink.h"
#include "tests/support/test_support.h"

#include <QTest>

#include <filesystem>
#include <fstream>

using namespace vaco;

namespace {

// A small hopper run: 64-wide nets, learning after 300 uniform steps, a resume point every 400.
online::SacRunConfig small_hopper() {
  online::SacRunConfig c;
  c.env = "hopper";
  c.device = "cpu";
  c.steps = 1000;
  c.seed = 4;
  c.batch_size = 64;
  c.learning_starts = 300;
  c.checkpoint_every = 400;
  c.eval_episodes = 2;
  c.log_every = 100;
  c.sac.shape = {.hidden = 64, .depth = 2};
  return c;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The metric records of metrics.jsonl without their timing.
std::vector<nlohmann::json> metric_records(const std::string& path) {
  std::vector<nlohmann::json> out;
  for (const std::string& line : read_lines(path)) {
    nlohmann::json r = nlohmann::json::parse(line);
    if (r["type"] != "metrics") continue;
    r.erase("wall_time");
    r["values"].erase("steps_per_s");
    out.push_back(r);
  }
  return out;
}

// True when both modules hold bit-identical parameters.
bool same_parameters(const torch::nn::Module& a, const torch::nn::Module& b) {
  const auto pa = a.named_parameters(), pb = b.named_parameters();
  if (pa.size() != pb.size()) return false;
  for (const auto& p : pa) {
    if (!torch::equal(p.value(), pb[p.key()])) return false;
  }
  return true;
}

// The SAC update written with autograd in SB3's order: the reference for the hand-written one.
void autograd_update(algos::Sac& sac, const algos::Batch& b, double gamma, double tau) {
  const nets::PolicySample pi = sac.policy()->sample(b.observations, sac.noise_generator());
  const torch::Tensor log_alpha = sac.temperature()->log_alpha;
  const torch::Tensor alpha = log_alpha.detach().exp();
  const torch::Tensor alpha_loss = -(log_alpha * (pi.log_prob.detach() + sac.target_entropy())).mean();
  sac.alpha_optimizer().zero_grad();
  alpha_loss.backward();
  sac.alpha_optimizer().step();
  torch::Tensor y;
  {
    torch::NoGradGuard no_grad;
    const nets::PolicySample next = sac.policy()->sample(b.next_observations, sac.noise_generator());
    y = b.rewards + gamma * (1.0 - b.dones) *
                        (sac.critic_target()->min_q(b.next_observations, next.action) - alpha * next.log_prob);
  }
  auto [q1, q2] = sac.critic()->forward(b.observations, b.actions);
  const torch::Tensor critic_loss = 0.5 * ((q1 - y).square().mean() + (q2 - y).square().mean());
  sac.critic_optimizer().zero_grad();
  critic_loss.backward();
  sac.critic_optimizer().step();
  const torch::Tensor actor_loss = (alpha * pi.log_prob - sac.critic()->min_q(b.observations, pi.action)).mean();
  sac.actor_optimizer().zero_grad();
  actor_loss.backward({}, false, false, sac.policy()->parameters());
  sac.actor_optimizer().step();
  nets::soft_update(*sac.critic_target(), *sac.critic(), tau);
}

// The largest absolute difference between two modules' parameters.
double max_difference(const torch::nn::Module& a, const torch::nn::Module& b) {
  double d = 0;
  const auto pb = b.named_parameters();
  for (const auto& p : a.named_parameters()) d = std::max(d, (p.value() - pb[p.key()]).abs().max().item<double>());
  return d;
}

}  // namespace

class TestSac : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { torch::set_num_threads(1); }

  void log_prob_is_the_tanh_gaussian_density() {
    torch::manual_seed(0);
    nets::GaussianPolicy pi(5, 3, nets::NetShape{.hidden = 16, .depth = 2});
    torch::Generator gen = algos::make_generator(torch::kCPU, 1);
    const torch::Tensor obs = torch::randn({64, 5});
    const nets::PolicySample s = pi->sample(obs, gen);
    QCOMPARE(s.action.sizes(), (torch::IntArrayRef{64, 3}));
    QVERIFY(s.action.abs().max().item<float>() < 1.0f);
    // The same density by the textbook formula: N(u) / Π(1 − tanh(u)²).
    auto [mean, log_std] = pi->distribution(obs);
    const torch::Tensor u = torch::atanh(s.action.to(torch::kFloat64));
    const torch::Tensor std_ = log_std.exp().to(torch::kFloat64);
    const torch::Tensor z = (u - mean.to(torch::kFloat64)) / std_;
    const torch::Tensor textbook = (-0.5 * z.square() - std_.log() - 0.5 * std::log(2 * M_PI) -
                                    torch::log(1 - s.action.to(torch::kFloat64).square()))
                                       .sum(-1);
    const torch::Tensor recomputed = pi->log_prob(obs, s.action);
    QVERIFY(torch::allclose(recomputed, textbook, 1e-6, 1e-6));
    QVERIFY2(torch::allclose(s.log_prob.to(torch::kFloat64), recomputed, 1e-3, 1e-3),
             qPrintable(QString::number((s.log_prob.to(torch::kFloat64) - recomputed).abs().max().item<double>())));
    QVERIFY(torch::equal(pi->mean_action(obs), torch::tanh(mean)));
  }

  void hand_written_update_equals_autograd() {
    const algos::RunContext ctx{.device = torch::kCPU, .seed = 11, .obs_dim = 7, .act_dim = 3};
    algos::SacConfig c;
    c.shape = {.hidden = 32, .depth = 2};
    c.alpha = 0.3;
    algos::Sac hand(c, ctx), reference(c, ctx);
    // In float64, so that Adam's normalization cannot turn rounding noise in a near-zero gradient
    // into a full step of either sign.
    for (algos::Sac* s : {&hand, &reference}) {
      s->policy()->to(torch::kFloat64);
      s->critic()->to(torch::kFloat64);
      s->critic_target()->to(torch::kFloat64);
      s->temperature()->to(torch::kFloat64);
    }
    torch::manual_seed(5);
    const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
    for (int step = 0; step < 5; ++step) {
      algos::Batch b;
      b.observations = torch::randn({64, 7}, f64);
      b.actions = torch::rand({64, 3}, f64) * 2 - 1;
      b.rewards = torch::randn({64}, f64);
      b.next_observations = torch::randn({64, 7}, f64);
      b.dones = (torch::rand({64}, f64) < 0.2).to(torch::kFloat64);
      hand.update(b);
      autograd_update(reference, b, c.gamma, c.tau);
    }
    const double dp = max_difference(*hand.policy(), *reference.policy());
    const double dq = max_difference(*hand.critic(), *reference.critic());
    const double dt = max_difference(*hand.critic_target(), *reference.critic_target());
    QVERIFY2(dp < 1e-9 && dq < 1e-9 && dt < 1e-9, qPrintable(QString("policy %1 critic %2 target %3").arg(dp).arg(dq).arg(dt)));
    QVERIFY(std::abs(hand.alpha() - reference.alpha()) < 1e-12);
    QVERIFY(hand.alpha() != 0.3);
    // The parameters did move: the comparison is not between two untouched networks.
    algos::Sac untouched(c, ctx);
    QVERIFY(max_difference(*hand.policy(), *untouched.policy()) > 1e-4);
  }

  void env_state_round_trip_is_exact() {
    for (const std::string name : {"hopper", "walker2d", "ant"}) {
      auto env = make_env(name);
      env->reset(3);
      std::vector<float> a(size_t(env->action_dim()), 0.3f), o(size_t(env->observation_dim()));
      for (int i = 0; i < 20; ++i) env->step_into(a, o);
      const std::vector<double> saved = env->save_state();
      std::vector<std::vector<float>> first;
      std::vector<double> rewards;
      for (int i = 0; i < 30; ++i) {
        a[size_t(i) % a.size()] = -0.5f + 0.03f * float(i);
        rewards.push_back(env->step_into(a, o).reward);
        first.push_back(o);
      }
      auto other = make_env(name);
      other->reset(99);
      other->restore_state(saved);
      std::fill(a.begin(), a.end(), 0.3f);
      for (int i = 0; i < 30; ++i) {
        a[size_t(i) % a.size()] = -0.5f + 0.03f * float(i);
        QCOMPARE(other->step_into(a, o).reward, rewards[size_t(i)]);
        QVERIFY2(o == first[size_t(i)], name.c_str());
      }
      QVERIFY_THROWS_EXCEPTION(Error, other->restore_state(std::vector<double>(3, 0.0)));
    }
    ProjectileEnv p;
    p.reset(5);
    ProjectileEnv q;
    q.restore_state(p.save_state());
    QCOMPARE(q.height(), p.height());
  }

  void sac_learns_the_projectile_toy() {
    online::SacRunConfig c;
    c.env = "projectile";
    c.device = "cpu";
    c.steps = 3000;
    c.learning_starts = 500;
    c.checkpoint_every = 3000;
    c.eval_episodes = 100;
    c.log_every = 500;
    online::SacRun run(c);
    QCOMPARE(run.run().status, train::RunStatus::Completed);
    const EvalResult e = run.evaluate(200);
    QVERIFY2(e.score_mean >= 95.0, qPrintable(QString("normalized score %1").arg(e.score_mean)));
    QVERIFY(run.learner().alpha() < 1.0);  // the temperature learned towards the target entropy
  }

  void hopper_resume_equals_the_unbroken_run() {
    const online::SacRunConfig c = small_hopper();
    const std::string whole = test::tempPath("sac-whole").toStdString();
    const std::string split = test::tempPath("sac-split").toStdString();
    {
      online::SacRun run(c, whole);
      QCOMPARE(run.run().status, train::RunStatus::Completed);
    }
    {
      online::SacRun run(c, split);
      std::atomic<bool> stop{false};
      // Interrupted mid-interval (and mid-episode): the interruption writes a resume point.
      const train::RunResult r = run.run(&stop, [&] { stop = run.env_steps() == 650; });
      QCOMPARE(r.status, train::RunStatus::Interrupted);
    }
    {
      online::SacRun run(c, split, /*resume=*/true);
      QCOMPARE(run.env_steps(), int64_t{650});
      QCOMPARE(run.buffer().size(), int64_t{650});
      QCOMPARE(run.run().status, train::RunStatus::Completed);
    }
    const online::SacRunInfo a = online::read_sac_run(whole), b = online::read_sac_run(split);
    QCOMPARE(a.checkpoints.size(), size_t{3});  // 400, 800, 1000
    QCOMPARE(b.checkpoints.size(), size_t{3});
    for (size_t i = 0; i < a.checkpoints.size(); ++i) {
      QCOMPARE(a.checkpoints[i].env_steps, b.checkpoints[i].env_steps);
      QVERIFY(a.checkpoints[i].evaluated);
      const nets::GaussianPolicy pa = online::load_sac_policy(a, a.checkpoints[i]);
      const nets::GaussianPolicy pb = online::load_sac_policy(b, b.checkpoints[i]);
      QVERIFY2(same_parameters(*pa, *pb), qPrintable(QString("policy at %1").arg(a.checkpoints[i].env_steps)));
      QCOMPARE(a.checkpoints[i].return_mean, b.checkpoints[i].return_mean);
    }
    QCOMPARE(metric_records(split + "/metrics.jsonl"), metric_records(whole + "/metrics.jsonl"));
    const auto pa = train::read_eval_csv(whole + "/progress.csv"), pb = train::read_eval_csv(split + "/progress.csv");
    QCOMPARE(pa.size(), size_t{3});
    QCOMPARE(pb.size(), size_t{3});
    for (size_t i = 0; i < pa.size(); ++i) QCOMPARE(pa[i].return_mean, pb[i].return_mean);
  }

  void bad_settings_are_one_line_errors() {
    online::SacRunConfig c = small_hopper();
    c.env = "pogo";
    QVERIFY_THROWS_EXCEPTION(Error, online::SacRun{c});
    c = small_hopper();
    c.sac.tau = 2.0;
    try {
      online::SacRun run(c);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("sac.tau") != std::string::npos);
    }
    const std::string empty = test::tempPath("sac-empty").toStdString();
    std::filesystem::create_directories(empty);
    try {
      online::SacRun run(small_hopper(), empty, true);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("no checkpoint") != std::string::npos);
    }
    test::expectCliError({"sac", "--env", "hopper", "--steps", "10", "--out", test::tempPath("sac-bad-set"), "--set",
                          "sac.gamma=x"},
                         1, "sac.gamma");
  }
};

QTEST_APPLESS_MAIN(TestSac)
#include "test_sac.moc"
