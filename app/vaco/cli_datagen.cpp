// `vaco datagen projectile --out FILE [--samples N] [--seed S]`,
// `vaco datagen d4rl --sac-run RUN_DIR --recipe NAME --out FILE|FOLDER [--rows N] [--seed S]
//  [--medium-step N] [--expert-step N] [--format d4rl|minari] [--dataset-id ID]` and
// `vaco datagen antmaze --maze umaze|medium|large --mode play|diverse --policy RUN_DIR --out FILE
//  [--rows N] [--seed S] [--checkpoint STEP]`.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <iostream>
#include <optional>

#include "app/vaco/commands.h"
#include "app/vaco/console_sink.h"
#include "core/data/d4rl_writer.h"
#include "core/data/dataset_summary.h"
#include "core/datagen/antmaze_datagen.h"
#include "core/datagen/d4rl_recipes.h"
#include "core/datagen/dataset_export.h"
#include "core/datagen/projectile_datagen.h"
#include "core/util/error.h"

namespace vaco::cli {
namespace {

struct D4rlArgs {
  std::string run, recipe, out, format = "d4rl", dataset_id;
  std::optional<int64_t> rows;
  uint64_t seed = 0;
  int64_t medium_step = 0, expert_step = 0;
};

// Prints "done / total rows (p%)" as rows are made: in place on a terminal, every 10% otherwise.
std::function<void(int64_t, int64_t)> row_progress(bool tty, int64_t* last_percent) {
  return [tty, last_percent](int64_t done, int64_t total) {
    const int64_t percent = total > 0 ? 100 * done / total : 100;
    if (percent == *last_percent || (!tty && percent % 10 != 0)) return;
    *last_percent = percent;
    std::printf(tty ? "\r\033[K%lld / %lld rows (%lld%%)" : "%lld / %lld rows (%lld%%)\n", (long long)done,
                (long long)total, (long long)percent);
    std::fflush(stdout);
  };
}

struct AntMazeArgs {
  datagen::AntMazeDataOptions options;
  std::string run, out;
};

void run_antmaze(AntMazeArgs a) {
  const online::SacRunInfo run = online::read_sac_run(a.run);
  const bool tty = stdout_is_tty();
  int64_t last_percent = -1;
  a.options.progress = row_progress(tty, &last_percent);
  const Dataset ds = datagen::make_antmaze_dataset(run, a.options);
  if (tty) std::printf("\n");
  write_d4rl(ds, a.out, {.gzip_level = 4});
  const DatasetSummary s = summarize(ds);
  const int64_t reached = ds.rewards.sum().item<int64_t>();
  // Rewards are 1 at the goal, else 0: an episode with a positive return reached its goal.
  const auto successes = std::count_if(ds.episodes.begin(), ds.episodes.end(), [](const Episode& e) { return e.ret > 0.0; });
  std::printf("wrote %s (%s: %lld rows, %lld episodes, %lld of them reaching their goal, %lld rows at the goal)\n",
              a.out.c_str(), ds.env_name.c_str(), (long long)s.rows, (long long)s.episodes, (long long)successes,
              (long long)reached);
}

void run_d4rl(const D4rlArgs& a) {
  if (a.rows && *a.rows <= 0) throw Error("--rows must be > 0, got " + std::to_string(*a.rows));
  const datagen::DatasetFormat format = datagen::parse_dataset_format(a.format);
  if (format == datagen::DatasetFormat::D4rl && !a.dataset_id.empty()) {
    throw Error("--dataset-id names a Minari dataset; it needs --format minari");
  }
  datagen::RecipeOptions o{.recipe = datagen::parse_recipe(a.recipe), .rows = a.rows.value_or(0), .seed = a.seed,
                           .medium_step = a.medium_step, .expert_step = a.expert_step};
  const online::SacRunInfo run = online::read_sac_run(a.run);
  if (o.recipe != datagen::Recipe::Random) {
    const datagen::RecipePolicies p = datagen::choose_policies(run, o.recipe, o.medium_step, o.expert_step);
    const auto text = [](const online::PolicyCheckpoint& c) {
      char buf[96];
      if (c.evaluated) std::snprintf(buf, sizeof buf, "%lld env steps (return %.1f)", (long long)c.env_steps, c.return_mean);
      else std::snprintf(buf, sizeof buf, "%lld env steps (not evaluated)", (long long)c.env_steps);
      return std::string(buf);
    };
    if (!p.expert)
      std::printf("medium: the policy at %s\n", text(p.medium).c_str());
    else
      std::printf("expert: the policy at %s; medium: %s\n", text(*p.expert).c_str(), text(p.medium).c_str());
  }
  const bool tty = stdout_is_tty();
  int64_t last_percent = -1;
  o.progress = row_progress(tty, &last_percent);
  const Dataset ds = datagen::make_recipe_dataset(run, o);
  if (tty) std::printf("\n");
  const std::vector<std::string> left_out =
      datagen::write_dataset(ds, a.out, {.format = format, .dataset_id = a.dataset_id, .gzip_level = 4});
  const DatasetSummary s = summarize(ds);
  std::printf("wrote %s (%s: %lld rows, %lld episodes, return min %.1f / mean %.1f / max %.1f)\n", a.out.c_str(),
              a.recipe.c_str(), (long long)s.rows, (long long)s.episodes, s.return_min, s.return_mean, s.return_max);
  for (const std::string& key : left_out) std::printf("not kept in the Minari layout: %s\n", key.c_str());
}

}  // namespace

void add_datagen_commands(CLI::App& app) {
  auto* group = app.add_subcommand("datagen", "Generate datasets (D4RL files; d4rl also Minari folders)");
  group->require_subcommand(1);
  auto opts = std::make_shared<ProjectileDataOptions>();
  auto out = std::make_shared<std::string>();
  auto* proj = group->add_subcommand(
      "projectile", "The projectile toy: 15% near-optimal, 25% uniform, 60% lob throws");
  proj->add_option("--out", *out, "Output .hdf5 file")->required();
  proj->add_option("--samples", opts->samples, "Number of throws (rows)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  proj->add_option("--seed", opts->seed, "Random seed; the same seed gives the same file")
      ->capture_default_str();
  proj->callback([opts, out] {
    const Dataset ds = generate_projectile_dataset(*opts);
    write_d4rl(ds, *out);
    std::cout << "wrote " << *out << " (" << ds.size() << " rows, seed " << opts->seed << ")\n";
  });

  auto a = std::make_shared<D4rlArgs>();
  auto* d4rl = group->add_subcommand("d4rl", "D4RL's recipes from a `vaco sac` run: random, medium, medium-replay, "
                                             "expert, medium-expert");
  d4rl->add_option("--sac-run", a->run, "Run directory of `vaco sac`")->required();
  d4rl->add_option("--recipe", a->recipe, "random | medium | medium-replay | expert | medium-expert")->required();
  d4rl->add_option("--out", a->out, "Output .hdf5 file (gzip-compressed), or with --format minari a dataset folder")
      ->required();
  d4rl->add_option("--format", a->format, "d4rl | minari")->capture_default_str();
  d4rl->add_option("--dataset-id", a->dataset_id,
                   "Minari id, [namespace/]name-vN (default: the folder's path under the Minari datasets root, else its name)");
  d4rl->add_option("--rows", a->rows,
                   "Rows per policy (default 1000000; medium-replay: the buffer up to the medium checkpoint)");
  d4rl->add_option("--seed", a->seed, "Random seed; the same seed gives the same file")->capture_default_str();
  d4rl->add_option("--medium-step", a->medium_step,
                   "Act as medium with the checkpoint at these env steps (default: the evaluated return nearest expert / 3)");
  d4rl->add_option("--expert-step", a->expert_step,
                   "Act as expert with the checkpoint at these env steps (default: the best evaluated return)");
  d4rl->callback([a] { run_d4rl(*a); });

  auto m = std::make_shared<AntMazeArgs>();
  auto* maze = group->add_subcommand("antmaze", "AntMaze data as D4RL made them: a goal-reaching ant (a `vaco sac` run on "
                                                "antmaze-goal-reaching-v2) steered along the maze's shortest paths");
  maze->add_option("--maze", m->options.maze, "umaze | medium | large")->required();
  maze->add_option("--mode", m->options.mode, "play (start in the start cell) | diverse (start in any open cell)")->required();
  maze->add_option("--policy", m->run, "Run directory of `vaco sac --env antmaze-goal-reaching-v2` (or -any-heading-v2)")->required();
  maze->add_option("--out", m->out, "Output .hdf5 file (gzip-compressed)")->required();
  maze->add_option("--rows", m->options.rows, "Rows (whole 1000-step episodes)")->capture_default_str();
  maze->add_option("--seed", m->options.seed, "Random seed; the same seed gives the same file")->capture_default_str();
  maze->add_option("--checkpoint", m->options.checkpoint_step, "The policy checkpoint by env steps (0: the last)")
      ->capture_default_str();
  maze->callback([m] { run_antmaze(*m); });
}

}  // namespace vaco::cli
