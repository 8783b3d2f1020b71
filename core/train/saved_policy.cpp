#include "core/train/saved_policy.h"

#include <torch/serialize.h>

#include <filesystem>
#include <fstream>

#include "core/train/environment.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

// Parses a JSON file of the run dir; throws vaco::Error naming it.
nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(path.string() + ": missing (not a run directory?)");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(path.string() + ": not valid JSON");
  return j;
}

}  // namespace

torch::Tensor SavedPolicy::act(const torch::Tensor& raw_observations) {
  torch::NoGradGuard no_grad;
  return policy->forward(stats.normalize(raw_observations.to(torch::kCPU, torch::kFloat32)));
}

SavedPolicy load_saved_policy(const std::string& run_dir) {
  const fs::path dir(run_dir);
  if (!fs::is_directory(dir)) throw Error(run_dir + ": no such run directory");
  SavedPolicy s;
  s.config = load_config((dir / "config.json").string());
  const nlohmann::json run = read_json(dir / "run.json");
  const nlohmann::json norm = read_json(dir / "normalization.json");
  try {
    s.env_id = run.at("env_id").get<std::string>();
    const int64_t obs_dim = s.obs_dim = run.at("obs_dim").get<int64_t>();
    const int64_t act_dim = s.act_dim = run.at("act_dim").get<int64_t>();
    s.stats.mean = torch::tensor(norm.at("mean").get<std::vector<double>>(), torch::kFloat32);
    s.stats.std = torch::tensor(norm.at("std").get<std::vector<double>>(), torch::kFloat32);
    if (s.stats.mean.numel() != obs_dim || s.stats.std.numel() != obs_dim)
      throw Error(run_dir + ": normalization.json does not match obs_dim " + std::to_string(obs_dim));
    s.policy = nets::Policy(obs_dim, act_dim, nets::NetShape{.hidden = s.config.hidden, .depth = s.config.depth});
  } catch (const nlohmann::json::exception& e) {
    throw Error(run_dir + ": broken run.json or normalization.json (" + e.what() + ")");
  }
  const fs::path pt = dir / "policy.pt";
  if (!fs::exists(pt)) throw Error(pt.string() + ": missing (the run has not finished?)");
  try {
    torch::load(s.policy, pt.string());
  } catch (const c10::Error& e) {
    throw Error(pt.string() + ": cannot load the policy (" + e.what_without_backtrace() + ")");
  }
  s.policy->eval();
  return s;
}

EvalResult evaluate_saved_policy(SavedPolicy& saved, const EvalOptions& options) {
  (void)make_environment(saved.env_id);  // throws when unknown
  const std::string id = saved.env_id;
  return evaluate_policy([id] { return make_environment(id); },
                         [&saved](const torch::Tensor& obs) { return saved.act(obs); }, options);
}

}  // namespace vaco::train
