#include "core/online/sac_run_dir.h"

#include <torch/serialize.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "core/train/csv_eval_sink.h"
#include "core/train/run_dir.h"
#include "core/util/error.h"

namespace vaco::online {
namespace {

namespace fs = std::filesystem;

// The env steps of "policy-<digits>.pt", or -1 for any other name.
int64_t policy_steps(const std::string& name) {
  if (name.size() < 11 || name.rfind("policy-", 0) != 0 || name.substr(name.size() - 3) != ".pt") return -1;
  const std::string digits = name.substr(7, name.size() - 10);
  if (digits.empty() || digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return -1;
  return std::stoll(digits);
}

}  // namespace

std::string policy_file_name(int64_t env_steps) {
  char name[40];
  std::snprintf(name, sizeof name, "policy-%09lld.pt", (long long)env_steps);
  return name;
}

SacRunInfo read_sac_run(const std::string& dir) {
  SacRunInfo info;
  info.dir = dir;
  const train::RunDir root(dir);
  if (!fs::is_directory(dir)) throw Error(dir + ": no such run directory");
  const train::RunInfo run = root.read_info();
  if (run.kind != "sac")
    throw Error(dir + ": not a SAC run directory (run.json does not say kind \"sac\"; make one with `vaco sac`)");
  info.config = load_sac_config(root.config_json());
  info.obs_dim = run.obs_dim;
  info.act_dim = run.act_dim;
  if (info.obs_dim < 1 || info.act_dim < 1) throw Error(dir + "/run.json: no observation or action width");
  std::map<int64_t, train::EvalLine> evals;
  if (fs::exists(root.progress_csv()))
    for (const train::EvalLine& e : train::read_eval_csv(root.progress_csv())) evals[e.step] = e;
  std::error_code ec;
  for (fs::directory_iterator it(root.policies(), ec), end; !ec && it != end; it.increment(ec)) {
    const int64_t steps = policy_steps(it->path().filename().string());
    if (steps < 0) continue;
    PolicyCheckpoint c{.env_steps = steps, .path = it->path().string()};
    if (const auto e = evals.find(steps); e != evals.end()) {
      c.evaluated = true;
      c.return_mean = e->second.return_mean;
      c.score_mean = e->second.score_mean;
    }
    info.checkpoints.push_back(c);
  }
  std::sort(info.checkpoints.begin(), info.checkpoints.end(),
            [](const auto& a, const auto& b) { return a.env_steps < b.env_steps; });
  info.replay_path = root.replay_hdf5();
  return info;
}

nets::GaussianPolicy load_sac_policy(const SacRunInfo& run, const PolicyCheckpoint& checkpoint) {
  nets::GaussianPolicy policy(run.obs_dim, run.act_dim, run.config.sac.shape);
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(checkpoint.path, torch::kCPU);
    policy->load(archive);
  } catch (const c10::Error& e) {
    throw Error(checkpoint.path + ": cannot read the policy (" + e.what_without_backtrace() + ")");
  }
  policy->eval();
  return policy;
}

const PolicyCheckpoint& checkpoint_at(const SacRunInfo& run, int64_t steps, const std::string& option) {
  std::string have;
  for (const auto& c : run.checkpoints) {
    if (c.env_steps == steps) return c;
    have += (have.empty() ? "" : ", ") + std::to_string(c.env_steps);
  }
  throw Error(option + " " + std::to_string(steps) + ": SAC run '" + run.dir + "' has no policy checkpoint there (" +
              (have.empty() ? std::string("it has none") : "it has " + have) + ")");
}

}  // namespace vaco::online
