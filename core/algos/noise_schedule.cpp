#include "core/algos/noise_schedule.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace vaco::algos {

NoiseDecay parse_noise_decay(const std::string& name) {
  if (name == "linear") return NoiseDecay::Linear;
  if (name == "exp" || name == "exponential") return NoiseDecay::Exponential;
  if (name == "cosine") return NoiseDecay::Cosine;
  throw Error("unknown noise decay '" + name + "' (expected linear, exp or cosine)");
}

double noise_sigma(NoiseDecay decay, double sigma0, double sigma_end, int64_t t, int64_t total) {
  const double frac = total <= 0 ? 1.0 : std::clamp(double(t) / double(total), 0.0, 1.0);
  switch (decay) {
    case NoiseDecay::Linear:
      return sigma0 + (sigma_end - sigma0) * frac;
    case NoiseDecay::Exponential:
      return sigma_end + (sigma0 - sigma_end) * std::exp(-5.0 * frac);
    case NoiseDecay::Cosine:
      return sigma_end + (sigma0 - sigma_end) * 0.5 * (1.0 + std::cos(M_PI * frac));
  }
  return sigma_end;
}

double cosine_annealed(double value, int64_t t, int64_t total) {
  return noise_sigma(NoiseDecay::Cosine, value, 0.0, t, total);
}

}  // namespace vaco::algos
