// The table of offline learners: one row per algorithm (name, label, value phase, config
// section, factory, section check). Validation, the Trainer, the CLI and the Run panel read it;
// adding an algorithm is its own file in core/algos plus one row here. Torch-free, so widgets
// can read names and labels.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace vaco::algos {
class PolicyAlgorithm;
class ValuePretraining;
struct RunContext;
}  // namespace vaco::algos

namespace vaco::train {

struct TrainConfig;

/// Builds a learner for a run: the algorithm's config section with the run's network shape and
/// schedule; `critic` is the shared value learner (null unless the row has a value phase).
using LearnerFactory = std::unique_ptr<algos::PolicyAlgorithm> (*)(const TrainConfig& config,
                                                                   const algos::RunContext& ctx,
                                                                   std::shared_ptr<algos::ValuePretraining> critic);
/// Checks the algorithm's config section; throws vaco::Error with one line.
using SectionCheck = void (*)(const TrainConfig& config);

/// One algorithm.
struct AlgoSpec {
  std::string name;          ///< as --algo and config.json spell it
  std::string label;         ///< as the GUI shows it
  std::string policy_loss;   ///< its policy loss in words and symbols, as plot titles name it
  bool value_phase = false;  ///< trains after value pretraining, with the shared critic
  bool learned_weights = false;  ///< its per-sample weights are learned (a meta-scorer), not a fixed formula
  std::string section;       ///< the prefix of its settings in config.json and --set
  bool standardize_states = false;  ///< trains on states standardized by the dataset's mean and std
  LearnerFactory make = nullptr;
  SectionCheck check = nullptr;
};

/// Every algorithm, in display order.
const std::vector<AlgoSpec>& algorithms();

/// The row of `name`; throws vaco::Error listing the known names when there is none.
const AlgoSpec& algorithm(const std::string& name);

/// The row of `name`, or null when there is none.
const AlgoSpec* find_algorithm(const std::string& name);

/// The names as a sentence: "vaco, bc, bc-recip, awr, iql or td3bc".
std::string algorithm_choices();

/// Every name, in display order.
std::vector<std::string> algorithm_names();

/// Whether the dotted setting `key` matters to `algo`: "value.*" to the algorithms with a value
/// phase; "<section>.*" to those whose settings live in that section, and of those only to
/// <name> when the setting is called "<name>_..." (weighted_bc.awr_beta: awr only); a key
/// without a section (steps, hidden) to every algorithm. False for an unknown algorithm.
bool setting_applies(const std::string& key, const std::string& algo);

/// The algorithm whose value phase a grid's shared value runs train: its critic (IQL's expectile
/// V and twin Q) is the one every value-phase learner reads.
const AlgoSpec& shared_value_algorithm();

}  // namespace vaco::train
