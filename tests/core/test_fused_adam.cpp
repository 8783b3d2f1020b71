// FusedAdam against libtorch's Adam (same trajectory up to float rounding), its state through a
// save/load (continues identically), and grad_norm against a hand computation.
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
