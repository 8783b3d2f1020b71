#include "core/data/dataset_validator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
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

namespace {
// Contiguous float32 CPU view of t (no copy when it already is one).
torch::Tensor float_view(const torch::Tensor& t) {
  return t.to(torch::kCPU, torch::kFloat32).contiguous();
}

constexpr int64_t kBlock = 4096;

// True when one of exactly kBlock values is NaN or Inf: a branch-free test of the exponent
// bits with a fixed trip count, which GCC vectorizes even at -O2.
bool block_has_non_finite(const float* p) {
  uint32_t bad = 0;
  for (int64_t i = 0; i < kBlock; ++i) {
    uint32_t bits;
    std::memcpy(&bits, p + i, sizeof bits);
    bad |= uint32_t((bits & 0x7f800000u) == 0x7f800000u);
  }
  return bad != 0;
}

// Index of the first NaN/Inf value, or -1; scans block by block, looks closer only at a bad one.
int64_t first_non_finite(const float* p, int64_t n) {
  const auto scan = [p](int64_t from, int64_t to) -> int64_t {
    for (int64_t i = from; i < to; ++i) {
      if (!std::isfinite(p[i])) return i;
    }
    return -1;
  };
  int64_t start = 0;
  for (; start + kBlock <= n; start += kBlock) {
    if (block_has_non_finite(p + start)) return scan(start, start + kBlock);
  }
  return scan(start, n);
}

// Index of the first value that is neither 0 nor 1, or -1.
int64_t first_non_flag(const float* p, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (p[i] != 0.0f && p[i] != 1.0f) return i;
  }
  return -1;
}
}  // namespace

void check_finite(const std::string& key, const float* data, int64_t rows, int64_t cols,
                  int64_t first_row) {
  const int64_t at = first_non_finite(data, rows * cols);
  if (at < 0) return;
  const int64_t row = first_row + at / cols, col = at % cols;
  const float v = data[at];
  const std::string what = std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
  std::string where = "row " + std::to_string(row);
  if (cols > 1) where += ", column " + std::to_string(col);
  fail(key, what + " at " + where + " (the first non-finite value)");
}

void check_finite(const std::string& key, const torch::Tensor& t) {
  if (t.numel() == 0) return;
  const torch::Tensor c = float_view(t);
  check_finite(key, c.data_ptr<float>(), c.size(0), c.numel() / c.size(0), 0);
}

void check_flags(const std::string& key, const torch::Tensor& t) {
  if (t.numel() == 0) return;
  const torch::Tensor c = float_view(t);
  const int64_t at = first_non_flag(c.data_ptr<float>(), c.numel());
  if (at < 0) return;
  std::ostringstream v;
  v << c.data_ptr<float>()[at];
  fail(key, "row " + std::to_string(at) + " holds " + v.str() + ", not a 0/1 flag");
}

void validate_dataset(const Dataset& ds, bool check_values) {
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
  for (const auto& [name, t] : ds.infos) {
    if (!t.defined() || t.dim() < 1 || t.size(0) != n) {
      fail(name, "has " + std::to_string(t.defined() && t.dim() ? t.size(0) : 0) +
                     " rows but 'observations' has " + std::to_string(n));
    }
  }
  if (!check_values) return;
  check_finite("observations", ds.observations);
  check_finite("actions", ds.actions);
  check_finite("rewards", ds.rewards);
  check_flags("terminals", ds.terminals);
  check_flags("timeouts", ds.timeouts);
  if (ds.has_next_observations()) check_finite("next_observations", ds.next_observations);
  for (const auto& [name, t] : ds.infos) {
    if (t.is_floating_point()) check_finite(name, t);
  }
}

}  // namespace vaco
