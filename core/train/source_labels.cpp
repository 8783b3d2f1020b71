#include "core/train/source_labels.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "core/util/tensor_vector.h"

namespace vaco::train {
namespace {

// The 1-D info `key` with one value per row, or an undefined tensor.
torch::Tensor per_row_info(const Dataset& ds, const std::string& key) {
  const auto it = ds.infos.find(key);
  if (it == ds.infos.end() || it->second.dim() != 1 || it->second.size(0) != ds.size()) return {};
  return it->second;
}

// "110k" for 110000, "2.5k" for 2500, "500" for 500.
std::string step_count(int64_t value) {
  if (std::llabs(value) < 1000) return std::to_string(value);
  char text[32];
  std::snprintf(text, sizeof text, "%gk", double(value) / 1000.0);
  return text;
}

// The 1-D info `key` as distinct integer values 0..K-1 (ascending), named by `name_of(value,
// largest value)`; empty rows when a value is not an integer or there are more than
// kMaxSourceLabels (or fewer than `min_values`) distinct values.
template <typename NameOf>
SourceLabels integer_labels(const Dataset& ds, const std::string& key, size_t min_values, NameOf name_of) {
  SourceLabels out;
  const torch::Tensor info = per_row_info(ds, key);
  if (!info.defined() || info.numel() == 0) return out;
  const torch::Tensor values64 = info.to(torch::kFloat64);
  if (!values64.eq(values64.round()).all().item<bool>()) return out;
  const std::vector<int64_t> values = to_vector<int64_t>(values64);
  std::map<int64_t, int> label_of;
  for (int64_t v : values) {
    label_of.emplace(v, 0);
    if (int(label_of.size()) > kMaxSourceLabels) return out;
  }
  if (label_of.size() < min_values) return out;
  for (auto& [value, label] : label_of) {
    label = int(out.names.size());
    out.names.push_back(name_of(value, label_of.rbegin()->first));
  }
  out.key = key;
  out.rows.reserve(values.size());
  for (int64_t v : values) out.rows.push_back(label_of.at(v));
  return out;
}

std::string name_checkpoint(int64_t value, int64_t largest) { return checkpoint_name(value, largest >= 1000); }

}  // namespace

std::string checkpoint_name(int64_t value, bool as_steps) {
  return as_steps ? "policy @ " + step_count(value) + " steps" : "checkpoint " + std::to_string(value);
}

SourceLabels source_labels(const Dataset& ds) {
  SourceLabels out;
  if (const torch::Tensor behavior = per_row_info(ds, "infos/behavior"); behavior.defined()) {
    out.key = "infos/behavior";
    out.rows = to_vector<int>(behavior);
    return out;
  }
  return integer_labels(ds, "infos/policy_checkpoint", 1, name_checkpoint);
}

std::vector<SourceLabels> other_label_fields(const Dataset& ds, const std::string& except) {
  std::vector<SourceLabels> fields;
  for (const auto& [key, tensor] : ds.infos) {  // std::map: key order
    if (key == except || key.rfind("infos/", 0) != 0) continue;
    const std::string name = key.substr(6);
    SourceLabels f = key == "infos/policy_checkpoint"
                         ? integer_labels(ds, key, 2, name_checkpoint)
                         : integer_labels(ds, key, 2, [&name](int64_t value, int64_t) {
                             return name + " = " + std::to_string(value);
                           });
    if (!f.rows.empty()) fields.push_back(std::move(f));
  }
  return fields;
}

}  // namespace vaco::train
