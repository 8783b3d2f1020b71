// FusedAdam against libtorch's Adam (same trajectory up to float rounding), its state through a
// save/load (continues identically), a scheduled rate read on the device against the same rate as a
// number, and grad_norm against a hand computation.
#include "core/algos/fused_adam.h"
#include "core/algos/metrics.h"

#include <torch/serialize.h>

#include <QtTest>

using namespace vaco;

namespace {

// Two parameters and a fixed quadratic loss; `opt` takes `steps` steps.
void train(torch::optim::Optimizer& opt, std::vector<torch::Tensor>& params, int steps, int64_t seed) {
  torch::manual_seed(seed);
  const torch::Tensor target_w = torch::randn({7, 5}), target_b = torch::randn({7});
  for (int i = 0; i < steps; ++i) {
    opt.zero_grad();
    const torch::Tensor loss = (params[0] - target_w).square().sum() + (params[1] - target_b).pow(4).sum();
    loss.backward();
    opt.step();
  }
}

std::vector<torch::Tensor> fresh_params() {
  torch::manual_seed(1);
  return {torch::randn({7, 5}).requires_grad_(true), torch::randn({7}).requires_grad_(true)};
}

}  // namespace

class TestFusedAdam : public QObject {
  Q_OBJECT
 private slots:
  void matches_libtorch_adam() {
    QVERIFY(algos::fused_adam_available(torch::kCPU));  // libtorch >= 2.4 in our builds
    auto a = fresh_params(), b = fresh_params();
    torch::optim::Adam stock(a, torch::optim::AdamOptions(1e-2));
    algos::FusedAdam fused(b, torch::optim::AdamOptions(1e-2));
    train(stock, a, 50, 7);
    train(fused, b, 50, 7);
    for (size_t i = 0; i < a.size(); ++i) {
      QVERIFY(!torch::equal(a[i], fresh_params()[i]));  // it did move
      QVERIFY2(torch::allclose(a[i], b[i], 1e-5, 1e-6), std::to_string((a[i] - b[i]).abs().max().item<double>()).c_str());
    }
    // The state has the stock layout: step counts and moments.
    const auto& s = static_cast<const torch::optim::AdamParamState&>(*fused.state().at(b[0].unsafeGetTensorImpl()));
    QCOMPARE(s.step(), int64_t{50});
    QVERIFY(s.exp_avg_sq().gt(0).all().item<bool>());
  }

  void save_and_load_continue_identically() {
    auto a = fresh_params();
    algos::FusedAdam first(a, torch::optim::AdamOptions(1e-2));
    train(first, a, 20, 3);
    std::stringstream buf;
    {
      torch::serialize::OutputArchive out;
      first.save(out);
      out.save_to(buf);
    }
    auto b = std::vector<torch::Tensor>{a[0].detach().clone().requires_grad_(true), a[1].detach().clone().requires_grad_(true)};
    algos::FusedAdam second(b, torch::optim::AdamOptions(1e-2));
    torch::serialize::InputArchive in;
    in.load_from(buf);
    second.load(in);
    train(first, a, 10, 4);
    train(second, b, 10, 4);
    QVERIFY(torch::equal(a[0], b[0]));
    QVERIFY(torch::equal(a[1], b[1]));
  }

  void amsgrad_takes_the_stock_step() {
    auto a = fresh_params(), b = fresh_params();
    torch::optim::Adam stock(a, torch::optim::AdamOptions(1e-2).amsgrad(true));
    algos::FusedAdam fused(b, torch::optim::AdamOptions(1e-2).amsgrad(true));
    train(stock, a, 10, 5);
    train(fused, b, 10, 5);
    QVERIFY(torch::equal(a[0], b[0]));
  }

  void a_rate_read_on_the_device_follows_the_schedule() {
    if (!algos::fused_adam_device_lr_available(torch::kCPU)) QSKIP("this libtorch's CPU fused Adam takes no tensor rate");
    auto a = fresh_params(), b = fresh_params();
    algos::FusedAdam host(a, torch::optim::AdamOptions(1e-2));
    algos::FusedAdam device(b, torch::optim::AdamOptions(1e-2));
    device.use_device_lr(true);
    torch::manual_seed(9);
    const torch::Tensor target = torch::randn({7, 5});
    for (int i = 0; i < 30; ++i) {
      const double lr = 1e-2 * (1.0 + std::cos(3.14159 * i / 30)) / 2;  // an annealed rate, set every step
      for (auto* opt : {static_cast<torch::optim::Optimizer*>(&host), static_cast<torch::optim::Optimizer*>(&device)}) {
        algos::set_learning_rate(*opt, lr);
        auto& p = opt == &host ? a : b;
        opt->zero_grad();
        ((p[0] - target).square().sum() + p[1].square().sum()).backward();
        opt->step();
      }
    }
    QVERIFY(!torch::equal(a[0], fresh_params()[0]));
    QVERIFY2(torch::allclose(a[0], b[0], 1e-5, 1e-6), std::to_string((a[0] - b[0]).abs().max().item<double>()).c_str());
    QVERIFY(torch::allclose(a[1], b[1], 1e-5, 1e-6));
    // Off again: the host number, which no longer follows a stale device value.
    device.use_device_lr(false);
    algos::set_learning_rate(device, 0.0);
    const torch::Tensor before = b[0].detach().clone();
    device.zero_grad();
    (b[0].square().sum()).backward();
    device.step();
    QVERIFY(torch::equal(before, b[0]));
  }

  void grad_norm_is_the_global_l2_norm() {
    auto p = fresh_params();
    p[0].mutable_grad() = torch::full({7, 5}, 2.0);
    p[1].mutable_grad() = torch::full({7}, -1.0);
    const torch::Tensor unused = torch::zeros({3}, torch::requires_grad());
    const double expected = std::sqrt(35 * 4.0 + 7 * 1.0);
    QVERIFY(std::abs(algos::grad_norm({p[0], p[1], unused}).item<double>() - expected) < 1e-5);
    QCOMPARE(algos::grad_norm({unused}).item<double>(), 0.0);
  }
};

QTEST_APPLESS_MAIN(TestFusedAdam)
#include "test_fused_adam.moc"
