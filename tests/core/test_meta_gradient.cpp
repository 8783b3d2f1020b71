// VACO's meta-gradient (phi's gradient through the one-step unrolled inner update) against
// central finite differences, on tiny float64 networks.
#include "core/algos/vaco.h"
#include "core/nets/critics.h"
#include "core/nets/meta_scorer.h"
#include "core/nets/policy.h"
#include "core/util/error.h"

#include <QtTest>

using namespace vaco;

namespace {

struct Tiny {
  nets::Policy policy{nullptr};
  nets::MetaScorer scorer{nullptr};
  nets::TwinQ critic{nullptr};
  algos::Batch batch;
  torch::Tensor q_data, noise;
  algos::ScorerBaseline baseline;  ///< π(s) and its Q (policy_baseline), a state centre (state_centred)
};

Tiny make_tiny(const algos::VacoConfig& c, double scorer_gain) {
  torch::manual_seed(11);
  const int64_t obs_dim = 2, act_dim = 1, B = 16;
  const nets::NetShape shape{.hidden = 5, .depth = 1};
  Tiny t;
  t.policy = nets::Policy(obs_dim, act_dim, shape);
  nets::MetaScorerOptions so = c.scorer;
  so.shape = shape;
  t.scorer = nets::MetaScorer(obs_dim, act_dim, so);
  t.critic = nets::TwinQ(obs_dim, act_dim, shape);
  t.policy->to(torch::kFloat64);
  t.scorer->to(torch::kFloat64);
  t.critic->to(torch::kFloat64);
  {
    torch::NoGradGuard g;
    for (auto& p : t.scorer->parameters()) p.mul_(scorer_gain);  // spread the weights
  }
  auto opt = torch::TensorOptions().dtype(torch::kFloat64);
  t.batch.observations = torch::rand({B, obs_dim}, opt) * 2 - 1;
  t.batch.actions = torch::rand({B, act_dim}, opt) * 1.6 - 0.8;
  t.noise = torch::randn({B, c.noise_on == algos::NoiseTarget::State ? obs_dim : act_dim}, opt);
  {
    torch::NoGradGuard g;
    t.q_data = t.critic->min_q(t.batch.observations, t.batch.actions);
    t.baseline.actions = t.policy->forward(t.batch.observations);
    t.baseline.value = t.critic->min_q(t.batch.observations, t.baseline.actions);
    t.baseline.state_centre = torch::randn({B}, opt);
  }
  return t;
}

// θ' = θ − lr ∇θ mean(w ||π_θ(s) − a||²) rebuilt with autograd, and π_θ(s) (detached).
std::pair<torch::Tensor, std::vector<torch::Tensor>> inner_step_by_autograd(Tiny& t, const torch::Tensor& w, double lr) {
  std::vector<torch::Tensor> theta;
  for (const auto& p : t.policy->layer_parameters()) theta.push_back(p.detach().clone().requires_grad_(true));
  const torch::Tensor pred = t.policy->forward_with(t.batch.observations, theta);
  const torch::Tensor inner = (w.detach() * (pred - t.batch.actions).square().sum(-1)).mean();
  const auto g = torch::autograd::grad({inner}, theta);
  std::vector<torch::Tensor> theta_prime;
  for (size_t k = 0; k < theta.size(); ++k) theta_prime.push_back((theta[k] - lr * g[k]).detach());
  return {pred.detach(), theta_prime};
}

// One batch under an own-sample mode (inner rate 0.05, σ 0.1): the config, the networks, steps 1-3
// and dL/dw, the meta-objective's gradient with respect to each weight.
struct OwnSampleCase {
  algos::VacoConfig c;
  Tiny t;
  algos::VacoForward f;
  torch::Tensor d_loss_d_w;
  double sigma = 0.1;
};

OwnSampleCase own_sample_case(algos::MetaGradient mode) {
  OwnSampleCase k;
  k.c = algos::VacoConfig::paper();
  k.c.meta_gradient = mode;
  k.c.inner_lr = 0.05;
  k.t = make_tiny(k.c, 3.0);
  k.f = algos::vaco_forward(k.c, *k.t.policy, *k.t.scorer, *k.t.critic, k.t.batch, k.t.q_data, k.t.noise, k.sigma,
                            &k.t.baseline);
  k.d_loss_d_w = torch::autograd::grad({k.f.meta_objective}, {k.f.weights})[0];
  return k;
}

double meta_loss_value(const algos::VacoConfig& c, Tiny& t, double sigma) {
  return algos::vaco_forward(c, *t.policy, *t.scorer, *t.critic, t.batch, t.q_data, t.noise, sigma, &t.baseline)
      .meta_loss.item<double>();
}

// Returns the relative error ||g_fd - g|| / ||g|| and the pre-guard ESS.
std::pair<double, double> check(const algos::VacoConfig& c, double scorer_gain) {
  Tiny t = make_tiny(c, scorer_gain);
  const double sigma = 0.1;
  auto f = algos::vaco_forward(c, *t.policy, *t.scorer, *t.critic, t.batch, t.q_data, t.noise, sigma, &t.baseline);
  auto params = t.scorer->parameters();
  auto grads = algos::vaco_meta_gradient(f, *t.scorer);
  const double h = 1e-6;
  double num = 0.0, den = 0.0;
  for (size_t k = 0; k < params.size(); ++k) {
    auto flat = params[k].data().view({-1});
    auto g = grads[k].reshape({-1});
    for (int64_t i = 0; i < flat.numel(); ++i) {
      const double orig = flat[i].item<double>();
      flat[i] = orig + h;
      const double up = meta_loss_value(c, t, sigma);
      flat[i] = orig - h;
      const double down = meta_loss_value(c, t, sigma);
      flat[i] = orig;
      const double fd = (up - down) / (2 * h);
      const double an = g[i].item<double>();
      num += (fd - an) * (fd - an);
      den += an * an;
    }
  }
  return {std::sqrt(num / den), f.ess_raw.item<double>()};
}

}  // namespace

class TestMetaGradient : public QObject {
  Q_OBJECT
 private slots:
  void paper_form_matches_finite_differences_data() {
    QTest::addColumn<int>("mode");
    QTest::newRow("forward-mode") << int(algos::MetaGradient::ForwardMode);
    QTest::newRow("double-backward") << int(algos::MetaGradient::DoubleBackward);
  }
  void paper_form_matches_finite_differences() {
    QFETCH(int, mode);
    algos::VacoConfig c = algos::VacoConfig::paper();
    c.meta_gradient = algos::MetaGradient(mode);
    const auto [rel, ess] = check(c, 1.0);
    qInfo("paper form: relative error %.3g (ESS %.3f)", rel, ess);
    QVERIFY2(rel < 1e-4, qPrintable(QString("relative error %1").arg(rel)));
  }
  void guarded_form_matches_finite_differences_data() { paper_form_matches_finite_differences_data(); }
  void guarded_form_matches_finite_differences() {
    // Softmax weights, KL penalty, uniform blend and an active ESS floor: all in the graph.
    // (The outer-loss Q normalization is left off: its 1/mean|Q| is a deliberate stop-gradient.)
    QFETCH(int, mode);
    algos::VacoConfig c;
    c.meta_gradient = algos::MetaGradient(mode);
    c.normalization = algos::WeightNormalization::SoftmaxBatch;
    c.guard = {.uniform_blend = 0.1, .kl_penalty = 0.05, .ess_floor = 0.8};
    const auto [rel, ess] = check(c, 4.0);
    qInfo("guarded form: relative error %.3g (pre-guard ESS %.3f, floor 0.8)", rel, ess);
    QVERIFY2(ess < 0.8, "the ESS floor should be active in this case");
    QVERIFY2(rel < 1e-4, qPrintable(QString("relative error %1").arg(rel)));
  }
  void policy_baseline_matches_finite_differences_data() { paper_form_matches_finite_differences_data(); }
  void policy_baseline_matches_finite_differences() {
    // The raw score minus the scorer's own score at (s, π(s)): phi enters both rows.
    QFETCH(int, mode);
    algos::VacoConfig c = algos::VacoConfig::paper();
    c.meta_gradient = algos::MetaGradient(mode);
    c.policy_baseline = true;
    const auto [rel, ess] = check(c, 8.0);
    qInfo("policy baseline: relative error %.3g (ESS %.3f)", rel, ess);
    QVERIFY2(ess < 0.99, "the weights should not be uniform in this case");
    QVERIFY2(rel < 1e-4, qPrintable(QString("relative error %1").arg(rel)));
  }
  void policy_baseline_scores_the_policys_own_action_as_average() {
    // Where the data's action is the policy's, the centred raw score is 0 whatever the state,
    // so every weight is 1; the same scorer without the baseline spreads the weights.
    algos::VacoConfig c = algos::VacoConfig::paper();
    c.policy_baseline = true;
    Tiny t = make_tiny(c, 4.0);
    const algos::ScorerBaseline own{t.batch.actions, t.q_data};
    const torch::Tensor w = algos::vaco_weights(c, *t.scorer, t.batch.observations, t.batch.actions, t.q_data, &own).first;
    QVERIFY(torch::allclose(w, torch::ones_like(w), 0.0, 1e-12));
    c.policy_baseline = false;
    const torch::Tensor spread = algos::vaco_weights(c, *t.scorer, t.batch.observations, t.batch.actions, t.q_data).first;
    QVERIFY(algos::effective_sample_size(spread).item<double>() < 0.99);
  }
  void policy_baseline_without_reference_is_refused() {
    algos::VacoConfig c;
    c.policy_baseline = true;
    Tiny t = make_tiny(c, 1.0);
    QVERIFY_THROWS_EXCEPTION(Error, algos::vaco_weights(c, *t.scorer, t.batch.observations, t.batch.actions, t.q_data));
  }
  void state_centred_matches_finite_differences_data() { paper_form_matches_finite_differences_data(); }
  void state_centred_matches_finite_differences() {
    // The state centre is a constant offset of each raw score: phi's gradient passes it unchanged.
    // With a score temperature the batch's mean and spread standardize the scores inside the
    // graph, and phi's gradient goes through them too.
    QFETCH(int, mode);
    for (const double temperature : {0.0, 2.0}) {
      algos::VacoConfig c = algos::VacoConfig::paper();
      c.meta_gradient = algos::MetaGradient(mode);
      c.state_centred = true;
      c.score_temperature = temperature;
      c.guard.ess_floor = 0.5;
      const auto [rel, ess] = check(c, 4.0);
      qInfo("state centred, temperature %.0f: relative error %.3g (ESS %.3f)", temperature, rel, ess);
      QVERIFY2(rel < 1e-4, qPrintable(QString("relative error %1").arg(rel)));
    }
  }
  void state_centred_without_centre_is_refused() {
    algos::VacoConfig c;
    c.state_centred = true;
    Tiny t = make_tiny(c, 1.0);
    QVERIFY_THROWS_EXCEPTION(Error, algos::vaco_weights(c, *t.scorer, t.batch.observations, t.batch.actions, t.q_data));
  }
  void state_noise_matches_finite_differences() {
    algos::VacoConfig c = algos::VacoConfig::paper();
    c.noise_on = algos::NoiseTarget::State;
    const auto [rel, ess] = check(c, 1.0);  // make_tiny shapes the noise like the observations
    qInfo("state noise: relative error %.3g", rel);
    QVERIFY2(rel < 1e-4, qPrintable(QString("relative error %1").arg(rel)));
  }
  void ablated_scorer_matches_finite_differences_data() {
    QTest::addColumn<bool>("use_state");
    QTest::addColumn<bool>("use_value");
    QTest::newRow("no state input") << false << true;
    QTest::newRow("no value input") << true << false;
  }
  void ablated_scorer_matches_finite_differences() {
    QFETCH(bool, use_state);
    QFETCH(bool, use_value);
    algos::VacoConfig c = algos::VacoConfig::paper();
    c.scorer.use_state = use_state;
    c.scorer.use_value = use_value;
    const auto [rel, ess] = check(c, 1.0);
    qInfo("ablated scorer: relative error %.3g", rel);
    QVERIFY2(rel < 1e-4, qPrintable(QString("relative error %1").arg(rel)));
  }
  void modes_agree_on_a_step_data() {
    QTest::addColumn<int>("noise_on");
    QTest::addColumn<bool>("normalize_q");
    QTest::addColumn<bool>("tied_critics");
    QTest::addColumn<double>("sigma");
    QTest::newRow("paper") << int(algos::NoiseTarget::Action) << false << false << 0.1;
    QTest::newRow("Q-normalized outer loss") << int(algos::NoiseTarget::Action) << true << false << 0.1;
    QTest::newRow("noise on the state") << int(algos::NoiseTarget::State) << false << false << 0.3;
    QTest::newRow("clamped actions") << int(algos::NoiseTarget::Action) << false << false << 1.5;
    QTest::newRow("q1 == q2 (ties)") << int(algos::NoiseTarget::Action) << true << true << 0.1;
  }
  void modes_agree_on_a_step() {
    // Both meta-gradient methods give the same phi gradient (float64). The forward mode's outer
    // gradient is written by hand (the critic's min, the clamp, the tanh): autograd checks it here.
    QFETCH(int, noise_on);
    QFETCH(bool, normalize_q);
    QFETCH(bool, tied_critics);
    QFETCH(double, sigma);
    algos::VacoConfig a = algos::VacoConfig::paper();
    a.noise_on = algos::NoiseTarget(noise_on);
    a.normalize_outer_q = normalize_q;
    algos::VacoConfig b = a;
    a.meta_gradient = algos::MetaGradient::ForwardMode;
    b.meta_gradient = algos::MetaGradient::DoubleBackward;
    Tiny t = make_tiny(a, 2.0);
    // The outer loss's inputs (up to the tiny inner step).
    torch::Tensor outer_obs = t.batch.observations, outer_act;
    {
      torch::NoGradGuard g;
      if (a.noise_on == algos::NoiseTarget::State) outer_obs = outer_obs + sigma * t.noise;
      outer_act = t.policy->forward(outer_obs);
      if (a.noise_on == algos::NoiseTarget::Action) outer_act = torch::clamp(outer_act + sigma * t.noise, -1.0, 1.0);
    }
    if (tied_critics) {
      nets::hard_copy_frozen(*t.critic->q2, *t.critic->q1);
    } else {
      // Shift q2 so that each critic is the smaller one on about half of the batch.
      torch::NoGradGuard g;
      auto [q1, q2] = t.critic->forward(outer_obs, outer_act);
      t.critic->q2->layers.back()->bias.sub_((q2 - q1).median());
    }
    {
      torch::NoGradGuard g;
      auto [q1, q2] = t.critic->forward(outer_obs, outer_act);
      const int64_t smaller1 = (q1 < q2).sum().item<int64_t>(), ties = (q1 == q2).sum().item<int64_t>();
      if (tied_critics) QCOMPARE(ties, t.batch.actions.size(0));
      else QVERIFY2(smaller1 > 2 && smaller1 < q1.size(0) - 2, "both critics should be the minimum somewhere");
    }
    if (sigma > 1.0) {
      torch::NoGradGuard g;
      const torch::Tensor raw = t.policy->forward(t.batch.observations) + sigma * t.noise;
      QVERIFY2((raw.abs() > 1.0).any().item<bool>(), "some actions should be clamped");
    }
    auto fa = algos::vaco_forward(a, *t.policy, *t.scorer, *t.critic, t.batch, t.q_data, t.noise, sigma, &t.baseline);
    auto ga = algos::vaco_meta_gradient(fa, *t.scorer);
    auto fb = algos::vaco_forward(b, *t.policy, *t.scorer, *t.critic, t.batch, t.q_data, t.noise, sigma, &t.baseline);
    auto gb = algos::vaco_meta_gradient(fb, *t.scorer);
    double norm = 0.0;
    for (size_t i = 0; i < ga.size(); ++i) {
      QVERIFY(torch::allclose(ga[i], gb[i], 1e-9, 1e-12));
      norm += gb[i].square().sum().item<double>();
    }
    QVERIFY(norm > 0.0);
    QVERIFY(std::abs(fa.meta_loss.item<double>() - fb.meta_loss.item<double>()) < 1e-12);
  }
  void diagonal_mode_scores_each_sample_by_its_own_first_order_gain() {
    // dL/dw_i = (2α/B) ⟨∂L_outer/∂action_i, a_i − π_θ(s_i)⟩ at θ' = θ − α ∇θ mean(w ℓ), rebuilt
    // here with autograd.
    auto [c, t, f, got, sigma] = own_sample_case(algos::MetaGradient::Diagonal);
    const int64_t B = t.batch.actions.size(0);
    const auto [pred, theta_prime] = inner_step_by_autograd(t, f.weights, c.inner_lr);
    const torch::Tensor action =
        (t.policy->forward_with(t.batch.observations, theta_prime) + sigma * t.noise).detach().requires_grad_(true);
    const torch::Tensor outer = -t.critic->min_q(t.batch.observations, torch::clamp(action, -1.0, 1.0)).mean();
    const torch::Tensor d_action = torch::autograd::grad({outer}, {action})[0];
    const torch::Tensor expected = (2.0 * c.inner_lr / double(B)) * (d_action * (t.batch.actions - pred)).sum(-1);
    QVERIFY(expected.abs().max().item<double>() > 1e-6);
    QVERIFY(torch::allclose(got, expected, 1e-9, 1e-12));
  }

  void difference_mode_scores_each_sample_by_its_whole_gain() {
    // dL/dw_i = −(2α/B²) (Q(s_i, a_i) − Q(s_i, â_i)), â_i = clamp(π_θ'(s_i) + σε_i) at θ' = θ − α ∇θ
    // mean(w ℓ), rebuilt here; with the Q normalization it scales by α_q / mean|Q(s, â)|.
    auto [c, t, f, got, sigma] = own_sample_case(algos::MetaGradient::Difference);
    const int64_t B = t.batch.actions.size(0);

    const std::vector<torch::Tensor> theta_prime = inner_step_by_autograd(t, f.weights, c.inner_lr).second;
    torch::Tensor q_policy, gain;
    {
      torch::NoGradGuard no_grad;
      const torch::Tensor action =
          torch::clamp(t.policy->forward_with(t.batch.observations, theta_prime) + sigma * t.noise, -1.0, 1.0);
      q_policy = t.critic->min_q(t.batch.observations, action);
      gain = t.critic->min_q(t.batch.observations, t.batch.actions) - q_policy;
    }
    const torch::Tensor expected = -(2.0 * c.inner_lr / double(B * B)) * gain;
    QVERIFY(gain.gt(0).any().item<bool>() && gain.lt(0).any().item<bool>());
    QVERIFY(torch::allclose(got, expected, 1e-9, 1e-12));
    // An action better than the policy's gets more weight from phi's descent: dL/dw_i < 0.
    QVERIFY(torch::equal(got.lt(0), gain.gt(0)));

    c.normalize_outer_q = true;
    c.q_norm_alpha = 2.5;
    auto fn = algos::vaco_forward(c, *t.policy, *t.scorer, *t.critic, t.batch, t.q_data, t.noise, sigma, &t.baseline);
    const torch::Tensor got_n = torch::autograd::grad({fn.meta_objective}, {fn.weights})[0];
    const double k = 2.5 / (q_policy.abs().mean().item<double>() + 1e-6);
    QVERIFY(torch::allclose(got_n, expected * k, 1e-9, 1e-12));
  }

  void meta_gradient_is_not_zero() {
    Tiny t = make_tiny(algos::VacoConfig::paper(), 1.0);
    auto f = algos::vaco_forward(algos::VacoConfig::paper(), *t.policy, *t.scorer, *t.critic, t.batch, t.q_data,
                                 t.noise, 0.0);
    auto grads = algos::vaco_meta_gradient(f, *t.scorer);
    double norm = 0;
    for (auto& g : grads) norm += g.square().sum().item<double>();
    QVERIFY(norm > 0.0);
  }
};

QTEST_APPLESS_MAIN(TestMetaGradient)
#include "test_meta_gradient.moc"
