// D4RL's dataset recipes from a SAC run (`vaco datagen d4rl`), following D4RL's generation code:
// random (uniform actions), expert (the best checkpoint), medium (the checkpoint whose evaluated
// return is nearest one third of the expert's), medium-replay (the run's replay buffer up to the
// medium checkpoint) and medium-expert (medium and expert stitched). Actions are sampled from the
// tanh-Gaussian; infos/action_log_probs, infos/qpos and infos/qvel are recorded before each step.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/online/sac_run_dir.h"

namespace vaco::datagen {

/// The recipes.
enum class Recipe { Random, Medium, MediumReplay, Expert, MediumExpert };

/// The recipe names, in display order: random, medium, medium-replay, expert, medium-expert.
const std::vector<std::string>& recipe_names();
/// The recipe called `name`; throws vaco::Error listing the names when there is none.
Recipe parse_recipe(const std::string& name);
/// The recipe's name.
std::string recipe_name(Recipe recipe);

/// How to make one dataset.
struct RecipeOptions {
  Recipe recipe = Recipe::Medium;
  int64_t rows = 0;   ///< rows per policy (0: 1,000,000; medium-replay: the buffer's own rows)
  uint64_t seed = 0;  ///< the same seed gives the same dataset
  /// The checkpoints to act with, by their env steps (0: chosen from the evaluations, see
  /// choose_policies). A run retrained only up to its medium step can still remake medium and
  /// medium-replay.
  int64_t medium_step = 0, expert_step = 0;
  /// Called as rows are made (rows done, rows expected).
  std::function<void(int64_t, int64_t)> progress;
};

/// The checkpoints a recipe acts with.
struct RecipePolicies {
  /// The best evaluated return; absent when the recipe needs no expert and its medium is named.
  std::optional<online::PolicyCheckpoint> expert;
  online::PolicyCheckpoint medium;  ///< evaluated return nearest expert / 3 (earliest on a tie)
};

/// Chooses the checkpoints `recipe` acts with among the run's evaluated policy checkpoints, or
/// takes those at `medium_step` / `expert_step` when they are not 0 (evaluated or not). Medium
/// and medium-replay with a named medium need no evaluation and get no expert. Throws vaco::Error
/// when a choice needs evaluations the run lacks, or a named step has no checkpoint (naming the
/// steps it has).
RecipePolicies choose_policies(const online::SacRunInfo& run, Recipe recipe, int64_t medium_step = 0,
                               int64_t expert_step = 0);

/// Makes the dataset. Only complete episodes are kept; `timeouts` mark the step limit and
/// `terminals` only real terminations. metadata/ holds the algorithm, recipe, the acting
/// checkpoint's env steps and the policy's weights (rlkit's names). Throws vaco::Error on
/// rows < 0, a run without checkpoints or a missing replay buffer.
Dataset make_recipe_dataset(const online::SacRunInfo& run, const RecipeOptions& options);

}  // namespace vaco::datagen
