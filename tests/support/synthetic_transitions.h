// Random transitions of Hopper's widths for learner tests that need no real data.
#pragma once
#include <cstdint>

#include "core/data/transitions.h"

namespace vaco::test {

/// `rows` random transitions (obs 17, act 6 in [-1, 1], 1% terminal) drawn after seeding torch's
/// global generator with `seed`.
Transitions hopperShapedTransitions(int64_t rows, uint64_t seed);

}  // namespace vaco::test
