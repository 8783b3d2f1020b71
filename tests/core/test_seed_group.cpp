// Seeds batched in one process (train::SeedGroup, `vaco train --seeds`): the stacked network
// equals its K networks, and K seeds trained together equal K separate runs of the same seeds
// (stacked policy steps within float tolerance, learners without one stepped in turn exactly), through a stop and a
// resume; bad seed lists are refused in one line.
#include "core/algos/batch_weights.h"
#include "core/algos/bc.h"
#include "core/algos/vaco.h"
#include "core/algos/value_pretraining.h"
#include "core/nets/functional_mlp.h"
#include "core/nets/mlp.h"
#include "core/nets/seed_stack.h"
#include "core/train/csv_eval_sink.h"
#include "core/train/run_dir.h"
#include "core/train/seed_group.h"
#include "core/train/trainer.h"

#include <QtTest>

#include "tests/support/projectile_runs.h"
#include "tests/support/synthetic_transitions.h"
#include "tests/support/test_support.h"

using namespace vaco;
using namespace vaco::train;

namespace {

const Dataset& data() { return test::projectileDataset(2000, 3); }

// The shared small run, checkpoints off.
TrainConfig small(const std::string& algo) {
  TrainConfig c = test::smallProjectileConfig(algo);
  c.checkpoint_every = 0;
  return c;
}

// The largest difference between two runs' networks: the policies, and the critics' V, Q and
// target Q when the runs have them.
double policy_gap(Trainer& a, Trainer& b) {
  double gap = 0;
  const auto add = [&gap](const std::vector<torch::Tensor>& pa, const std::vector<torch::Tensor>& pb) {
    for (size_t i = 0; i < pa.size(); ++i) gap = std::max(gap, (pa[i] - pb[i]).abs().max().item<double>());
  };
  add(a.learner().policy()->parameters(), b.learner().policy()->parameters());
  if (a.critic()) {
    add(a.critic()->v()->parameters(), b.critic()->v()->parameters());
    add(a.critic()->q()->parameters(), b.critic()->q()->parameters());
    add(a.critic()->q_target()->parameters(), b.critic()->q_target()->parameters());
  }
  return gap;
}

// Each run's last policy_loss record, and its eval.csv scores.
std::vector<double> eval_scores(const std::string& run_dir) {
  std::vector<double> s;
  for (const EvalLine& l : read_eval_csv(RunDir(run_dir).eval_csv())) s.push_back(l.score_mean);
  return s;
}

// How far the normalized scores (0-100) of stacked and separate runs may differ: the float gap
// between their parameters (under 1e-4, checked apart) moves a score near 91 by 1.3e-3 on an
// AVX-512 CPU, so a hundredth of a point.
constexpr double kStackedEvalTolerance = 1e-2;

// Separate runs of `seeds` and one batched group of the same; sets `gap` to the largest policy gap
// and checks that the run directories hold the same evaluations (within `eval_tolerance`).
void compare_with_separate_runs(const TrainConfig& c, const std::vector<uint64_t>& seeds, double eval_tolerance,
                                double& gap) {
  static int comparison = 0;  // every comparison in its own folders
  const QString tag = QString("%1-%2").arg(c.algo.c_str()).arg(++comparison);
  std::vector<std::string> group_dirs;
  for (uint64_t s : seeds) group_dirs.push_back(test::tempPath(QString("group-%1-%2").arg(tag).arg(s)).toStdString());
  SeedGroup group(c, seeds, data(), group_dirs);
  const std::vector<RunResult> results = group.run();
  gap = 0;
  for (size_t k = 0; k < seeds.size(); ++k) {
    QCOMPARE(int(results[k].status), int(RunStatus::Completed));
    TrainConfig one = c;
    one.seed = seeds[k];
    const std::string dir = test::tempPath(QString("single-%1-%2").arg(tag).arg(seeds[k])).toStdString();
    Trainer single(one, data(), dir);
    QCOMPARE(int(single.run().status), int(RunStatus::Completed));
    QCOMPARE(group.runs()[k]->global_step(), single.global_step());
    QCOMPARE(group.runs()[k]->config().seed, seeds[k]);
    gap = std::max(gap, policy_gap(*group.runs()[k], single));
    const std::vector<double> a = eval_scores(group_dirs[k]), b = eval_scores(dir);
    QCOMPARE(a.size(), size_t{2});  // at policy step 30 and at the end (60), none twice
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) QVERIFY2(std::abs(a[i] - b[i]) <= eval_tolerance, qPrintable(QString::number(a[i] - b[i])));
    QVERIFY(QFile::exists(QString::fromStdString(RunDir(group_dirs[k]).policy_pt())));
  }
  // The seeds must have trained different policies, or the comparison says little.
  QVERIFY(policy_gap(*group.runs()[0], *group.runs()[1]) > 1e-3);
}

}  // namespace

class TestSeedGroup : public QObject {
  Q_OBJECT
 private slots:
  void stacked_network_equals_each_network() {
    std::vector<std::vector<torch::Tensor>> per_seed;
    std::vector<torch::Tensor> inputs;
    for (int k = 0; k < 3; ++k) {
      torch::manual_seed(10 + k);
      nets::Mlp net(5, 2, nets::NetShape{.hidden = 16, .depth = 2});
      per_seed.push_back(net->layer_parameters());
      inputs.push_back(torch::randn({7, 5}));
    }
    const std::vector<torch::Tensor> stacked = nets::stacked_leaves(per_seed);
    QCOMPARE(stacked.front().sizes().vec(), (std::vector<int64_t>{3, 16, 5}));
    QVERIFY(stacked.front().is_leaf() && stacked.front().requires_grad());
    const torch::Tensor out = nets::functional_mlp(nets::stack_seeds(inputs), stacked);
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{3, 7, 2}));
    for (int k = 0; k < 3; ++k) {
      const torch::Tensor one = nets::functional_mlp(inputs[k], per_seed[k]);
      QVERIFY((out[k] - one).abs().max().item<double>() < 1e-5);
    }
    // Each seed's gradient is its own network's.
    out.square().sum().backward();
    nets::scatter_grads(stacked, per_seed);
    for (int k = 0; k < 3; ++k) {
      std::vector<torch::Tensor> own;
      for (const auto& p : per_seed[k]) own.push_back(p.detach().clone().requires_grad_(true));
      nets::functional_mlp(inputs[k], own).square().sum().backward();
      for (size_t p = 0; p < own.size(); ++p)
        QVERIFY((per_seed[k][p].grad() - own[p].grad()).abs().max().item<double>() < 1e-4);
    }
    const std::string e = test::errorOf([&] { (void)nets::functional_mlp(inputs[0], stacked); });
    QVERIFY2(e.find("stacked weights") != std::string::npos, e.c_str());
    per_seed[1].pop_back();
    QVERIFY(test::errorOf([&] { (void)nets::stacked_leaves(per_seed); }).find("differ") != std::string::npos);
  }

  void stacked_backward_passes_and_weights_equal_each_seeds() {
    // The hand-written backward passes (deltas, weighted gradients, dot products with tangents)
    // and the batch weights' reductions, on stacked inputs, equal each seed's own.
    const int64_t K = 3, B = 6;
    std::vector<std::vector<torch::Tensor>> per_seed;
    for (int k = 0; k < K; ++k) {
      torch::manual_seed(20 + k);
      per_seed.push_back(nets::Mlp(4, 2, nets::NetShape{.hidden = 8, .depth = 2})->layer_parameters());
    }
    torch::NoGradGuard no_grad;
    const std::vector<torch::Tensor> stacked = nets::stacked_leaves(per_seed);
    const torch::Tensor x = torch::randn({K, B, 4}), d_out = torch::randn({K, B, 2}), w = torch::rand({K, B}) + 0.1;
    std::vector<torch::Tensor> tangents;
    for (const auto& p : stacked) tangents.push_back(torch::randn_like(p));
    std::vector<torch::Tensor> inputs;
    (void)nets::functional_mlp(x, stacked, &inputs);
    const auto deltas = nets::functional_mlp_deltas(inputs, stacked, d_out);
    const auto grads = nets::functional_mlp_weighted_grads(inputs, deltas, w);
    const torch::Tensor dots = nets::functional_mlp_grad_dots(inputs, deltas, tangents);
    const auto close = [](const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>() < 1e-4; };
    for (int64_t k = 0; k < K; ++k) {
      std::vector<torch::Tensor> in_k, tan_k;
      (void)nets::functional_mlp(x[k], per_seed[k], &in_k);
      for (const auto& t : tangents) tan_k.push_back(t[k]);
      const auto d_k = nets::functional_mlp_deltas(in_k, per_seed[k], d_out[k]);
      const auto g_k = nets::functional_mlp_weighted_grads(in_k, d_k, w[k]);
      for (size_t p = 0; p < g_k.size(); ++p) QVERIFY(close(grads[p][k], g_k[p]));
      QVERIFY(close(dots[k], nets::functional_mlp_grad_dots(in_k, d_k, tan_k)));
      for (auto mode : {algos::WeightNormalization::SigmoidMean, algos::WeightNormalization::SoftmaxBatch})
        QVERIFY(close(algos::normalize_weights(w, mode)[k], algos::normalize_weights(w[k], mode)));
      QVERIFY(close(algos::effective_sample_size(w)[k], algos::effective_sample_size(w[k])));
      QVERIFY(close(algos::ess_floor_guard(w, 0.9)[k], algos::ess_floor_guard(w[k], 0.9)));
      QVERIFY(close(algos::blend_uniform(w, 0.3)[k], algos::blend_uniform(w[k], 0.3)));
      QVERIFY(close(algos::kl_to_uniform(w)[k], algos::kl_to_uniform(w[k])));
    }
    QCOMPARE(algos::effective_sample_size(w[0]).dim(), int64_t{0});  // one seed's is still a scalar
  }

  void stacked_steps_equal_separate_runs() {
    // bc, the weighted learners and IQL stack their policies' steps, every value phase and IQL's
    // critic their value steps; vaco's value phase is stacked and its policy phase steps in turn.
    for (const char* algo : {"bc", "awr", "iql", "vaco"}) {
      double gap = -1;
      compare_with_separate_runs(small(algo), {5, 6, 7}, kStackedEvalTolerance, gap);
      if (QTest::currentTestFailed()) return;
      qInfo("%s: batched vs separate runs, largest parameter gap %.3g", algo, gap);
      QVERIFY2(gap < 1e-4, algo);
    }
  }

  void vaco_variants_equal_separate_runs() {
    // The stacked step under the exact meta-gradient, the score temperature and the outer loss's
    // Q normalization (per-seed statistics everywhere), and with a live critic; the policy baseline
    // steps in turn, its live critic too, after a value phase whose stacked steps left the critics'
    // gradients as views.
    TrainConfig c = small("vaco");
    c.vaco.update_critic = false;  // the frozen critic's Q cache, stacked
    c.vaco.meta_gradient = algos::MetaGradient::ForwardMode;
    c.vaco.score_temperature = 2.0;
    c.vaco.normalize_outer_q = true;
    c.vaco.sigma0 = 0.3;
    double gap = -1;
    compare_with_separate_runs(c, {2, 3}, kStackedEvalTolerance, gap);
    if (QTest::currentTestFailed()) return;
    qInfo("vaco forward + temperature + q normalization: largest parameter gap %.3g", gap);
    QVERIFY(gap < 1e-4);
    c = small("vaco");
    c.vaco.policy_baseline = true;
    QVERIFY(c.vaco.update_critic);  // the default
    compare_with_separate_runs(c, {2, 3}, kStackedEvalTolerance, gap);
    if (QTest::currentTestFailed()) return;
    QVERIFY(gap < 1e-4);
    // The default form: the critic trained on through the policy phase (its steps stacked too) with
    // the annealed rate.
    c = small("vaco");
    c.vaco.update_critic = true;
    c.vaco.policy_lr_cosine = true;
    compare_with_separate_runs(c, {2, 3}, kStackedEvalTolerance, gap);
    if (QTest::currentTestFailed()) return;
    qInfo("vaco with a live critic: largest parameter gap %.3g", gap);
    QVERIFY(gap < 1e-4);
  }

  void a_vaco_group_left_with_one_seed_steps_on() {
    // Stacked steps leave each seed's gradients as slices of the stacked ones. When a failed seed
    // leaves one learner, VACO steps it alone (update(), no stacked step for one), and its own
    // optimizers, the critic's too, must take those gradients over.
    algos::BatchSampler sampler(test::hopperShapedTransitions(500, 3), torch::kCPU, 32, 1);
    std::vector<std::unique_ptr<algos::Vaco>> learners;
    for (uint64_t seed : {0, 1}) {
      const algos::RunContext ctx{.device = torch::kCPU, .seed = seed, .obs_dim = 17, .act_dim = 6};
      const nets::NetShape shape{.hidden = 16, .depth = 1};
      auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = shape}, ctx);
      learners.push_back(std::make_unique<algos::Vaco>(
          algos::VacoConfig{.policy_shape = shape, .scorer = {.shape = shape}}, ctx, critic));
    }
    QVERIFY(learners[0]->config().update_critic && learners[0]->config().state_centred);  // the default
    std::vector<algos::Algorithm*> both{learners[0].get(), learners[1].get()};
    for (int i = 0; i < 3; ++i) learners[0]->update_seeds(both, {sampler.sample(), sampler.sample()});
    std::vector<torch::Tensor> before;
    for (const auto& p : learners[0]->policy()->parameters()) before.push_back(p.detach().clone());
    learners[0]->update_seeds({learners[0].get()}, {sampler.sample()});
    double moved = 0;
    const auto after = learners[0]->policy()->parameters();
    for (size_t i = 0; i < before.size(); ++i)
      moved = std::max(moved, (after[i] - before[i]).abs().max().item<double>());
    QVERIFY2(moved > 0, "the lone seed's policy did not step");
  }

  void learners_without_a_stacked_step_take_turns_exactly() {
    // TD3+BC has no stacked step: its seeds step in turn, which is the separate runs' work exactly.
    double gap = -1;
    compare_with_separate_runs(small("td3bc"), {1, 2}, 0.0, gap);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(gap, 0.0);
  }

  void a_stopped_group_resumes_as_if_never_stopped() {
    TrainConfig c = small("bc");
    c.checkpoint_every = 25;
    const std::vector<uint64_t> seeds{3, 4};
    std::vector<std::string> dirs;
    for (uint64_t s : seeds) dirs.push_back(test::tempPath(QString("resumed-%1").arg(s)).toStdString());
    {
      SeedGroup group(c, seeds, data(), dirs);
      for (int i = 0; i < 37; ++i) QVERIFY(group.step());
      std::atomic<bool> stop{true};
      for (const RunResult& r : group.run(&stop)) QCOMPARE(int(r.status), int(RunStatus::Interrupted));
    }
    SeedGroup resumed(c, seeds, data(), dirs, /*resume=*/true);
    QCOMPARE(resumed.runs()[0]->global_step(), int64_t{37});
    for (const RunResult& r : resumed.run()) QCOMPARE(int(r.status), int(RunStatus::Completed));
    for (size_t k = 0; k < seeds.size(); ++k) {
      TrainConfig one = c;
      one.seed = seeds[k];
      Trainer single(one, data());
      (void)single.run();
      QVERIFY(policy_gap(*resumed.runs()[k], single) < 1e-4);
    }
  }

  void bad_seed_lists_are_refused() {
    const TrainConfig c = small("bc");
    const std::string d = test::tempPath("bad-seeds").toStdString();
    QVERIFY(test::errorOf([&] { SeedGroup g(c, {}, data(), {}); }).find("no seeds") != std::string::npos);
    QVERIFY(test::errorOf([&] { SeedGroup g(c, {1, 1}, data(), {d + "a", d + "b"}); }).find("twice") != std::string::npos);
    QVERIFY(test::errorOf([&] { SeedGroup g(c, {1, 2}, data(), {d}); }).find("one run directory per seed") !=
            std::string::npos);
    QCOMPARE(seed_run_dir("out", 4), std::string("out/seed-4"));
    // A stacked step takes one batch per seed, and learners of its own kind only.
    const algos::RunContext ctx{.seed = 1, .obs_dim = 3, .act_dim = 2};
    algos::Bc a(algos::BcConfig{.policy_shape = {.hidden = 8, .depth = 1}}, ctx), b(algos::BcConfig{.policy_shape = {.hidden = 8, .depth = 1}}, ctx);
    algos::ValuePretraining v(algos::ValueConfig{.shape = {.hidden = 8, .depth = 1}}, ctx);
    const algos::Batch batch{.observations = torch::zeros({4, 3}), .actions = torch::zeros({4, 2})};
    QVERIFY(test::errorOf([&] { a.update_seeds({&a, &b}, {batch}); }).find("one batch per seed") != std::string::npos);
    QVERIFY(test::errorOf([&] { a.update_seeds({&a, &v}, {batch, batch}); }).find("must all be bc learners") !=
            std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestSeedGroup)
#include "test_seed_group.moc"
