// Precompiled header of vaco_core (and the tests): the heavy torch umbrella, compiled once.
#pragma once
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
