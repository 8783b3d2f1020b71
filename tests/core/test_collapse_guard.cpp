// The weight collapse seen on Hopper, made small: a synthetic dataset where a few samples (3%) have
// artificially high Q. The plain paper form piles the weights onto them (the effective sample
// size falls); with the default guard (ESS floor) the ESS of the weights used stays at or above
// the floor. The meta learning rate is raised to 1e-2 so that the collapse shows in 400 steps.
#include "core/algos/batch_weights.h"
#include "core/algos/vaco.h"
#include "core/algos/value_pretraining.h"
#include "core/util/error.h"

#include <QtTest>

#include <algorithm>
#include <cstdlib>
#include <memory>

using namespace vaco;

namespace {

double env_num(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v ? std::atof(v) : fallback;
}

const nets::NetShape kShape{.hidden = 32, .depth = 2};
const int64_t kSteps = int64_t(env_num("VACO_COLLAPSE_STEPS", 400));
const double kMetaLr = env_num("VACO_COLLAPSE_META_LR", 1e-2);
const double kInnerLr = env_num("VACO_COLLAPSE_INNER_LR", 1e-2);

// 97% ordinary samples (actions in [-0.9, 0.5], reward −a²) and 3% spikes (actions near 0.8,
// reward 20): the critic rates the spikes' actions far above everything else.
Transitions spiky_transitions(int64_t n) {
  torch::manual_seed(17);
  Transitions t;
  t.observations = torch::rand({n, 2}) * 2 - 1;
  t.actions = torch::rand({n, 1}) * 1.4 - 0.9;
  const torch::Tensor spike = torch::rand({n}) < 0.03;
  t.actions.index_put_({spike}, 0.8 + 0.02 * torch::randn({spike.sum().item<int64_t>(), 1}));
  t.rewards = torch::where(spike, torch::full({n}, 20.0), -t.actions.squeeze(1).square());
  t.next_observations = t.observations.clone();
  t.dones = torch::ones({n});
  return t;
}

struct Trace {
  double ess_first = 0, ess_last = 0, ess_min = 1, ess_raw_last = 0, max_weight_last = 0;
};

Trace run(algos::VacoConfig vc, const std::shared_ptr<algos::ValuePretraining>& critic, algos::BatchSampler& sampler) {
  const algos::RunContext ctx{.device = torch::kCPU, .seed = 4, .obs_dim = 2, .act_dim = 1};
  vc.policy_shape = kShape;
  vc.scorer.shape = kShape;
  vc.meta_lr = kMetaLr;
  vc.inner_lr = kInnerLr;
  vc.schedule_steps = kSteps;
  algos::Vaco vaco(vc, ctx, critic);
  Trace tr;
  for (int64_t i = 0; i < kSteps; i += 20) {
    for (int k = 0; k < 20; ++k) vaco.update(sampler.sample());
    auto m = vaco.metrics().drain();
    if (i == 0) tr.ess_first = m.at("ess");
    tr.ess_last = m.at("ess");
    tr.ess_min = std::min(tr.ess_min, m.at("ess"));
    tr.ess_raw_last = m.at("ess_raw");
    tr.max_weight_last = m.at("weight_max_over_mean");
  }
  return tr;
}

}  // namespace

class TestCollapseGuard : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { torch::set_num_threads(1); }
  void plain_form_collapses_guard_holds_floor() {
    const algos::RunContext ctx{.device = torch::kCPU, .seed = 4, .obs_dim = 2, .act_dim = 1};
    algos::BatchSampler sampler(spiky_transitions(4096), ctx.device, 256, 8);
    auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = kShape, .lr = 1e-3}, ctx);
    for (int i = 0; i < 1500; ++i) critic->update(sampler.sample());
    {
      const algos::Batch all = sampler.gather(torch::arange(4096));
      const torch::Tensor q = critic->q_value(all.observations, all.actions);
      const torch::Tensor spike = all.rewards > 10;
      qInfo("critic: mean Q on the spikes %.2f, elsewhere %.2f", q.index({spike}).mean().item<double>(),
            q.index({~spike}).mean().item<double>());
    }

    const Trace plain = run(algos::VacoConfig::paper(), critic, sampler);
    qInfo("plain paper form: ESS %.3f -> %.3f, max weight %.1fx the mean", plain.ess_first, plain.ess_last,
          plain.max_weight_last);
    const algos::VacoConfig guarded;  // the default: ESS floor guard
    const double floor = guarded.guard.ess_floor;
    const Trace g = run(guarded, critic, sampler);
    qInfo("default guard (floor %.2f): ESS %.3f -> %.3f (min %.3f), pre-guard ESS %.3f, max weight %.1fx", floor,
          g.ess_first, g.ess_last, g.ess_min, g.ess_raw_last, g.max_weight_last);
    algos::VacoConfig kl = algos::VacoConfig::paper();
    kl.guard.kl_penalty = 1.0;
    const Trace k = run(kl, critic, sampler);
    qInfo("KL-to-uniform penalty 1.0 alone: ESS %.3f -> %.3f, max weight %.1fx", k.ess_first, k.ess_last,
          k.max_weight_last);

    QVERIFY2(plain.ess_last < floor, "the plain form should collapse below the floor on this data");
    QVERIFY(plain.ess_last < 0.5 * plain.ess_first);
    QVERIFY2(g.ess_min >= floor - 1e-4, "the guard must keep the ESS at or above its floor");
    QVERIFY(g.ess_last > plain.ess_last);
  }

  // The trust guard: the floor moves between trust_floor (weights that do not rank trajectories
  // by return) and ess_floor (weights that do), and the weights keep the floor in force.
  void trust_guard_sets_the_floor_from_r() {
    const algos::RunContext ctx{.device = torch::kCPU, .seed = 4, .obs_dim = 2, .act_dim = 1};
    algos::BatchSampler sampler(spiky_transitions(4096), ctx.device, 256, 8);
    auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = kShape, .lr = 1e-3}, ctx);
    for (int i = 0; i < 300; ++i) critic->update(sampler.sample());
    algos::VacoConfig vc;
    vc.policy_shape = vc.scorer.shape = kShape;
    vc.meta_lr = kMetaLr;
    vc.guard.ess_floor = 0.3;
    vc.guard.trust_floor = 0.9;
    algos::Vaco vaco(vc, ctx, critic);
    QCOMPARE(vaco.return_agreement_every(), int64_t(1000));
    QCOMPARE(vaco.ess_floor(), 0.9);  // until the first measurement
    // Trains 60 steps after a measurement r; returns the ESS of a batch's weights then, and
    // checks that the floor logged is the floor in force.
    double logged_floor = 0.0;
    const auto ess_after = [&](double r) {
      vaco.observe_return_agreement(r);
      for (int k = 0; k < 60; ++k) vaco.update(sampler.sample());
      logged_floor = vaco.metrics().drain().at("ess_floor");
      const algos::Batch b = sampler.sample();
      return algos::effective_sample_size(vaco.weights(b.observations, b.actions)).item<double>();
    };
    const double ess_distrust = ess_after(-0.4);  // r <= 0: no trust
    QCOMPARE(vaco.ess_floor(), 0.9);
    QCOMPARE(logged_floor, 0.9);
    QVERIFY2(ess_distrust >= 0.9 - 1e-4, qPrintable(QString::number(ess_distrust)));
    (void)ess_after(0.5);
    QVERIFY(std::abs(vaco.ess_floor() - 0.6) < 1e-12);
    const double ess_trust = ess_after(1.0);
    QVERIFY(std::abs(vaco.ess_floor() - 0.3) < 1e-12);
    QVERIFY(std::abs(logged_floor - 0.3) < 1e-12);
    QVERIFY2(ess_trust >= 0.3 - 1e-4, qPrintable(QString::number(ess_trust)));
    (void)ess_after(std::nan(""));  // r undefined: no trust
    QCOMPARE(vaco.ess_floor(), 0.9);
    // The floor in force is part of the checkpoint; off by default.
    algos::CheckpointParts parts;
    vaco.add_checkpoint_parts(parts);
    QCOMPARE(parts.tensors.size(), size_t(1));
    QCOMPARE(QString::fromStdString(parts.tensors[0].first), QString("guard_floor"));
    algos::Vaco plain(algos::VacoConfig{.policy_shape = kShape}, ctx, critic);
    algos::CheckpointParts none;
    plain.add_checkpoint_parts(none);
    QVERIFY(none.tensors.empty());
    QCOMPARE(plain.return_agreement_every(), int64_t(0));
  }

  // State centring: a scorer that favours some states as a whole (a random net with a large gain,
  // frozen by meta_lr 0) gives whole states a mean weight near 0; with vaco.state_centred the
  // centre learns each state's mean raw score and every state's actions average a weight near 1;
  // with vaco.centre_fraction 0.5 the states' mean weights spread between the two; with
  // vaco.centre_expectile 0.9 each state keeps fewer of its actions.
  void state_centring_keeps_every_state_weighted() {
    const int64_t states = 8, per_state = 64, n = states * per_state;
    torch::manual_seed(5);
    Transitions t;
    t.observations = (torch::rand({states, 2}) * 2 - 1).repeat_interleave(per_state, 0);
    t.actions = torch::rand({n, 1}) * 1.8 - 0.9;
    t.rewards = -t.actions.squeeze(1).square();
    t.next_observations = t.observations.clone();
    t.dones = torch::ones({n});
    const algos::RunContext ctx{.device = torch::kCPU, .seed = 4, .obs_dim = 2, .act_dim = 1};
    algos::BatchSampler sampler(t, ctx.device, 128, 8);
    auto critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{.shape = kShape, .lr = 1e-3}, ctx);
    for (int i = 0; i < 100; ++i) critic->update(sampler.sample());
    const algos::Batch all = sampler.gather(torch::arange(n));
    // The mean weight of each state's actions, smallest and largest over the states.
    const auto state_means = [&](algos::Vaco& v) {
      const torch::Tensor w = v.weights(all.observations, all.actions).view({states, per_state}).mean(1);
      return std::pair{w.min().item<double>(), w.max().item<double>()};
    };
    algos::VacoConfig vc = algos::VacoConfig::paper();
    vc.policy_shape = vc.scorer.shape = kShape;
    vc.meta_lr = 0.0;
    vc.centre_lr = 1e-2;
    const auto make = [&](bool centred) {
      vc.state_centred = centred;
      auto v = std::make_unique<algos::Vaco>(vc, ctx, critic);
      torch::NoGradGuard g;
      for (auto& p : v->scorer()->parameters()) p.mul_(6.0);
      return v;
    };
    auto plain = make(false), centred = make(true);
    for (int i = 0; i < 400; ++i) centred->update(sampler.sample());
    const auto [plain_lo, plain_hi] = state_means(*plain);
    const auto [centred_lo, centred_hi] = state_means(*centred);
    qInfo("mean weight per state: plain %.3f-%.3f, state centred %.3f-%.3f", plain_lo, plain_hi, centred_lo, centred_hi);
    QVERIFY2(plain_lo < 0.3 * plain_hi, "the scorer should favour some states as a whole");
    // Not exactly 1: the centre is the mean raw score, and sigmoid(raw - centre) is not symmetric
    // about it when a state's raw scores are skewed.
    QVERIFY2(centred_lo > 0.6 && centred_hi < 1.6, "every state's actions should average a weight near 1");
    const auto [plain_ess, centred_ess] = std::pair{
        algos::effective_sample_size(plain->weights(all.observations, all.actions)).item<double>(),
        algos::effective_sample_size(centred->weights(all.observations, all.actions)).item<double>()};
    QVERIFY2(centred_ess < 0.95, "within a state the actions keep different weights");
    qInfo("ESS: plain %.3f, state centred %.3f", plain_ess, centred_ess);
    // Half the centre taken off: the states keep part of their standing, between the two.
    vc.centre_fraction = 0.5;
    auto half = make(true);
    for (int i = 0; i < 400; ++i) half->update(sampler.sample());
    const auto [half_lo, half_hi] = state_means(*half);
    qInfo("mean weight per state, half the centre: %.3f-%.3f", half_lo, half_hi);
    QVERIFY2(half_hi / half_lo > centred_hi / centred_lo, "half a centre should leave the states some standing");
    QVERIFY2(half_hi / half_lo < plain_hi / plain_lo, "half a centre should still narrow the states' spread");
    // A centre at the scores' 0.9-expectile: in every state fewer actions score over it, so the
    // weights hold fewer of them (a lower ESS) and still spread over every state.
    vc.centre_fraction = 1.0;
    vc.centre_expectile = 0.9;
    auto upper = make(true);
    for (int i = 0; i < 400; ++i) upper->update(sampler.sample());
    const double upper_ess = algos::effective_sample_size(upper->weights(all.observations, all.actions)).item<double>();
    const auto [upper_lo, upper_hi] = state_means(*upper);
    qInfo("centre at the 0.9-expectile: ESS %.3f, mean weight per state %.3f-%.3f", upper_ess, upper_lo, upper_hi);
    QVERIFY2(upper_ess < centred_ess - 0.1, "a higher centre should hold fewer of each state's actions");
    QVERIFY2(upper_lo > 0.3 && upper_hi / upper_lo < plain_hi / plain_lo, "a higher centre should still weight every state");
    // The centre is part of the checkpoint.
    algos::CheckpointParts parts;
    centred->add_checkpoint_parts(parts);
    QVERIFY(std::any_of(parts.modules.begin(), parts.modules.end(), [](const auto& m) { return m.first == "centre"; }));
  }

  void a_score_temperature_holds_the_weights_scale() {
    // The scorer's outputs grown a thousandfold (as its scale drifts over a long run): at the
    // scorer's own scale the sigmoid saturates into a 0/1 mask; with a temperature the weights
    // do not change at all, and stay graded.
    torch::manual_seed(3);
    const int64_t n = 512;
    const torch::Tensor obs = torch::randn({n, 2}), act = torch::randn({n, 1}), q = torch::randn({n});
    nets::MetaScorer scorer(2, 1, nets::MetaScorerOptions{.shape = kShape});
    const auto weights = [&](double temperature) {
      algos::VacoConfig c = algos::VacoConfig::paper();
      c.score_temperature = temperature;
      torch::NoGradGuard g;
      return algos::vaco_weights(c, *scorer, obs, act, q).first;
    };
    // Share of weights at the mask's two ends: within 1% of the batch's largest weight, or of 0.
    const auto at_ends = [](const torch::Tensor& w) {
      const torch::Tensor top = w.max();
      return ((w < 0.01 * top) | (w > 0.99 * top)).to(torch::kFloat64).mean().item<double>();
    };
    const torch::Tensor graded = weights(2.0);
    {
      torch::NoGradGuard g;
      auto params = scorer->parameters();
      params[params.size() - 2].mul_(1000.0);  // the output layer's weight and bias
      params[params.size() - 1].mul_(1000.0);
    }
    const torch::Tensor scaled = weights(2.0), raw = weights(0.0);
    QVERIFY(torch::allclose(graded, scaled, 1e-4, 1e-5));
    qInfo("weights at the ends: tempered %.2f, raw scale x1000 %.2f", at_ends(scaled), at_ends(raw));
    QVERIFY(at_ends(raw) > 0.9);
    QVERIFY(at_ends(scaled) < 0.2);
    // A negative temperature is refused, naming the key.
    algos::VacoConfig bad;
    bad.score_temperature = -1;
    QVERIFY_THROWS_EXCEPTION(SettingError, bad.validate());
  }
};

QTEST_APPLESS_MAIN(TestCollapseGuard)
#include "test_collapse_guard.moc"
