// The projectile demo's run size, used by `vaco demo`, the GUI's Run > Projectile demo and the
// Run panel's defaults for the projectile toy. Torch-free.
#pragma once
#include <array>
#include <cstdint>

namespace vaco::train {

/// 3000 value + 3000 policy steps with 2 x 64 networks: about 20 s for three methods on two cores.
struct DemoPreset {
  static constexpr int64_t steps = 3000;        ///< policy-phase steps
  static constexpr int64_t value_steps = 3000;  ///< value pretraining steps
  static constexpr int64_t hidden = 64;         ///< units per hidden layer
  static constexpr int64_t depth = 2;           ///< hidden layers
  /// The methods the demo trains, in order.
  static constexpr std::array<const char*, 3> algorithms{"vaco", "bc", "iql"};
};

}  // namespace vaco::train
