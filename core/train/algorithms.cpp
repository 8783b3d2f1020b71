#include "core/train/algorithms.h"

#include <algorithm>

#include "core/algos/bc.h"
#include "core/algos/iql.h"
#include "core/algos/td3bc.h"
#include "core/algos/vaco.h"
#include "core/algos/weighted_bc.h"
#include "core/train/train_config.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

using algos::PolicyAlgorithm;
using algos::RunContext;
using algos::ValuePretraining;
using Critic = std::shared_ptr<ValuePretraining>;

// Every network of a run has the run's hidden width and depth.
nets::NetShape shape_of(const TrainConfig& c) { return {.hidden = c.hidden, .depth = c.depth}; }

// Schedules (σ_t, IQL's cosine) run over the policy phase.
int64_t schedule_of(const TrainConfig& c) { return std::max<int64_t>(1, c.steps); }

algos::VacoConfig vaco_config(const TrainConfig& c) {
  algos::VacoConfig v = c.vaco;
  v.policy_shape = shape_of(c);
  v.scorer.shape = shape_of(c);
  v.schedule_steps = schedule_of(c);
  return v;
}

algos::WeightedBcConfig weighted_config(const TrainConfig& c, algos::HeuristicWeight weight) {
  algos::WeightedBcConfig w = c.weighted_bc;
  w.policy_shape = shape_of(c);
  w.weight = weight;
  return w;
}

algos::BcConfig bc_config(const TrainConfig& c) {
  algos::BcConfig b = c.bc;
  b.policy_shape = shape_of(c);
  return b;
}

algos::IqlConfig iql_config(const TrainConfig& c) {
  algos::IqlConfig i = c.iql;
  i.policy_shape = shape_of(c);
  i.schedule_steps = schedule_of(c);
  return i;
}

algos::Td3BcConfig td3bc_config(const TrainConfig& c) {
  algos::Td3BcConfig t = c.td3bc;
  t.shape = shape_of(c);
  return t;
}

// The rows; built on first use, so that other translation units' statics may read them.
std::vector<AlgoSpec> make_table() {
  return {
    {.name = "vaco",
     .label = "VACO",
     .policy_loss = "inner loss: weighted BC  Σ w·‖π(s) − a‖²",
     .value_phase = true,
     .learned_weights = true,
     .section = "vaco",
     .make = [](const TrainConfig& c, const RunContext& ctx, Critic critic) -> std::unique_ptr<PolicyAlgorithm> {
       return std::make_unique<algos::Vaco>(vaco_config(c), ctx, critic);
     },
     .check = [](const TrainConfig& c) { vaco_config(c).validate(); }},
    {.name = "bc",
     .label = "BC",
     .policy_loss = "policy loss: BC  ‖π(s) − a‖²",
     .value_phase = false,
     .section = "bc",
     .make = [](const TrainConfig& c, const RunContext& ctx, Critic) -> std::unique_ptr<PolicyAlgorithm> {
       return std::make_unique<algos::Bc>(bc_config(c), ctx);
     },
     .check = [](const TrainConfig& c) { bc_config(c).validate(); }},
    {.name = "bc-recip",
     .label = "BC, 1/value weights",
     .policy_loss = "policy loss: BC weighted by 1/V  Σ w·‖π(s) − a‖²",
     .value_phase = true,
     .section = "weighted_bc",
     .make = [](const TrainConfig& c, const RunContext& ctx, Critic critic) -> std::unique_ptr<PolicyAlgorithm> {
       return std::make_unique<algos::WeightedBc>(weighted_config(c, algos::HeuristicWeight::Reciprocal), ctx, critic);
     },
     .check = [](const TrainConfig& c) { weighted_config(c, algos::HeuristicWeight::Reciprocal).validate(); }},
    {.name = "awr",
     .label = "AWR weights",
     .policy_loss = "policy loss: BC weighted by exp(β A)  Σ w·‖π(s) − a‖²",
     .value_phase = true,
     .section = "weighted_bc",
     .make = [](const TrainConfig& c, const RunContext& ctx, Critic critic) -> std::unique_ptr<PolicyAlgorithm> {
       return std::make_unique<algos::WeightedBc>(weighted_config(c, algos::HeuristicWeight::Awr), ctx, critic);
     },
     .check = [](const TrainConfig& c) { weighted_config(c, algos::HeuristicWeight::Awr).validate(); }},
    {.name = "iql",
     .label = "IQL",
     .policy_loss = "policy loss: advantage-weighted BC  Σ exp(β A)·‖π(s) − a‖²",
     .value_phase = true,
     .section = "iql",
     .make = [](const TrainConfig& c, const RunContext& ctx, Critic critic) -> std::unique_ptr<PolicyAlgorithm> {
       return std::make_unique<algos::Iql>(iql_config(c), ctx, critic);
     },
     .check = [](const TrainConfig& c) { iql_config(c).validate(); }},
    {.name = "td3bc",
     .label = "TD3+BC",
     .policy_loss = "actor loss: −λ Q(s, π(s)) / mean|Q| + ‖π(s) − a‖²",
     .value_phase = false,
     .section = "td3bc",
     .standardize_states = true,
     .make = [](const TrainConfig& c, const RunContext& ctx, Critic) -> std::unique_ptr<PolicyAlgorithm> {
       return std::make_unique<algos::Td3Bc>(td3bc_config(c), ctx);
     },
     .check = [](const TrainConfig& c) { td3bc_config(c).validate(); }},
  };
}

}  // namespace

const std::vector<AlgoSpec>& algorithms() {
  static const std::vector<AlgoSpec> table = make_table();
  return table;
}

const AlgoSpec* find_algorithm(const std::string& name) {
  const std::vector<AlgoSpec>& table = algorithms();
  const auto it = std::find_if(table.begin(), table.end(), [&](const AlgoSpec& a) { return a.name == name; });
  return it == table.end() ? nullptr : &*it;
}

const AlgoSpec& algorithm(const std::string& name) {
  const AlgoSpec* spec = find_algorithm(name);
  if (!spec) throw SettingError("algo", "unknown algorithm '" + name + "' (expected " + algorithm_choices() + ")");
  return *spec;
}

std::vector<std::string> algorithm_names() {
  std::vector<std::string> names;
  for (const AlgoSpec& a : algorithms()) names.push_back(a.name);
  return names;
}

const AlgoSpec& shared_value_algorithm() { return algorithm("iql"); }

bool setting_applies(const std::string& key, const std::string& algo) {
  const AlgoSpec* spec = find_algorithm(algo);
  if (!spec) return false;
  const auto dot = key.find('.');
  if (dot == std::string::npos) return true;
  const std::string section = key.substr(0, dot), setting = key.substr(dot + 1);
  if (section == "value") return spec->value_phase;
  if (spec->section != section) return false;
  // A setting named for one algorithm of a shared section is that algorithm's alone.
  for (const AlgoSpec& other : algorithms())
    if (other.section == section && setting.rfind(other.name + "_", 0) == 0) return other.name == algo;
  return true;
}

std::string algorithm_choices() {
  const std::vector<AlgoSpec>& table = algorithms();
  std::string out;
  for (size_t i = 0; i < table.size(); ++i) {
    if (i > 0) out += i + 1 == table.size() ? " or " : ", ";
    out += table[i].name;
  }
  return out;
}

}  // namespace vaco::train
