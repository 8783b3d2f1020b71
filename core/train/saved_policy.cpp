#include "core/train/saved_policy.h"

#include <torch/serialize.h>

#include <filesystem>

#include "core/train/config_fields.h"
#include "core/train/environment.h"
#include "core/train/run_dir.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;


}  // namespace

torch::Tensor SavedPolicy::act(const torch::Tensor& raw_observations) {
  torch::NoGradGuard no_grad;
  return policy->forward(stats.normalize(raw_observations.to(torch::kCPU, torch::kFloat32)));
}

SavedPolicy load_saved_policy(const std::string& run_dir) {
  if (!fs::is_directory(run_dir)) throw Error(run_dir + ": no such run directory");
  const RunDir dir(run_dir);
  SavedPolicy s;
  s.config = load_config(dir.config_json());
  const RunInfo run = dir.read_info();
  if (run.env_id.empty() || run.obs_dim < 1 || run.act_dim < 1)
    throw Error(dir.run_json() + ": no env_id, obs_dim or act_dim");
  const nlohmann::json norm = read_json_file(dir.normalization_json());
  try {
    s.env_id = run.env_id;
    s.score_reference = run.score_reference;
    const int64_t obs_dim = s.obs_dim = run.obs_dim;
    const int64_t act_dim = s.act_dim = run.act_dim;
    s.stats.mean = torch::tensor(norm.at("mean").get<std::vector<double>>(), torch::kFloat32);
    s.stats.std = torch::tensor(norm.at("std").get<std::vector<double>>(), torch::kFloat32);
    if (s.stats.mean.numel() != obs_dim || s.stats.std.numel() != obs_dim)
      throw Error(run_dir + ": normalization.json does not match obs_dim " + std::to_string(obs_dim));
    s.policy = nets::Policy(obs_dim, act_dim, nets::NetShape{.hidden = s.config.hidden, .depth = s.config.depth});
  } catch (const nlohmann::json::exception& e) {
    throw Error(dir.normalization_json() + ": broken (" + e.what() + ")");
  }
  const std::string pt = dir.policy_pt();
  if (!fs::exists(pt)) throw Error(pt + ": missing (the run has not finished?)");
  try {
    torch::load(s.policy, pt);
  } catch (const c10::Error& e) {
    throw Error(pt + ": cannot load the policy (" + e.what_without_backtrace() + ")");
  }
  s.policy->eval();
  return s;
}

EvalResult evaluate_saved_policy(SavedPolicy& saved, const EvalOptions& options) {
  (void)make_environment(saved.env_id);  // throws when unknown
  const std::string id = saved.env_id;
  EvalOptions with_reference = options;
  if (!with_reference.reference) with_reference.reference = saved.score_reference;
  return evaluate_policy([id] { return make_environment(id); },
                         [&saved](const torch::Tensor& obs) { return saved.act(obs); }, with_reference);
}

}  // namespace vaco::train
