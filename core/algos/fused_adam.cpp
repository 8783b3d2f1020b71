#include "core/algos/fused_adam.h"

#include <ATen/ops/_fused_adam.h>  // libtorch >= 2.0 (CUDA kernel); the CPU kernel came in 2.4
#include <torch/version.h>

#include <algorithm>
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
  group_steps_.resize(param_groups_.size());
  group_step_values_.resize(param_groups_.size(), -1);
  last_stepped_.clear();
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    auto& group = param_groups_[g];
    const auto& opt = static_cast<const torch::optim::AdamOptions&>(group.options());
    std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs;
    std::vector<torch::optim::AdamParamState*> states;
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
      states.push_back(&s);
      params.push_back(p);
      grads.push_back(p.grad());
      exp_avgs.push_back(s.exp_avg());
      exp_avg_sqs.push_back(s.exp_avg_sq());
    }
    if (params.empty()) continue;
    std::vector<torch::Tensor> steps;
    const int64_t first = states.front()->step();
    const bool uniform = std::all_of(states.begin(), states.end(), [&](auto* s) { return s->step() == first; });
    if (uniform) {
      // The group's device count, advanced in place; made afresh when it does not hold first - 1
      // (the first step, or a checkpoint's counts loaded since).
      torch::Tensor& t = group_steps_[g];
      if (group_step_values_[g] == first - 1 && t.defined() && t.device() == params.front().device())
        t.add_(1);
      else
        t = torch::scalar_tensor(double(first), params.front().options().dtype(torch::kFloat32));
      group_step_values_[g] = first;
      steps.assign(params.size(), t);
    } else {
      group_step_values_[g] = -1;
      std::map<int64_t, torch::Tensor> step_tensors;  // one 0-dim float tensor per distinct step count
      for (auto* s : states) {
        auto& t = step_tensors[s->step()];
        if (!t.defined()) t = torch::scalar_tensor(double(s->step()), params.front().options().dtype(torch::kFloat32));
        steps.push_back(t);
      }
    }
    last_stepped_.insert(last_stepped_.end(), states.begin(), states.end());
    at::_fused_adam_(params, grads, exp_avgs, exp_avg_sqs, /*max_exp_avg_sqs=*/{}, steps, opt.lr(),
                     std::get<0>(opt.betas()), std::get<1>(opt.betas()), opt.weight_decay(), opt.eps(),
                     /*amsgrad=*/false, /*maximize=*/false);
  }
  ++fused_steps_;
  return loss;
}

void FusedAdam::count_replayed_step() {
  for (auto* s : last_stepped_) s->step(s->step() + 1);
  for (auto& v : group_step_values_)
    if (v >= 0) ++v;
}

void set_learning_rate(torch::optim::Optimizer& opt, double lr) {
  for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

}  // namespace vaco::algos
