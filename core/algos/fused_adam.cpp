#include "core/algos/fused_adam.h"

#include <ATen/ops/_fused_adam.h>  // libtorch >= 2.0 (CUDA kernel); the CPU kernel came in 2.4
#include <torch/version.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <string>

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
    // The rate as a device scalar (use_device_lr) or as the number.
    const auto fused_step = [&](const auto& lr) {
      at::_fused_adam_(params, grads, exp_avgs, exp_avg_sqs, /*max_exp_avg_sqs=*/{}, steps, lr, std::get<0>(opt.betas()),
                       std::get<1>(opt.betas()), opt.weight_decay(), opt.eps(), /*amsgrad=*/false, /*maximize=*/false);
    };
    if (device_lr_ && g < lr_tensors_.size())
      fused_step(lr_tensors_[g]);
    else
      fused_step(opt.lr());
  }
  ++fused_steps_;
  return loss;
}

void FusedAdam::count_replayed_step() {
  for (auto* s : last_stepped_) s->step(s->step() + 1);
  for (auto& v : group_step_values_)
    if (v >= 0) ++v;
}

void FusedAdam::use_device_lr(bool on) {
  device_lr_ = false;
  lr_tensors_.clear();
  if (!on) return;
  for (auto& group : param_groups_) {
    if (group.params().empty() || !fused_adam_device_lr_available(group.params().front().device())) {
      lr_tensors_.clear();
      return;
    }
    lr_tensors_.push_back(torch::zeros({}, group.params().front().options().dtype(torch::kFloat32)));
  }
  device_lr_ = true;
  sync_device_lr();
}

void FusedAdam::sync_device_lr() {
  if (!device_lr_) return;
  torch::NoGradGuard no_grad;
  for (size_t g = 0; g < lr_tensors_.size(); ++g)
    lr_tensors_[g].fill_(static_cast<const torch::optim::AdamOptions&>(param_groups_[g].options()).lr());
}

void set_learning_rate(torch::optim::Optimizer& opt, double lr) {
  for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  if (auto* fused = dynamic_cast<FusedAdam*>(&opt)) fused->sync_device_lr();
}

void use_device_lr(torch::optim::Optimizer& opt, bool on) {
  if (auto* fused = dynamic_cast<FusedAdam*>(&opt)) fused->use_device_lr(on);
}

namespace {

// One fused step of a few values with the rate as a number and as a device tensor: the same result?
bool probe_device_lr(torch::Device device) {
  try {
    const auto f = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    const torch::Tensor grad = torch::tensor({0.5, -1.0, 2.0, 0.25}, f);
    std::vector<torch::Tensor> p{torch::tensor({1.0, 2.0, -3.0, 0.5}, f), torch::tensor({1.0, 2.0, -3.0, 0.5}, f)};
    std::vector<torch::Tensor> m{torch::zeros({4}, f), torch::zeros({4}, f)}, v{torch::zeros({4}, f), torch::zeros({4}, f)};
    const torch::Tensor step = torch::ones({}, f), lr = torch::full({}, 0.125, f);
    at::_fused_adam_({p[0]}, {grad}, {m[0]}, {v[0]}, {}, {step}, 0.125, 0.9, 0.999, 0.0, 1e-8, false, false);
    at::_fused_adam_({p[1]}, {grad}, {m[1]}, {v[1]}, {}, {step}, lr, 0.9, 0.999, 0.0, 1e-8, false, false);
    return torch::allclose(p[0], p[1], 1e-6, 1e-7) && !torch::equal(p[1], torch::tensor({1.0, 2.0, -3.0, 0.5}, f));
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

bool fused_adam_device_lr_available(torch::Device device) {
  if (!fused_adam_available(device)) return false;
  static std::map<std::string, bool> known;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  const std::string key = device.str();
  auto it = known.find(key);
  if (it == known.end()) it = known.emplace(key, probe_device_lr(device)).first;
  return it->second;
}

}  // namespace vaco::algos
