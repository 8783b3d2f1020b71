// `vaco eval RUN_DIR [--episodes N] [--seed S] [--json]`: evaluates a run's saved policy on the
// environment of its dataset; on the projectile toy also its angles against the optimum.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/vaco/commands.h"
#include "core/train/environment.h"
#include "core/train/projectile_report.h"
#include "core/train/run_history.h"
#include "core/train/saved_policy.h"
#include "core/util/error.h"

namespace vaco::cli {
namespace {

/// The training step the saved policy was written at (the last step metrics.jsonl records), or
/// null when the run's log cannot be read.
nlohmann::json policy_step(const std::string& dir) {
  try {
    const train::RunHistory run = train::read_run_history(dir);
    int64_t step = -1;
    for (const auto& m : run.metrics) step = std::max(step, m.step);
    for (const auto& e : run.evals) step = std::max(step, e.step);
    if (step >= 0) return step;
  } catch (const Error&) {
  }
  return nullptr;
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto opts = std::make_shared<EvalOptions>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("eval", "Evaluate the policy saved in a run directory");
  cmd->add_option("run_dir", *dir, "Run directory written by `vaco train`")->required();
  auto episodes = std::make_shared<int64_t>(-1);
  cmd->add_option("--episodes", *episodes, "Episodes, run side by side (default: the task's protocol, 100 on AntMaze, 10 elsewhere)")
      ->check(CLI::Range(int64_t{1}, int64_t{100000}));
  cmd->add_option("--seed", opts->seed, "Episode i starts from reset(seed + i)")->capture_default_str();
  cmd->add_flag("--json", *json, "Print the result as JSON");
  cmd->callback([dir, opts, episodes, json] {
    train::SavedPolicy saved = train::load_saved_policy(*dir);
    opts->episodes = train::evaluation_episodes(saved.env_id, *episodes);
    const EvalResult r = train::evaluate_saved_policy(saved, *opts);
    std::optional<train::ProjectileReport> angles;
    if (train::is_projectile(saved.env_id))
      angles = train::projectile_report([&](const torch::Tensor& h) { return saved.act(h); }, {});
    if (*json) {
      nlohmann::json out{{"run_dir", *dir},
                                  {"algo", saved.config.algo},
                                  {"env", saved.env_id},
                                  {"policy_step", policy_step(*dir)},
                                  {"seed", opts->seed},
                                  {"episodes", r.episodes},
                                  {"env_steps", r.steps},
                                  {"return_mean", r.return_mean},
                                  {"return_std", r.return_std},
                                  {"score_mean", r.score_mean},
                                  {"score_std", r.score_std},
                                  {"normalized_score", r.score_mean},
                                  {"score_source", train::score_source(saved.env_id, saved.score_reference)},
                                  {"returns", r.returns}};
      if (angles) {
        out["angle_error_deg"] = angles->mean_angle_error_deg;
        out["mean_range"] = angles->mean_range;
        out["optimal_mean_range"] = angles->optimal_mean_range;
      }
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << std::fixed << std::setprecision(2) << saved.config.algo << " on " << saved.env_id << ", "
              << r.episodes << " episodes: return " << r.return_mean << " +- " << r.return_std
              << ", normalized score " << r.score_mean << " +- " << r.score_std << "\n"
              << "score references: " << train::score_source(saved.env_id, saved.score_reference) << "\n";
    if (angles)
      std::cout << "angles over 201 heights in [0, 10] m: mean error " << angles->mean_angle_error_deg
                << " deg from the optimum, mean range " << angles->mean_range << " m (optimal "
                << angles->optimal_mean_range << " m)\n";
  });
}

}  // namespace vaco::cli
