// Adam whose step() updates every parameter of a group with one fused ATen kernel
// (at::_fused_adam_) instead of ~10 elementwise ops per parameter. Same state layout as
// torch::optim::Adam (AdamParamState), so save()/load() and checkpoints are unchanged.
#pragma once
#include <torch/optim/adam.h>

#include <vector>

namespace vaco::algos {

/// torch::optim::Adam with a fused step where ATen has one (libtorch >= 2.4 on CPU, any CUDA
/// build on CUDA); otherwise, and with amsgrad, the stock step.
class FusedAdam : public torch::optim::Adam {
 public:
  /// Same arguments as torch::optim::Adam.
  explicit FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options = {});
  /// One Adam step of every parameter that has a gradient; `closure` as in torch::optim::Adam.
  torch::Tensor step(LossClosure closure = nullptr) override;
};

/// Sets the learning rate of every parameter group of an Adam optimizer (a schedule's step).
void set_learning_rate(torch::optim::Optimizer& opt, double lr);

/// True when this libtorch build runs FusedAdam's fused kernel on `device`.
bool fused_adam_available(torch::Device device);

}  // namespace vaco::algos
