#include "core/data/dataset_validator.h"

#include <sstream>

#include "core/data/dataset.h"
#include "core/util/error.h"

namespace vaco {

namespace {
std::string shape_text(const torch::Tensor& t) {
  std::ostringstream s;
  s << "(";
  for (int64_t i = 0; i < t.dim(); ++i) s << (i ? " x " : "") << t.size(i);
  s << ")";
  return s.str();
}

[[noreturn]] void fail(const std::string& key, const std::string& problem) {
  throw Error("key '" + key + "': " + problem);
}

void check_rows(const std::string& key, const torch::Tensor& t, int64_t rank, int64_t n) {
  if (!t.defined()) fail(key, "is missing");
  if (t.dim() != rank) {
    fail(key, "has shape " + shape_text(t) + "; expected " + std::to_string(rank) +
                  (rank == 1 ? " dimension (rows)" : " dimensions (rows x features)"));
  }
  if (t.size(0) != n) {
    fail(key, "has " + std::to_string(t.size(0)) + " rows but 'observations' has " +
                  std::to_string(n));
  }
}
}  // namespace

void check_finite(const std::string& key, const torch::Tensor& t) {
  // Fast path: one read-only pass. A finite sum means every value is finite (NaN and Inf
  // propagate); a sum that overflows falls through to the exact search, which then finds nothing.
  if (t.numel() == 0 || std::isfinite(t.sum(torch::kFloat64).item<double>())) return;
  torch::Tensor bad = ~torch::isfinite(t);
  if (!bad.any().item<bool>()) return;
  const torch::Tensor flat = bad.reshape({t.size(0), -1});
  const int64_t row = flat.any(1).nonzero()[0][0].item<int64_t>();
  const int64_t col = flat[row].nonzero()[0][0].item<int64_t>();
  const float v = t.reshape({t.size(0), -1})[row][col].item<float>();
  std::string what = std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
  std::string where = "row " + std::to_string(row);
  if (flat.size(1) > 1) where += ", column " + std::to_string(col);
  fail(key, what + " at " + where + " (the first non-finite value)");
}

void check_flags(const std::string& key, const torch::Tensor& t) {
  torch::Tensor bad = (t != 0) & (t != 1);
  if (!bad.any().item<bool>()) return;
  const int64_t row = bad.nonzero()[0][0].item<int64_t>();
  std::ostringstream v;
  v << t[row].item<float>();
  fail(key, "row " + std::to_string(row) + " holds " + v.str() + ", not a 0/1 flag");
}

void validate_dataset(const Dataset& ds) {
  if (!ds.observations.defined()) fail("observations", "is missing");
  if (ds.observations.dim() != 2) check_rows("observations", ds.observations, 2, 0);
  const int64_t n = ds.observations.size(0);
  if (n == 0) throw Error("empty dataset: 'observations' has 0 rows");
  check_rows("actions", ds.actions, 2, n);
  check_rows("rewards", ds.rewards, 1, n);
  check_rows("terminals", ds.terminals, 1, n);
  check_rows("timeouts", ds.timeouts, 1, n);
  if (ds.has_next_observations()) {
    check_rows("next_observations", ds.next_observations, 2, n);
    if (ds.next_observations.size(1) != ds.obs_dim()) {
      fail("next_observations", "has " + std::to_string(ds.next_observations.size(1)) +
                                    " features but 'observations' has " +
                                    std::to_string(ds.obs_dim()));
    }
  }
  check_finite("observations", ds.observations);
  check_finite("actions", ds.actions);
  check_finite("rewards", ds.rewards);
  check_flags("terminals", ds.terminals);
  check_flags("timeouts", ds.timeouts);
  if (ds.has_next_observations()) check_finite("next_observations", ds.next_observations);
  for (const auto& [name, t] : ds.infos) {
    if (!t.defined() || t.dim() < 1 || t.size(0) != n) {
      fail(name, "has " + std::to_string(t.defined() && t.dim() ? t.size(0) : 0) +
                     " rows but 'observations' has " + std::to_string(n));
    }
    if (t.is_floating_point()) check_finite(name, t);
  }
}

}  // namespace vaco
