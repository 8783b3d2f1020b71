// `vaco env list|check-dataset|rollout`: the MuJoCo environments.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <optional>

#include "app/vaco/commands.h"
#include "core/data/read_dataset.h"
#include "core/data/d4rl_writer.h"
#include "core/util/error.h"

#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/dataset_check.h"
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/random_rollout.h"
#include "core/envs/mujoco/rollout.h"
#include "core/train/saved_policy.h"
#endif

namespace vaco::cli {

#ifdef VACO_WITH_MUJOCO
namespace {

struct EnvArgs {
  std::string env, file, out, policy = "random";
  bool json = false;
  double tolerance = 1e-4;
  int64_t max_rows = 0, episodes = 10;
  uint64_t seed = 0;
};

void list_envs(const EnvArgs& a) {
  nlohmann::json rows = nlohmann::json::array();
  for (const std::string& name : listed_env_ids()) {
    const auto env = make_env(name);
    env->reset(0);
    const ReferenceReturns ref = env->reference_returns();
    rows.push_back({{"name", name}, {"obs_dim", env->observation_dim()}, {"act_dim", env->action_dim()},
                    {"max_episode_steps", env->max_episode_steps()}, {"random_return", ref.random},
                    {"expert_return", ref.expert}});
  }
  if (a.json) {
    std::cout << rows.dump(2) << "\n";
    return;
  }
  int width = 15;
  for (const auto& r : rows) width = std::max(width, int(r["name"].get<std::string>().size()));
  std::printf("%-*s %5s %5s %6s %14s %14s\n", width, "name", "obs", "act", "steps", "random return", "expert return");
  for (const auto& r : rows) {
    const bool per_state = r["name"] == "projectile";
    std::printf("%-*s %5lld %5lld %6lld %14s %14s\n", width, r["name"].get<std::string>().c_str(),
                (long long)r["obs_dim"].get<int64_t>(), (long long)r["act_dim"].get<int64_t>(),
                (long long)r["max_episode_steps"].get<int64_t>(),
                per_state ? "per height" : std::to_string(r["random_return"].get<double>()).c_str(),
                per_state ? "per height" : std::to_string(r["expert_return"].get<double>()).c_str());
  }
}

void check_file(const EnvArgs& a) {
  const Dataset ds = read_dataset(a.file);
  const std::string id = a.env.empty() ? ds.env_name : a.env;
  if (id.empty()) {
    throw UsageError("cannot tell the environment of '" + a.file + "' from its name or metadata; pass --env");
  }
  const auto env = make_env(id);
  const DatasetCheckResult r = check_dataset(ds, *env, a.tolerance, a.max_rows);
  const nlohmann::json j = {{"file", a.file}, {"env", env->name()}, {"rows_total", r.rows_total},
                            {"rows_checked", r.rows_checked}, {"rows_matched", r.rows_matched},
                            {"match_fraction", r.match_fraction}, {"max_obs_error", r.max_obs_error},
                            {"max_obs_error_row", r.max_obs_error_row}, {"max_reward_error", r.max_reward_error},
                            {"terminal_mismatches", r.terminal_mismatches},
                            {"first_mismatch_row", r.first_mismatch_row}, {"tolerance", r.tolerance}};
  if (a.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    std::printf("%s against %s: %lld of %lld rows match (%.4f%%) within %.1e x (1 + |value|)\n"
                "largest observation error %.3e (row %lld), largest reward error %.3e, terminal mismatches %lld\n",
                a.file.c_str(), env->name().c_str(), (long long)r.rows_matched, (long long)r.rows_checked,
                100.0 * r.match_fraction, r.tolerance, r.max_obs_error, (long long)r.max_obs_error_row,
                r.max_reward_error, (long long)r.terminal_mismatches);
  }
  if (r.rows_checked == 0 || r.rows_matched != r.rows_checked) {
    std::cerr << "vaco: " << (r.rows_checked == 0 ? std::string("no rows could be checked")
                                                   : "rows differ, first at row " + std::to_string(r.first_mismatch_row))
              << "\n";
    exit_status() = 1;
  }
}

// The environment a rollout runs in: --env, or the run's own when only a run dir is given.
std::unique_ptr<Env> rollout_env(const EnvArgs& a, const train::SavedPolicy* saved) {
  if (saved == nullptr) {
    if (a.env.empty()) throw UsageError("--env is required with --policy random");
    return make_env(a.env);
  }
  const std::string id = a.env.empty() ? saved->env_id : a.env;
  auto env = make_env(id);
  if (env_family(id) != env_family(saved->env_id)) {
    throw Error("--env " + id + " differs from the environment of run '" + a.policy + "' (" + saved->env_id + ")");
  }
  if (saved->obs_dim != env->observation_dim() || saved->act_dim != env->action_dim()) {
    throw Error("run '" + a.policy + "' has a policy for " + std::to_string(saved->obs_dim) + " observation and " +
                std::to_string(saved->act_dim) + " action values; " + env->name() + " has " +
                std::to_string(env->observation_dim()) + " and " + std::to_string(env->action_dim()));
  }
  return env;
}

void rollout_command(const EnvArgs& a) {
  std::optional<train::SavedPolicy> saved;
  if (a.policy != "random") saved = train::load_saved_policy(a.policy);
  const auto env = rollout_env(a, saved ? &*saved : nullptr);
  Dataset ds;
  if (!saved) {
    ds = rollout_random(*env, a.episodes, a.seed);
  } else {
    // The trained policy, deterministic, one observation at a time.
    const int64_t od = env->observation_dim();
    ds = rollout(
        *env, a.episodes, a.seed,
        [&saved, od](std::span<const float> obs, std::span<float> action, Rng&) {
          const torch::Tensor in = torch::from_blob(const_cast<float*>(obs.data()), {1, od}, torch::kFloat32);
          const torch::Tensor out = saved->act(in).contiguous();
          std::copy_n(out.data_ptr<float>(), action.size(), action.begin());
        },
        "policy-rollout");
  }
  write_d4rl(ds, a.out);
  std::cout << "wrote " << a.out << " (" << ds.size() << " rows, " << ds.episodes.size() << " episodes of "
            << env->name() << (saved ? " under the policy of " + a.policy : std::string(" with random actions"))
            << ")\n";
}

}  // namespace

void add_env_commands(CLI::App& app) {
  auto a = std::make_shared<EnvArgs>();
  auto* group = app.add_subcommand("env", "MuJoCo environments that match D4RL's");
  group->require_subcommand(1);

  auto* list = group->add_subcommand("list", "List the environments with their sizes and reference returns");
  list->add_flag("--json", a->json, "Print JSON");
  list->callback([a] { list_envs(*a); });

  auto* check = group->add_subcommand(
      "check-dataset", "Replay a file's infos/qpos+qvel and actions through our physics and compare");
  check->add_option("FILE", a->file, "D4RL .hdf5 file with infos/qpos and infos/qvel")->required();
  check->add_option("--env", a->env, "Environment (default: from the file's metadata or name)");
  check->add_option("--tolerance", a->tolerance, "Match when |ours - file| <= tol x (1 + |file|)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  check->add_option("--max-rows", a->max_rows, "Check only the first N rows (0 = all)")->check(CLI::NonNegativeNumber);
  check->add_flag("--json", a->json, "Print JSON");
  check->callback([a] { check_file(*a); });

  auto* roll = group->add_subcommand("rollout", "Record episodes in the D4RL layout, with infos/qpos and infos/qvel");
  roll->add_option("--env", a->env, "Environment, e.g. hopper (default with a run dir: the run's)");
  roll->add_option("--policy", a->policy, "'random' or a run directory of `vaco train` (deterministic actions)")
      ->capture_default_str();
  roll->add_option("--episodes", a->episodes, "Episodes")->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  roll->add_option("--seed", a->seed, "Random seed")->capture_default_str();
  roll->add_option("--out", a->out, "Output .hdf5 file")->required();
  roll->callback([a] { rollout_command(*a); });

}
#else
void add_env_commands(CLI::App& app) {
  auto* group = app.add_subcommand("env", "MuJoCo environments (not in this build)");
  group->allow_extras();
  group->callback([] { throw Error("this vaco was built without MuJoCo (VACO_WITH_MUJOCO=OFF)"); });
}
#endif

}  // namespace vaco::cli
