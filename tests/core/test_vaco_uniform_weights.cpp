// With every weight fixed at 1, VACO's policy update is BC's: same seed, same batches, same
// parameters after several steps.
#include "core/algos/bc.h"
#include "core/algos/vaco.h"
#include "core/algos/value_pretraining.h"
#include "core/util/error.h"

#include <QtTest>

using namespace vaco;

namespace {

Transitions random_transitions(int64_t n, int64_t obs_dim, int64_t act_dim) {
  torch::manual_seed(5);
  Transitions t;
  t.observations = torch::randn({n, obs_dim});
  t.actions = torch::rand({n, act_dim}) * 2 - 1;
  t.rewards = torch::randn({n});
  t.next_observations = torch::randn({n, obs_dim});
  t.dones = torch::zeros({n});
  return t;
}

// VACO's default settings with `shape` for the policy and the scorer.
algos::VacoConfig vaco_with_shape(const nets::NetShape& shape) {
  algos::VacoConfig vc;
  vc.policy_shape = shape;
  vc.scorer.shape = shape;
  return vc;
}

double max_abs_diff(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double m = 0.0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, (a[i] - b[i]).abs().max().item<double>());
  return m;
}

// Runs BC and VACO(ones) side by side; returns the largest parameter gap after `steps`.
double run(bool reuse_inner) {
  const algos::RunContext ctx{.device = torch::kCPU, .seed = 21, .obs_dim = 3, .act_dim = 2};
  const nets::NetShape shape{.hidden = 32, .depth = 2};
  auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = shape}, ctx);
  algos::Bc bc(algos::BcConfig{.policy_shape = shape}, ctx);
  algos::VacoConfig vc = vaco_with_shape(shape);
  vc.normalization = algos::WeightNormalization::Ones;
  vc.reuse_inner_weights = reuse_inner;
  algos::Vaco vaco(vc, ctx, critic);
  const double start_gap = max_abs_diff(bc.policy()->parameters(), vaco.policy()->parameters());
  if (start_gap != 0.0) throw std::runtime_error("policies differ at initialization");
  algos::BatchSampler sampler(random_transitions(500, 3, 2), ctx.device, 64, 9);
  for (int i = 0; i < 20; ++i) {
    const algos::Batch b = sampler.sample();
    bc.update(b);
    vaco.update(b);
  }
  const double gap = max_abs_diff(bc.policy()->parameters(), vaco.policy()->parameters());
  // The update must have moved the policy, or the comparison says nothing.
  algos::Bc fresh(algos::BcConfig{.policy_shape = shape}, ctx);
  const double moved = max_abs_diff(bc.policy()->parameters(), fresh.policy()->parameters());
  qInfo("reuse_inner=%d: max |θ_bc - θ_vaco| = %.3g after 20 steps (policy moved by %.3g)", int(reuse_inner), gap,
        moved);
  if (!(moved > 1e-3)) throw std::runtime_error("the policy did not move");
  return gap;
}

}  // namespace

class TestVacoUniformWeights : public QObject {
  Q_OBJECT
 private slots:
  void recomputed_weights_equal_bc() { QVERIFY(run(false) < 1e-6); }
  void reused_inner_gradients_equal_bc() { QVERIFY(run(true) < 1e-6); }
  void cached_q_values_give_the_same_update() {
    // The Q cache only replaces the twin-Q forward of the batch: same parameters after 20 steps.
    const algos::RunContext ctx{.device = torch::kCPU, .seed = 8, .obs_dim = 3, .act_dim = 2};
    const nets::NetShape shape{.hidden = 32, .depth = 2};
    auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = shape}, ctx);
    algos::BatchSampler sampler(random_transitions(500, 3, 2), ctx.device, 64, 9);
    for (int i = 0; i < 50; ++i) critic->update(sampler.sample());
    algos::VacoConfig vc = vaco_with_shape(shape);
    vc.meta_lr = 1e-3;
    vc.update_critic = false;  // the cache holds a frozen critic's values
    algos::Vaco plain(vc, ctx, critic), cached(vc, ctx, critic);
    cached.cache_q_values(sampler.all());
    for (int i = 0; i < 20; ++i) {
      const algos::Batch b = sampler.sample();
      plain.update(b);
      cached.update(b);
    }
    const double gap = std::max(max_abs_diff(plain.policy()->parameters(), cached.policy()->parameters()),
                                max_abs_diff(plain.scorer()->parameters(), cached.scorer()->parameters()));
    qInfo("cached vs recomputed Q: max parameter gap %.3g", gap);
    QVERIFY(gap < 1e-5);
    vc.update_critic = true;
    algos::Vaco live(vc, ctx, critic);
    QVERIFY_THROWS_EXCEPTION(Error, live.cache_q_values(sampler.all()));
  }
  void weight_metrics_are_uniform() {
    const algos::RunContext ctx{.device = torch::kCPU, .seed = 1, .obs_dim = 3, .act_dim = 2};
    const nets::NetShape shape{.hidden = 16, .depth = 1};
    auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = shape}, ctx);
    algos::VacoConfig vc = vaco_with_shape(shape);
    vc.normalization = algos::WeightNormalization::Ones;
    algos::Vaco vaco(vc, ctx, critic);
    algos::BatchSampler sampler(random_transitions(100, 3, 2), ctx.device, 32, 2);
    for (int i = 0; i < 3; ++i) vaco.update(sampler.sample());
    auto m = vaco.metrics().drain();
    QCOMPARE(m.at("ess"), 1.0);
    QCOMPARE(m.at("weight_max"), 1.0);
    QVERIFY(m.count("inner_loss") && m.count("outer_loss") && m.count("sigma"));
    QVERIFY(vaco.metrics().empty());
  }
  void cosine_policy_lr_follows_the_step_count() {
    // vaco.policy_lr_cosine: half the rate halfway through the schedule (reported as policy_lr),
    // none at its end, where an update leaves θ as it was; the plain rate without the flag.
    const algos::RunContext ctx{.device = torch::kCPU, .seed = 4, .obs_dim = 3, .act_dim = 2};
    const nets::NetShape shape{.hidden = 16, .depth = 1};
    auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = shape}, ctx);
    algos::VacoConfig vc = vaco_with_shape(shape);
    vc.policy_lr = 1e-3;
    vc.policy_lr_cosine = true;
    vc.schedule_steps = 10;
    algos::Vaco vaco(vc, ctx, critic);
    algos::BatchSampler sampler(random_transitions(100, 3, 2), ctx.device, 32, 2);
    vaco.set_steps(5);
    vaco.update(sampler.sample());
    QVERIFY(std::abs(vaco.metrics().drain().at("policy_lr") - 0.5e-3) < 1e-15);
    vaco.set_steps(10);
    std::vector<torch::Tensor> before;
    for (const auto& p : vaco.policy()->parameters()) before.push_back(p.detach().clone());
    vaco.update(sampler.sample());
    QCOMPARE(vaco.metrics().drain().at("policy_lr"), 0.0);
    QCOMPARE(max_abs_diff(before, vaco.policy()->parameters()), 0.0);
    vc.policy_lr_cosine = false;
    algos::Vaco plain(vc, ctx, critic);
    plain.set_steps(10);
    before.clear();
    for (const auto& p : plain.policy()->parameters()) before.push_back(p.detach().clone());
    plain.update(sampler.sample());
    QVERIFY(plain.metrics().drain().count("policy_lr") == 0);
    QVERIFY(max_abs_diff(before, plain.policy()->parameters()) > 1e-5);
  }
};

QTEST_APPLESS_MAIN(TestVacoUniformWeights)
#include "test_vaco_uniform_weights.moc"
