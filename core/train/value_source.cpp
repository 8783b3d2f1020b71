#include "core/train/value_source.h"

#include <filesystem>

#include "core/train/checkpoint.h"
#include "core/train/config_fields.h"
#include "core/train/run_dir.h"
#include "core/train/seed_group.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

// The dotted keys of critic_settings(), in message order.
const char* const kCriticKeys[] = {"hidden",      "depth",           "batch_size",       "reward_transform", "value_steps",
                                   "value.lr",    "value.gamma",     "value.expectile",  "value.target_tau"};

}  // namespace

nlohmann::json critic_settings(const TrainConfig& config) {
  const nlohmann::json j = config_to_json(config);
  nlohmann::json out = nlohmann::json::object();
  for (const std::string key : kCriticKeys) {
    const size_t dot = key.find('.');
    out[key] = dot == std::string::npos ? j.at(key) : j.at(key.substr(0, dot)).at(key.substr(dot + 1));
  }
  return out;
}

void save_value_file(algos::ValuePretraining& critic, const std::string& run_dir) {
  CheckpointParts parts;
  critic.add_checkpoint_parts(parts);
  save_checkpoint(parts, RunDir(run_dir).value_pt());
}

std::string value_source_dir(const std::string& source_dir, uint64_t seed) {
  if (fs::exists(RunDir(source_dir).value_pt())) return source_dir;
  const std::string seed_dir = seed_run_dir(source_dir, seed);
  if (fs::exists(RunDir(seed_dir).value_pt())) return seed_dir;
  throw Error("value_from: " + source_dir + " has no value.pt, nor has " + seed_dir +
              " (its value phase has not finished)");
}

void load_value_from(const std::string& source_from, const TrainConfig& config, const std::string& dataset_path,
                     algos::ValuePretraining& critic, torch::Device device) {
  const std::string source_dir = value_source_dir(source_from, config.seed);
  const RunDir source(source_dir);
  const std::string file = source.value_pt();
  const nlohmann::json theirs = critic_settings(load_config(source.config_json()));
  const nlohmann::json mine = critic_settings(config);
  for (const char* key : kCriticKeys) {
    if (theirs.at(key) != mine.at(key))
      throw Error("value_from: " + source_dir + " has " + key + " = " + theirs.at(key).dump() + ", this run " +
                  mine.at(key).dump());
  }
  if (!dataset_path.empty() && fs::exists(source.run_json())) {
    const std::string source_data = source.read_info().dataset_path;
    std::error_code ec;
    if (!source_data.empty() && !fs::equivalent(source_data, dataset_path, ec))
      throw Error("value_from: " + source_dir + " was trained on " + source_data + ", this run uses " +
                  fs::absolute(dataset_path).string());
  }
  CheckpointParts parts;
  critic.add_checkpoint_parts(parts);
  load_checkpoint(parts, file, device);
}

}  // namespace vaco::train
