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

}  // namespace

std::string checkpoint_name(int64_t value, bool as_steps) {
  return as_steps ? "policy @ " + step_count(value) + " steps" : "checkpoint " + std::to_string(value);
}

SourceLabels source_labels(const Dataset& ds) {
  SourceLabels out;
  if (const torch::Tensor behavior = per_row_info(ds, "infos/behavior"); behavior.defined()) {
    out.rows = to_vector<int>(behavior);
    return out;
  }
  const torch::Tensor checkpoint = per_row_info(ds, "infos/policy_checkpoint");
  if (!checkpoint.defined()) return out;
  const std::vector<int64_t> values = to_vector<int64_t>(checkpoint.to(torch::kFloat64).round());
  std::map<int64_t, int> label_of;
  for (int64_t v : values) {
    label_of.emplace(v, 0);
    if (int(label_of.size()) > kMaxSourceLabels) return out;
  }
  const bool as_steps = !label_of.empty() && label_of.rbegin()->first >= 1000;
  for (auto& [value, label] : label_of) {
    label = int(out.names.size());
    out.names.push_back(checkpoint_name(value, as_steps));
  }
  out.rows.reserve(values.size());
  for (int64_t v : values) out.rows.push_back(label_of.at(v));
  return out;
}

}  // namespace vaco::train
