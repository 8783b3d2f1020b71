// Bad hyper-parameters are refused with a vaco::Error of one line naming the setting.
#include "core/algos/batch.h"
#include "core/algos/batch_weights.h"
#include "core/algos/bc.h"
#include "core/algos/iql.h"
#include "core/algos/noise_schedule.h"
#include "core/algos/td3bc.h"
#include "core/algos/vaco.h"
#include "core/algos/value_pretraining.h"
#include "core/algos/weighted_bc.h"
#include "core/util/error.h"

#include <QtTest>

#include <functional>

using namespace vaco;

namespace {

// Runs f, expects vaco::Error whose one-line message mentions `key`.
void expect_error(const std::function<void()>& f, const std::string& key) {
  try {
    f();
  } catch (const Error& e) {
    const std::string msg = e.what();
    QVERIFY2(msg.find(key) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find('\n') == std::string::npos, msg.c_str());
    return;
  }
  QFAIL(("no error for " + key).c_str());
}

}  // namespace

class TestAlgoConfigs : public QObject {
  Q_OBJECT
 private slots:
  void defaults_are_valid() {
    algos::ValueConfig{}.validate();
    algos::VacoConfig{}.validate();
    algos::VacoConfig::paper().validate();
    algos::BcConfig{}.validate();
    algos::WeightedBcConfig{}.validate();
    algos::IqlConfig{}.validate();
    algos::Td3BcConfig{}.validate();
  }
  void bad_settings_throw() {
    expect_error([] { algos::VacoConfig c; c.policy_lr = -1e-3; c.validate(); }, "vaco.policy_lr");
    expect_error([] { algos::VacoConfig c; c.meta_lr = -3e-5; c.validate(); }, "vaco.meta_lr");
    expect_error([] { algos::VacoConfig c; c.sigma_end = 0.5; c.validate(); }, "vaco.sigma_end");
    expect_error([] { algos::VacoConfig c; c.guard.trust_floor = 0.2; c.validate(); }, "vaco.guard.trust_floor");
    expect_error([] { algos::VacoConfig c; c.guard.trust_floor = 1.0; c.validate(); }, "vaco.guard.trust_floor");
    expect_error([] { algos::VacoConfig c; c.guard.trust_floor = 0.9; c.guard.trust_every = 0; c.validate(); },
                 "vaco.guard.trust_every");
    expect_error([] { algos::VacoConfig c; c.guard.ess_floor = 1.0; c.validate(); }, "vaco.guard.ess_floor");
    expect_error([] { algos::VacoConfig c; c.guard.uniform_blend = 1.5; c.validate(); }, "vaco.guard.uniform_blend");
    expect_error([] { algos::VacoConfig c; c.policy_shape.depth = 0; c.validate(); }, "depth");
    expect_error([] { algos::ValueConfig c; c.lr = 0; c.validate(); }, "value.lr");
    expect_error([] { algos::ValueConfig c; c.expectile = 1.0; c.validate(); }, "value.expectile");
    expect_error([] { algos::ValueConfig c; c.gamma = 1.5; c.validate(); }, "value.gamma");
    expect_error([] { algos::BcConfig c; c.lr = std::nan(""); c.validate(); }, "bc.lr");
    expect_error([] { algos::WeightedBcConfig c; c.awr_beta = 0; c.validate(); }, "weighted_bc.awr_beta");
    expect_error([] { algos::IqlConfig c; c.max_weight = -1; c.validate(); }, "iql.max_weight");
    expect_error([] { algos::Td3BcConfig c; c.policy_freq = 0; c.validate(); }, "td3bc.policy_freq");
    expect_error([] { algos::Td3BcConfig c; c.tau = -0.1; c.validate(); }, "td3bc.tau");
    expect_error([] { algos::parse_weight_normalization("max"); }, "max");
    expect_error([] { algos::parse_noise_decay("step"); }, "step");
  }
  void bad_batch_and_context_throw() {
    Transitions t;
    t.observations = torch::zeros({4, 1});
    t.actions = torch::zeros({4, 1});
    t.rewards = torch::zeros({4});
    t.next_observations = torch::zeros({4, 1});
    t.dones = torch::zeros({4});
    expect_error([&] { algos::BatchSampler s(t, torch::kCPU, 0, 1); }, "batch size");
    expect_error([] { algos::Bc bc(algos::BcConfig{}, algos::RunContext{.obs_dim = 0, .act_dim = 1}); },
                 "observation width");
  }
  void noise_schedules_decay() {
    using algos::NoiseDecay;
    for (auto d : {NoiseDecay::Linear, NoiseDecay::Exponential, NoiseDecay::Cosine}) {
      QCOMPARE(algos::noise_sigma(d, 0.2, 0.0, 0, 100), 0.2);
      QVERIFY(algos::noise_sigma(d, 0.2, 0.0, 50, 100) < 0.2);
      QVERIFY(algos::noise_sigma(d, 0.2, 0.0, 100, 100) <= 0.2 * std::exp(-5.0) + 1e-12);
    }
    QCOMPARE(algos::noise_sigma(NoiseDecay::Linear, 0.2, 0.0, 50, 100), 0.1);
  }
  void iql_actor_lr_decays_by_cosine() {
    algos::IqlConfig c;
    c.policy_shape = nets::NetShape{.hidden = 8, .depth = 1};
    c.actor_lr = 1e-3;
    c.schedule_steps = 10;
    auto critic = std::make_shared<algos::ValuePretraining>(
        algos::ValueConfig{.shape = nets::NetShape{.hidden = 8, .depth = 1}},
        algos::RunContext{.obs_dim = 3, .act_dim = 2});
    algos::Iql iql(c, algos::RunContext{.obs_dim = 3, .act_dim = 2}, critic);
    QCOMPARE(iql.actor_lr(), 1e-3);
    iql.set_steps(5);  // from the step count alone, as after a resume
    QVERIFY(std::abs(iql.actor_lr() - 0.5e-3) < 1e-15);
    iql.set_steps(10);
    QVERIFY(std::abs(iql.actor_lr()) < 1e-15);
    iql.set_steps(25);  // past the schedule it stays at the end
    QVERIFY(std::abs(iql.actor_lr()) < 1e-15);
    // One update uses the scheduled rate and reports it.
    iql.set_steps(5);
    const Transitions t{.observations = torch::randn({20, 3}), .actions = torch::rand({20, 2}) * 2 - 1,
                        .rewards = torch::randn({20}), .next_observations = torch::randn({20, 3}),
                        .dones = torch::zeros({20}), .source_rows = torch::arange(20), .episode_ids = torch::zeros({20}, torch::kLong)};
    algos::BatchSampler sampler(t, torch::kCPU, 8, 1);
    iql.update(sampler.sample());
    QCOMPARE(static_cast<torch::optim::AdamOptions&>(iql.optimizer().param_groups()[0].options()).lr(), 0.5e-3);
    const auto m = iql.metrics().drain();
    QVERIFY(std::abs(m.at("actor_lr") - 0.5e-3) < 1e-15);
    QVERIFY(m.at("grad_norm/policy") > 0.0);
    QVERIFY(m.at("grad_norm/q") > 0.0 && m.at("grad_norm/v") > 0.0);
    c.actor_lr_cosine = false;
    algos::Iql constant(c, algos::RunContext{.obs_dim = 3, .act_dim = 2}, critic);
    constant.set_steps(5);
    QCOMPARE(constant.actor_lr(), 1e-3);
    c.schedule_steps = 0;
    expect_error([&] { c.validate(); }, "iql.schedule_steps");
  }
  void ess_guard_holds_floor() {
    torch::manual_seed(3);
    const torch::Tensor w = torch::exp(3 * torch::randn({256}));
    QVERIFY(algos::effective_sample_size(w).item<double>() < 0.2);
    const double ess = algos::effective_sample_size(algos::ess_floor_guard(w, 0.4)).item<double>();
    QVERIFY(std::abs(ess - 0.4) < 1e-4);
    const torch::Tensor u = torch::ones({64});
    QCOMPARE(algos::ess_floor_guard(u, 0.4).sum().item<double>(), 64.0);
    QVERIFY(algos::kl_to_uniform(u).abs().item<double>() < 1e-9);
  }
};

QTEST_APPLESS_MAIN(TestAlgoConfigs)
#include "test_algo_configs.moc"
