// Seeds batched in one process (`vaco train --seeds`): K runs of one config that differ only in
// their seed, stepped together so that each step's K updates run as one stacked update
// (Algorithm::update_seeds). Every run stays an ordinary Trainer with its own run directory,
// sinks, evaluations and checkpoints, and equals the run `vaco train --seed S` makes.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/train/trainer.h"

namespace vaco::train {

/// K Trainers stepped in lockstep, their updates batched.
class SeedGroup {
 public:
  /// One Trainer per seed: `config` with seed = seeds[k], in run_dirs[k] (with `resume`, each
  /// resumes from its own checkpoints). Throws vaco::Error when the seeds repeat, are empty, or
  /// do not match the run directories one to one.
  SeedGroup(const TrainConfig& config, const std::vector<uint64_t>& seeds, const Dataset& dataset,
            const std::vector<std::string>& run_dirs, bool resume = false);
  /// The runs, in the order of the seeds.
  const std::vector<std::unique_ptr<Trainer>>& runs() const { return runs_; }
  /// One step of every run that has steps left, the updates of runs in the same phase batched;
  /// false when none had. A run whose step throws (a NaN metric, say) is finished as Failed and
  /// drops out of the group; the others go on.
  bool step();
  /// Steps until every run is done or `stop` becomes true, then finishes each run as
  /// Trainer::run() does. Returns the runs' results in the order of the seeds.
  std::vector<RunResult> run(const std::atomic<bool>* stop = nullptr);

 private:
  void fail(size_t run, const std::string& message);

  std::vector<std::unique_ptr<Trainer>> runs_;
  /// On CUDA with cuda_graph: each phase's batched steps, captured and replayed, by learner name.
  std::map<std::string, std::unique_ptr<algos::StepGraph>> graphs_;
  bool graphed_ = false;
  std::string graph_off_;  ///< why CUDA graphs are off on a CUDA run ("" otherwise), said at the first step
  std::vector<bool> finished_;
  std::vector<RunResult> results_;
};

/// The run directory of seed `seed` in a batched run written to `out`: out/seed-<seed>.
std::string seed_run_dir(const std::string& out, uint64_t seed);

}  // namespace vaco::train
