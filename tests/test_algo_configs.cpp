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
