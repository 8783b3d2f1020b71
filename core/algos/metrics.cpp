#include "core/algos/metrics.h"

namespace vaco::algos {

void MetricAccumulator::add(const std::string& name, const torch::Tensor& value) {
  torch::NoGradGuard no_grad;
  const torch::Tensor v = value.detach().reshape({}).to(torch::kFloat64);
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) {
      sums_[i].add_(v);
      ++counts_[i];
      return;
    }
  }
  names_.push_back(name);
  sums_.push_back(v.clone());
  counts_.push_back(1);
}

void MetricAccumulator::add_scalar(const std::string& name, double value) {
  auto& slot = host_[name];
  slot.first += value;
  ++slot.second;
}

std::map<std::string, double> MetricAccumulator::drain() {
  std::map<std::string, double> out;
  for (const auto& [name, slot] : host_) out[name] = slot.first / double(slot.second);
  host_.clear();
  if (names_.empty()) return out;
  const torch::Tensor host = torch::stack(sums_).cpu();
  const double* p = host.data_ptr<double>();
  for (size_t i = 0; i < names_.size(); ++i) out[names_[i]] = p[i] / double(counts_[i]);
  names_.clear();
  sums_.clear();
  counts_.clear();
  return out;
}

}  // namespace vaco::algos
