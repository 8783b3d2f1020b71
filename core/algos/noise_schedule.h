// The decay of VACO's exploration noise sigma_t from sigma_0 to sigma_end, and the cosine
// annealing of a learning rate, which is the same curve.
#pragma once
#include <cstdint>
#include <string>

namespace vaco::algos {

/// Shape of the decay.
enum class NoiseDecay { Linear, Exponential, Cosine };

/// Parses "linear", "exp", "cosine"; throws vaco::Error otherwise.
NoiseDecay parse_noise_decay(const std::string& name);

/// sigma_t for step t of `total` (clamped to [0, total]):
/// linear: s0 + (se - s0) t/T; exponential: se + (s0 - se) exp(-5 t/T);
/// cosine: se + (s0 - se) (1 + cos(pi t/T)) / 2.
double noise_sigma(NoiseDecay decay, double sigma0, double sigma_end, int64_t t, int64_t total);

/// value · (1 + cos(π t/T)) / 2 with t clamped to [0, total]: a learning rate annealed to 0.
double cosine_annealed(double value, int64_t t, int64_t total);

}  // namespace vaco::algos
