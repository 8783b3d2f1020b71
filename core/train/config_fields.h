// Typed, dotted settings ("vaco.meta_lr") of a config struct: JSON save/load and `--set
// key=value` overrides, shared by every config that a run directory stores (train, sac).
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/algos/noise_schedule.h"
#include "core/algos/vaco.h"

namespace vaco::train {

/// A setting: a typed pointer into a config.
using FieldPtr = std::variant<std::string*, int64_t*, uint64_t*, double*, bool*, algos::WeightNormalization*,
                              algos::NoiseDecay*, algos::NoiseTarget*, algos::MetaGradient*>;
/// Every setting of a config with its dotted key, in file order.
using Fields = std::vector<std::pair<std::string, FieldPtr>>;

/// The settings as JSON, nested objects for the dotted keys.
nlohmann::json fields_to_json(const Fields& fields);

/// Sets the fields named in `j` (nested or dotted); keys not given keep their values. Throws
/// vaco::Error on an unknown key or a value of the wrong type.
void fields_from_json(const Fields& fields, const nlohmann::json& j);

/// Applies one "key=value" assignment; throws vaco::Error on an unknown key or a value that does
/// not parse as the setting's type.
void apply_field_override(const Fields& fields, const std::string& assignment);

/// Throws vaco::SettingError ("<name> must be >= <lo>, got <value>") unless value >= lo.
void require_at_least(const std::string& name, int64_t value, int64_t lo);

/// Parses a JSON file; throws vaco::Error naming the file when it cannot be read or parsed.
nlohmann::json read_json_file(const std::string& path);

/// Writes pretty JSON; throws vaco::Error naming the file when it cannot be written.
void write_json_file(const nlohmann::json& j, const std::string& path);

}  // namespace vaco::train
