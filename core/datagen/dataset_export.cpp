#include "core/datagen/dataset_export.h"

#include <filesystem>
#include <memory>
#include <regex>

#include "core/data/d4rl_writer.h"
#include "core/data/minari_reader.h"
#include "core/data/minari_writer.h"
#include "core/train/environment.h"
#include "core/util/error.h"
#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/env_registry.h"
#endif

namespace vaco::datagen {

namespace fs = std::filesystem;

namespace {

// The environment `env_id` names, checked against the dataset's widths.
std::unique_ptr<Env> matching_environment(const Dataset& ds, const std::string& env_id) {
  std::unique_ptr<Env> env = train::make_environment(env_id);
  if (env->observation_dim() != ds.obs_dim() || env->action_dim() != ds.act_dim()) {
    throw Error("the dataset has " + std::to_string(ds.obs_dim()) + " observation and " + std::to_string(ds.act_dim()) +
                " action features, but environment '" + env_id + "' has " + std::to_string(env->observation_dim()) +
                " and " + std::to_string(env->action_dim()));
  }
  return env;
}

// The env spec part of a Minari dataset's metadata, from the environment registry.
MinariWriteOptions minari_options(const Dataset& ds, const ExportOptions& o) {
  const std::string env_id = o.env_id.empty() ? ds.env_name : o.env_id;
  if (env_id.empty()) {
    throw Error("the dataset names no environment, and a Minari dataset records one; give it with --env (e.g. hopper)");
  }
  const std::unique_ptr<Env> env = matching_environment(ds, env_id);
  MinariWriteOptions m;
  if (train::is_projectile(env_id)) {
    m.env_id = "projectile-v0";
  } else {
#ifdef VACO_WITH_MUJOCO
    const GymnasiumSpec spec = gymnasium_spec(env_id);
    m.env_id = spec.id;
    m.entry_point = spec.entry_point;
#endif
  }
  m.max_episode_steps = env->max_episode_steps();
  m.action_low = env->action_low();
  m.action_high = env->action_high();
  m.description = o.description.empty()
                      ? "written by VACO Studio" + (ds.source_path.empty() ? std::string() : " from " + ds.source_path)
                      : o.description;
  return m;
}

}  // namespace

DatasetFormat parse_dataset_format(const std::string& text) {
  if (text == "d4rl") return DatasetFormat::D4rl;
  if (text == "minari") return DatasetFormat::Minari;
  throw Error("unknown dataset format '" + text + "'; known: d4rl, minari");
}

std::string default_minari_id(const std::string& folder) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(folder), ec);
  const fs::path root = fs::weakly_canonical(fs::absolute(minari_datasets_root()), ec);
  const fs::path relative = target.lexically_relative(root);
  if (!relative.empty() && *relative.begin() != ".." && relative != ".") return relative.generic_string();
  std::string name = target.filename().string();
  static const std::regex versioned(R"(.*-v\d+$)");
  if (!std::regex_match(name, versioned)) name += "-v0";
  return name;
}

std::vector<std::string> write_dataset(const Dataset& ds, const std::string& out, const ExportOptions& options) {
  if (options.format == DatasetFormat::D4rl) {
    if (options.env_id.empty()) {
      write_d4rl(ds, out, WriteOptions{.gzip_level = options.gzip_level});
    } else {
      (void)matching_environment(ds, options.env_id);
      Dataset relabelled = ds;  // tensors are shared, not copied
      relabelled.env_name = options.env_id;
      write_d4rl(relabelled, out, WriteOptions{.gzip_level = options.gzip_level});
    }
    return {};
  }
  MinariWriteOptions m = minari_options(ds, options);
  m.dataset_id = options.dataset_id.empty() ? default_minari_id(out) : options.dataset_id;
  return write_minari(ds, out, m);
}

}  // namespace vaco::datagen
