#include "core/algos/fused_adam.h"

#include <ATen/ops/_fused_adam.h>  // libtorch >= 2.0 (CUDA kernel); the CPU kernel came in 2.4
#include <torch/version.h>

#include <map>

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define VACO_FUSED_ADAM_CPU 1
#endif

namespace vaco::algos {

bool fused_adam_available(torch::Device device) {
#ifdef VACO_FUSED_ADAM_CPU
  if (device.is_cpu()) return true;
#endif
  return device.is_cuda();
}

FusedAdam::FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options)
    : torch::optim::Adam(std::move(params), std::move(options)) {}

namespace {

// Whether every parameter with a gradient can take the fused step (float32, one device, no amsgrad).
bool fusable(const std::vector<torch::optim::OptimizerParamGroup>& groups) {
  for (const auto& group : groups) {
    if (static_cast<const torch::optim::AdamOptions&>(group.options()).amsgrad()) return false;
    const torch::Tensor* first = nullptr;
    for (const auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (p.scalar_type() != torch::kFloat32 || !fused_adam_available(p.device())) return false;
      if (first && p.device() != first->device()) return false;
      first = &p;
    }
  }
  return true;
}

}  // namespace

torch::Tensor FusedAdam::step(LossClosure closure) {
  if (!fusable(param_groups_)) return torch::optim::Adam::step(closure);
  torch::Tensor loss;
  if (closure) {
    torch::AutoGradMode enable_grad(true);
    loss = closure();
  }
  torch::NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& opt = static_cast<const torch::optim::AdamOptions&>(group.options());
    std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs, steps;
    std::map<int64_t, torch::Tensor> step_tensors;  // one 0-dim float tensor per distinct step count
    for (const auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto it = state_.find(p.unsafeGetTensorImpl());
      if (it == state_.end()) {
        auto s = std::make_unique<torch::optim::AdamParamState>();
        s->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        s->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        it = state_.emplace(p.unsafeGetTensorImpl(), std::move(s)).first;
      }
      auto& s = static_cast<torch::optim::AdamParamState&>(*it->second);
      s.step(s.step() + 1);
      auto& t = step_tensors[s.step()];
      if (!t.defined()) t = torch::scalar_tensor(double(s.step()), p.options().dtype(torch::kFloat32));
      params.push_back(p);
      grads.push_back(p.grad());
      exp_avgs.push_back(s.exp_avg());
      exp_avg_sqs.push_back(s.exp_avg_sq());
      steps.push_back(t);
    }
    if (params.empty()) continue;
    at::_fused_adam_(params, grads, exp_avgs, exp_avg_sqs, /*max_exp_avg_sqs=*/{}, steps, opt.lr(),
                     std::get<0>(opt.betas()), std::get<1>(opt.betas()), opt.weight_decay(), opt.eps(),
                     /*amsgrad=*/false, /*maximize=*/false);
  }
  return loss;
}

void set_learning_rate(torch::optim::Optimizer& opt, double lr) {
  for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

}  // namespace vaco::algos
