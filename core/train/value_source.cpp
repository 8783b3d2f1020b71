#include "core/train/value_source.h"

#include <filesystem>

#include "core/train/checkpoint.h"
#include "core/train/config_fields.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

// The settings that shape the critic: a source run must agree on each.
const char* const kCriticKeys[] = {"hidden", "depth", "reward_transform", "value.lr", "value.gamma",
                                   "value.expectile", "value.target_tau"};

// The value of a dotted key in a config's JSON (nested objects).
nlohmann::json dotted(const nlohmann::json& j, const std::string& key) {
  const nlohmann::json* node = &j;
  size_t start = 0;
  while (true) {
    const size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(part)) return nullptr;
    node = &(*node)[part];
    if (dot == std::string::npos) return *node;
    start = dot + 1;
  }
}

}  // namespace

std::string value_file(const std::string& run_dir) { return (fs::path(run_dir) / "value.pt").string(); }

void save_value_file(algos::ValuePretraining& critic, const std::string& run_dir) {
  CheckpointParts parts;
  critic.add_checkpoint_parts(parts);
  save_checkpoint(parts, value_file(run_dir));
}

void load_value_from(const std::string& source_dir, const TrainConfig& config, const std::string& dataset_path,
                     algos::ValuePretraining& critic, torch::Device device) {
  const std::string file = value_file(source_dir);
  if (!fs::exists(file))
    throw Error("value_from: " + source_dir + " has no value.pt (its value phase has not finished)");
  const nlohmann::json source = read_json_file((fs::path(source_dir) / "config.json").string());
  const nlohmann::json mine = config_to_json(config);
  for (const char* key : kCriticKeys) {
    if (dotted(source, key) != dotted(mine, key))
      throw Error("value_from: " + source_dir + " has " + key + " = " + dotted(source, key).dump() + ", this run " +
                  dotted(mine, key).dump());
  }
  const fs::path run_json = fs::path(source_dir) / "run.json";
  if (!dataset_path.empty() && fs::exists(run_json)) {
    const std::string theirs = read_json_file(run_json.string()).value("dataset_path", "");
    std::error_code ec;
    if (!theirs.empty() && !fs::equivalent(theirs, dataset_path, ec))
      throw Error("value_from: " + source_dir + " was trained on " + theirs + ", this run uses " +
                  fs::absolute(dataset_path).string());
  }
  CheckpointParts parts;
  critic.add_checkpoint_parts(parts);
  load_checkpoint(parts, file, device);
}

}  // namespace vaco::train
