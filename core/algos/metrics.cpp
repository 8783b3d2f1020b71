#include "core/algos/metrics.h"

#include <ATen/ops/_foreach_norm.h>

#include <algorithm>
#include <sstream>

#include "core/util/error.h"

namespace vaco::algos {

void MetricAccumulator::add(const std::string& name, const torch::Tensor& value) {
  torch::NoGradGuard no_grad;
  const torch::Tensor v = value.detach().reshape({});
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) {
      // Zeroed by drain(): always an add (which a CUDA graph can replay), widened to float64 in
      // the same kernel.
      sums_[i].add_(v);
      ++counts_[i];
      return;
    }
  }
  names_.push_back(name);
  sums_.push_back(v.to(torch::kFloat64, /*non_blocking=*/false, /*copy=*/true));
  counts_.push_back(1);
}

void MetricAccumulator::add_scalar(const std::string& name, double value) {
  auto& slot = host_[name];
  slot.first += value;
  ++slot.second;
}

namespace {

// "a\nb\nc" for {a, b, c}.
std::string join_lines(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "\n") + n;
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

void MetricAccumulator::save(torch::serialize::OutputArchive& archive) const {
  archive.write("names", c10::IValue(join_lines(names_)));
  archive.write("sums", names_.empty() ? torch::empty({0}, torch::kFloat64) : torch::stack(sums_));
  archive.write("counts", torch::tensor(counts_.empty() ? std::vector<int64_t>{} : counts_, torch::kInt64));
  std::vector<std::string> host_names;
  std::vector<double> host_sums;
  std::vector<int64_t> host_counts;
  for (const auto& [name, slot] : host_) {
    host_names.push_back(name);
    host_sums.push_back(slot.first);
    host_counts.push_back(slot.second);
  }
  archive.write("host_names", c10::IValue(join_lines(host_names)));
  archive.write("host_sums", torch::tensor(host_sums, torch::kFloat64));
  archive.write("host_counts", torch::tensor(host_counts, torch::kInt64));
}

void MetricAccumulator::load(torch::serialize::InputArchive& archive) {
  c10::IValue names, host_names;
  torch::Tensor sums, counts, host_sums, host_counts;
  archive.read("names", names);
  archive.read("sums", sums);
  archive.read("counts", counts);
  archive.read("host_names", host_names);
  archive.read("host_sums", host_sums);
  archive.read("host_counts", host_counts);
  const std::vector<std::string> n = split_lines(names.toStringRef());
  const std::vector<std::string> hn = split_lines(host_names.toStringRef());
  if (sums.size(0) != int64_t(n.size()) || counts.numel() != int64_t(n.size()) || host_sums.numel() != int64_t(hn.size()) ||
      host_counts.numel() != int64_t(hn.size()))
    throw Error("metric sums do not match their names");
  names_ = n;
  sums_.clear();
  for (int64_t i = 0; i < sums.size(0); ++i) sums_.push_back(sums[i].clone());
  const torch::Tensor c = counts.cpu().contiguous(), hs = host_sums.cpu().contiguous(), hc = host_counts.cpu().contiguous();
  counts_.assign(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
  host_.clear();
  for (size_t i = 0; i < hn.size(); ++i) host_[hn[i]] = {hs.data_ptr<double>()[i], hc.data_ptr<int64_t>()[i]};
}

torch::Tensor grad_norm(const std::vector<torch::Tensor>& params) {
  std::vector<torch::Tensor> grads;
  for (const auto& p : params)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return torch::zeros({});
  return torch::stack(at::_foreach_norm(grads)).norm();
}

bool MetricAccumulator::empty() const {
  return host_.empty() && std::all_of(counts_.begin(), counts_.end(), [](int64_t c) { return c == 0; });
}

void MetricAccumulator::count_replay(const std::vector<int64_t>& before, const std::vector<int64_t>& after) {
  if (after.size() != counts_.size()) throw Error("metric slots changed since the graph's capture");
  for (size_t i = 0; i < after.size(); ++i) counts_[i] += after[i] - (i < before.size() ? before[i] : 0);
}

std::map<std::string, double> MetricAccumulator::drain() {
  std::map<std::string, double> out;
  for (const auto& [name, slot] : host_) out[name] = slot.first / double(slot.second);
  host_.clear();
  if (empty()) return out;
  const torch::Tensor host = torch::stack(sums_).cpu();
  const double* p = host.data_ptr<double>();
  for (size_t i = 0; i < names_.size(); ++i) {
    if (counts_[i] > 0) out[names_[i]] = p[i] / double(counts_[i]);
    counts_[i] = 0;
  }
  torch::NoGradGuard no_grad;
  for (auto& sum : sums_) sum.zero_();
  return out;
}

}  // namespace vaco::algos
