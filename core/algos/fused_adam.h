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
  /// How many fused steps this optimizer has taken (a CUDA graph's capture counts them).
  int64_t fused_steps() const { return fused_steps_; }
  /// Advances the host step counts of the parameters of the last fused step by one, for a step a
  /// CUDA graph replayed (the graph advances the device step counts itself).
  void count_replayed_step();
  /// From now on (while `on`), the fused step reads each group's learning rate from a device
  /// scalar that set_learning_rate() fills, so that a CUDA graph's replays follow a schedule.
  /// Only where fused_adam_device_lr_available(); otherwise, and off, the rate is a host number.
  void use_device_lr(bool on);
  /// Fills the groups' device learning rates from their options (while use_device_lr is on).
  void sync_device_lr();

 private:
  // One device step tensor per group while every parameter of the group has the same step count
  // (then a step is one in-place add, which a CUDA graph can replay), with the count it holds.
  std::vector<torch::Tensor> group_steps_;
  std::vector<int64_t> group_step_values_;
  std::vector<torch::optim::AdamParamState*> last_stepped_;
  int64_t fused_steps_ = 0;
  bool device_lr_ = false;
  std::vector<torch::Tensor> lr_tensors_;  ///< one float32 scalar per group, on its parameters' device
};

/// Sets the learning rate of every parameter group of an Adam optimizer (a schedule's step);
/// a FusedAdam reading its rate on the device gets it there too.
void set_learning_rate(torch::optim::Optimizer& opt, double lr);

/// FusedAdam::use_device_lr when `opt` is a FusedAdam (else nothing).
void use_device_lr(torch::optim::Optimizer& opt, bool on);

/// True when this libtorch's fused Adam on `device` takes its learning rate as a device tensor and
/// steps exactly as with the number (probed once per device type on a few values).
bool fused_adam_device_lr_available(torch::Device device);

/// True when this libtorch build runs FusedAdam's fused kernel on `device`.
bool fused_adam_available(torch::Device device);

}  // namespace vaco::algos
