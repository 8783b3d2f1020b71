#include "core/datagen/d4rl_recipes.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/algos/batch.h"
#include "core/data/d4rl_reader.h"
#include "core/data/episodes.h"
#include "core/util/error.h"
#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/rollout.h"
#endif

namespace vaco::datagen {
namespace {

constexpr int64_t kDefaultRows = 1000000;

// The first `rows` rows of every per-row tensor of `ds` (episode index rebuilt).
Dataset first_rows(const Dataset& ds, int64_t rows) {
  Dataset out = ds;
  const auto cut = [rows](torch::Tensor& t) {
    if (t.defined()) t = t.narrow(0, 0, rows).clone();
  };
  cut(out.observations);
  cut(out.actions);
  cut(out.rewards);
  cut(out.terminals);
  cut(out.timeouts);
  cut(out.next_observations);
  for (auto& [key, t] : out.infos) cut(t);
  out.warnings.clear();
  out.episodes.clear();
  index_episodes(out);
  return out;
}

// The number of rows of `ds` up to the last episode end at or before row `limit`.
int64_t complete_rows(const Dataset& ds, int64_t limit) {
  const torch::Tensor ends = (ds.terminals + ds.timeouts).narrow(0, 0, std::min(limit, ds.size())).gt(0);
  const torch::Tensor idx = ends.nonzero();
  return idx.numel() == 0 ? 0 : idx.max().item<int64_t>() + 1;
}

// Two datasets of the same env, one after the other.
Dataset stitch(const Dataset& a, const Dataset& b) {
  Dataset out = a;
  const auto cat = [](torch::Tensor& t, const torch::Tensor& u) { t = torch::cat({t, u}); };
  cat(out.observations, b.observations);
  cat(out.actions, b.actions);
  cat(out.rewards, b.rewards);
  cat(out.terminals, b.terminals);
  cat(out.timeouts, b.timeouts);
  cat(out.next_observations, b.next_observations);
  for (auto& [key, t] : out.infos) cat(t, b.infos.at(key));
  out.episodes.clear();
  index_episodes(out);
  return out;
}

// The policy's weights under metadata/<prefix>/{fc0, fc1, ..., last_fc, last_fc_log_std}, as rlkit names them.
void add_policy_weights(Dataset& ds, const nets::GaussianPolicy& policy, const std::string& prefix) {
  const auto& layers = policy->net->layers;
  const int64_t ad = policy->act_dim;
  for (size_t i = 0; i + 1 < layers.size(); ++i) {
    const std::string base = prefix + "/fc" + std::to_string(i);
    ds.metadata_arrays[base + "/weight"] = layers[i]->weight.detach().clone();
    ds.metadata_arrays[base + "/bias"] = layers[i]->bias.detach().clone();
  }
  const auto& last = layers.back();
  ds.metadata_arrays[prefix + "/last_fc/weight"] = last->weight.detach().narrow(0, 0, ad).clone();
  ds.metadata_arrays[prefix + "/last_fc/bias"] = last->bias.detach().narrow(0, 0, ad).clone();
  ds.metadata_arrays[prefix + "/last_fc_log_std/weight"] = last->weight.detach().narrow(0, ad, ad).clone();
  ds.metadata_arrays[prefix + "/last_fc_log_std/bias"] = last->bias.detach().narrow(0, ad, ad).clone();
  ds.metadata[prefix + "/nonlinearity"] = "relu";
  ds.metadata[prefix + "/output_distribution"] = "tanh_gaussian";
}

// infos/policy_checkpoint: the env steps of the checkpoint that acted, per row.
void label_rows(Dataset& ds, int64_t checkpoint_steps) {
  ds.infos["infos/policy_checkpoint"] = torch::full({ds.size()}, checkpoint_steps, torch::kInt32);
}

#ifdef VACO_WITH_MUJOCO
// `rows` rows of complete episodes of `checkpoint` acting with sampled actions (uniform ones
// when `checkpoint` is null), with their log-probabilities.
Dataset roll(const online::SacRunInfo& run, const online::PolicyCheckpoint* checkpoint, int64_t rows, uint64_t seed,
             const std::function<void(int64_t)>& progress) {
  const auto env = make_env(run.config.env);
  const int64_t od = env->observation_dim(), ad = env->action_dim();
  if (checkpoint == nullptr) {
    const float uniform_log_prob = float(-double(ad) * std::log(2.0));
    return rollout_rows(
        *env, rows, seed,
        [uniform_log_prob](std::span<const float>, std::span<float> action, Rng& rng) {
          for (float& a : action) a = float(rng.uniform(-1.0, 1.0));
          return uniform_log_prob;
        },
        "random", progress);
  }
  nets::GaussianPolicy policy = online::load_sac_policy(run, *checkpoint);
  if (policy->act_dim != ad) throw Error(checkpoint->path + ": the policy's action width differs from " + env->name());
  torch::Generator gen = algos::make_generator(torch::kCPU, seed ^ 0xd4121ULL);
  Dataset ds = rollout_rows(
      *env, rows, seed,
      [&](std::span<const float> obs, std::span<float> action, Rng&) {
        torch::NoGradGuard no_grad;
        const torch::Tensor o = torch::from_blob(const_cast<float*>(obs.data()), {1, od}, torch::kFloat32);
        const nets::PolicySample s = policy->sample(o, gen);
        std::copy_n(s.action.contiguous().data_ptr<float>(), ad, action.begin());
        return s.log_prob.item<float>();
      },
      "sac", progress);
  label_rows(ds, checkpoint->env_steps);
  add_policy_weights(ds, policy, "metadata/policy");
  ds.metadata["metadata/iteration"] = std::to_string(checkpoint->env_steps);
  return ds;
}
#endif

}  // namespace

const std::vector<std::string>& recipe_names() {
  static const std::vector<std::string> names{"random", "medium", "medium-replay", "expert", "medium-expert"};
  return names;
}

Recipe parse_recipe(const std::string& name) {
  const auto& names = recipe_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw Error("unknown recipe '" + name + "' (expected random, medium, medium-replay, expert or medium-expert)");
  return Recipe(it - names.begin());
}

std::string recipe_name(Recipe recipe) { return recipe_names().at(size_t(recipe)); }

RecipePolicies choose_policies(const online::SacRunInfo& run, Recipe recipe, int64_t medium_step, int64_t expert_step) {
  if (medium_step < 0) throw Error("--medium-step must be > 0, got " + std::to_string(medium_step));
  if (expert_step < 0) throw Error("--expert-step must be > 0, got " + std::to_string(expert_step));
  if (recipe == Recipe::Random) throw Error("the random recipe acts with no policy checkpoint");
  const bool needs_expert = recipe == Recipe::Expert || recipe == Recipe::MediumExpert;
  if (!needs_expert && medium_step > 0) return {.expert = std::nullopt, .medium = online::checkpoint_at(run, medium_step, "--medium-step")};
  if (medium_step > 0 && expert_step > 0)
    return {.expert = online::checkpoint_at(run, expert_step, "--expert-step"), .medium = online::checkpoint_at(run, medium_step, "--medium-step")};
  std::vector<online::PolicyCheckpoint> evaluated;
  for (const auto& c : run.checkpoints)
    if (c.evaluated) evaluated.push_back(c);
  if (evaluated.empty()) {
    throw Error("SAC run '" + run.dir +
                "' has no evaluated policy checkpoints (policies/ with progress.csv); train it with `vaco sac`");
  }
  RecipePolicies p;
  p.expert = *std::max_element(evaluated.begin(), evaluated.end(),
                               [](const auto& a, const auto& b) { return a.return_mean < b.return_mean; });
  if (expert_step > 0) p.expert = online::checkpoint_at(run, expert_step, "--expert-step");
  const double target = p.expert->return_mean / 3.0;
  p.medium = medium_step > 0 ? online::checkpoint_at(run, medium_step, "--medium-step")
                             : *std::min_element(evaluated.begin(), evaluated.end(), [target](const auto& a, const auto& b) {
                                 return std::abs(a.return_mean - target) < std::abs(b.return_mean - target);
                               });
  return p;
}

Dataset make_recipe_dataset(const online::SacRunInfo& run, const RecipeOptions& o) {
  if (o.rows < 0) throw Error("rows must be > 0, got " + std::to_string(o.rows));
#ifndef VACO_WITH_MUJOCO
  throw Error("this build has no MuJoCo, so it cannot roll out the D4RL recipes");
#else
  const int64_t rows = o.rows > 0 ? o.rows : kDefaultRows;
  const auto progress_of = [&o](int64_t offset, int64_t total) -> std::function<void(int64_t)> {
    if (!o.progress) return {};
    return [&o, offset, total](int64_t done) { o.progress(offset + done, total); };
  };
  Dataset ds;
  switch (o.recipe) {
    case Recipe::Random:
      ds = roll(run, nullptr, rows, o.seed, progress_of(0, rows));
      label_rows(ds, 0);
      ds.metadata["metadata/iteration"] = "0";
      break;
    case Recipe::Expert:
    case Recipe::Medium: {
      const RecipePolicies p = choose_policies(run, o.recipe, o.medium_step, o.expert_step);
      ds = roll(run, o.recipe == Recipe::Expert ? &*p.expert : &p.medium, rows, o.seed, progress_of(0, rows));
      break;
    }
    case Recipe::MediumExpert: {
      const RecipePolicies p = choose_policies(run, o.recipe, o.medium_step, o.expert_step);
      ds = roll(run, &p.medium, rows, o.seed, progress_of(0, 2 * rows));
      Dataset expert = roll(run, &*p.expert, rows, o.seed + 1, progress_of(rows, 2 * rows));
      ds = stitch(ds, expert);
      add_policy_weights(ds, online::load_sac_policy(run, *p.expert), "metadata/expert_policy");
      ds.metadata["metadata/expert_iteration"] = std::to_string(p.expert->env_steps);
      break;
    }
    case Recipe::MediumReplay: {
      const RecipePolicies p = choose_policies(run, o.recipe, o.medium_step, o.expert_step);
      if (!std::filesystem::exists(run.replay_path))
        throw Error("SAC run '" + run.dir + "' has no replay.hdf5 (its replay buffer); it is written at each checkpoint");
      const Dataset replay = read_d4rl(run.replay_path);
      const int64_t limit = std::min(p.medium.env_steps, o.rows > 0 ? o.rows : replay.size());
      const int64_t keep = complete_rows(replay, limit);
      if (keep < 1) throw Error("SAC run '" + run.dir + "': no complete episode in the replay buffer before the medium checkpoint");
      ds = first_rows(replay, keep);
      const int64_t every = run.config.checkpoint_every;
      ds.infos["infos/policy_checkpoint"] =
          (torch::div(torch::arange(keep, torch::kInt64), every, "floor") * every).to(torch::kInt32);
      ds.metadata["metadata/iteration"] = std::to_string(p.medium.env_steps);
      add_policy_weights(ds, online::load_sac_policy(run, p.medium), "metadata/policy");
      if (o.progress) o.progress(keep, keep);
      break;
    }
  }
  ds.name = run.config.env + "-" + recipe_name(o.recipe) + "-sac";
  ds.env_name = run.config.env;
  ds.source_path.clear();
  ds.metadata["metadata/algorithm"] = "SAC";
  ds.metadata["metadata/recipe"] = recipe_name(o.recipe);
  ds.metadata["metadata/seed"] = std::to_string(o.seed);
  ds.metadata["metadata/sac_run"] = std::filesystem::absolute(run.dir).string();
  ds.keys.clear();
  return ds;
#endif
}

}  // namespace vaco::datagen
