// A learner's gradient step captured once into a CUDA graph and replayed: one launch instead of
// hundreds of small kernels per step (the `cuda_graph` setting).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/algos/algorithm.h"
#include "core/algos/batch.h"

namespace vaco {
class CudaGraph;
}

namespace vaco::algos {

class FusedAdam;

/// Runs the steps of one learner, or of the learners of several seeds stepped together
/// (update_seeds): `warmup` eager steps (they create the optimizer state and the metric slots the
/// graph then writes into), then one step captured on a copy of the batches, then replays. A
/// learner whose step has several forms (Algorithm::step_form) gets one graph per form, captured
/// the first time that form comes after the warmup; all of them read the same captured batches.
/// Each replay first copies the new batches into the captured ones and runs each learner's
/// before_replay(); after it, each learner's after_replay(), its optimizers' host step counts and
/// its metric counts. Learners that are not all capturable(), or CPU batches, step eagerly. A
/// replayed step computes what the eager step does (tests/core/test_step_graph.cpp).
class StepGraph {
 public:
  explicit StepGraph(int64_t warmup = 3);
  ~StepGraph();
  StepGraph(const StepGraph&) = delete;
  StepGraph& operator=(const StepGraph&) = delete;

  /// One gradient step of `learner` on `batch` (a new learner drops the graph of the last one).
  void step(Algorithm& learner, const Batch& batch);
  /// One step of each of `learners` on its batch, as learners.front()->update_seeds() does (other
  /// learners than the last call's drop its graph).
  void step_seeds(const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches);
  /// True once a step has been captured (and later ones of its form are replays).
  bool captured() const { return !graphs_.empty(); }
  /// How many graphs are captured: one per step form met since the warmup.
  size_t graph_count() const { return graphs_.size(); }

 private:
  /// One captured step form and what a replay of it must count on the host.
  struct Captured {
    std::unique_ptr<CudaGraph> graph;
    std::vector<FusedAdam*> optimizers;
    std::vector<int64_t> optimizer_steps;  ///< fused steps each optimizer took inside the graph
    std::vector<std::vector<int64_t>> counts_before, counts_after;  ///< metric counts, per learner
  };

  void eager(const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches);
  void capture(const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches,
               const std::vector<int64_t>& form);
  void replay(Captured& c, const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches);
  void release();

  int64_t warmup_;
  int64_t eager_left_ = 0;
  std::vector<Algorithm*> learners_;
  bool capturable_ = false;  ///< the learners' steps can be captured (all capturable, on CUDA)
  std::vector<Batch> static_;  ///< the captured batches, shared by every form's graph
  std::map<std::vector<int64_t>, Captured> graphs_;  ///< by the learners' step forms
};

}  // namespace vaco::algos
