#include "core/algos/step_graph.h"

#include <algorithm>

#include "core/algos/checkpoint_parts.h"
#include "core/algos/fused_adam.h"
#include "core/util/cuda_graph.h"
#include "core/util/error.h"

namespace vaco::algos {

namespace {

// The batch's tensors, in one order, for copying a new batch into the captured one.
std::vector<torch::Tensor*> fields(Batch& b) {
  return {&b.observations, &b.actions, &b.rewards, &b.next_observations, &b.dones, &b.indices};
}

}  // namespace

StepGraph::StepGraph(int64_t warmup) : warmup_(warmup) {
  if (warmup < 1) throw Error("cuda graph: at least one eager step must precede the capture");
}

StepGraph::~StepGraph() { release(); }

void StepGraph::release() {
  graph_.reset();
  for (Algorithm* l : learners_) l->set_graphed(false);
  learners_.clear();
  static_.clear();
  optimizers_.clear();
  optimizer_steps_.clear();
  counts_before_.clear();
  counts_after_.clear();
}

void StepGraph::step(Algorithm& learner, const Batch& batch) { step_seeds({&learner}, {batch}); }

void StepGraph::eager(const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches) {
  if (learners.size() == 1)
    learners.front()->update(batches.front());
  else
    learners.front()->update_seeds(learners, batches);
}

void StepGraph::step_seeds(const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches) {
  if (learners.empty() || learners.size() != batches.size()) throw Error("cuda graph: one batch per learner expected");
  if (learners != learners_) {
    release();
    learners_ = learners;
    eager_left_ = warmup_;
    capturable_ = batches.front().observations.is_cuda() &&
                  std::all_of(learners.begin(), learners.end(), [](Algorithm* l) { return l->capturable(); });
  }
  if (!capturable_ || eager_left_ > 0) {
    if (eager_left_ > 0) --eager_left_;
    eager(learners, batches);
    return;
  }
  if (!graph_) {
    capture(learners, batches);
    return;
  }
  {
    torch::NoGradGuard no_grad;
    for (size_t k = 0; k < batches.size(); ++k) {
      std::vector<torch::Tensor*> to = fields(static_[k]);
      std::vector<torch::Tensor*> from = fields(const_cast<Batch&>(batches[k]));
      for (size_t i = 0; i < to.size(); ++i) to[i]->copy_(*from[i], /*non_blocking=*/true);
    }
  }
  for (size_t k = 0; k < learners.size(); ++k) learners[k]->before_replay(static_[k]);
  graph_->replay();
  for (Algorithm* l : learners) l->after_replay();
  for (size_t i = 0; i < optimizers_.size(); ++i)
    for (int64_t n = 0; n < optimizer_steps_[i]; ++n) optimizers_[i]->count_replayed_step();
  for (size_t k = 0; k < learners.size(); ++k) learners[k]->metrics().count_replay(counts_before_[k], counts_after_[k]);
}

void StepGraph::capture(const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches) {
  static_.assign(batches.size(), Batch{});
  for (size_t k = 0; k < batches.size(); ++k) {
    std::vector<torch::Tensor*> to = fields(static_[k]);
    std::vector<torch::Tensor*> from = fields(const_cast<Batch&>(batches[k]));
    for (size_t i = 0; i < to.size(); ++i) *to[i] = from[i]->clone();
  }
  std::vector<int64_t> steps_before;
  for (Algorithm* l : learners) {
    CheckpointParts parts;
    l->add_step_parts(parts);
    for (const auto& [name, opt] : parts.optimizers) {
      auto* fused = dynamic_cast<FusedAdam*>(opt);
      if (!fused) throw Error("cuda graph: " + l->name() + "'s optimizer '" + name + "' is not a FusedAdam");
      optimizers_.push_back(fused);
      steps_before.push_back(fused->fused_steps());
    }
    counts_before_.push_back(l->metrics().counts());
  }

  // The capture records this step's kernels without running them and does this step's host-side
  // bookkeeping (counters, metric counts); the replay right after runs the kernels.
  for (size_t k = 0; k < learners.size(); ++k) {
    learners[k]->set_graphed(true);
    learners[k]->before_replay(static_[k]);
  }
  auto graph = std::make_unique<CudaGraph>();
  graph->capture_begin();
  try {
    eager(learners, static_);
  } catch (const std::exception& e) {
    try {
      graph->capture_end();
    } catch (...) {
    }
    release();
    throw Error("cuda graph: capturing " + learners.front()->name() +
                "'s step failed (run with --set cuda_graph=false): " + e.what());
  }
  graph->capture_end();
  for (size_t k = 0; k < learners.size(); ++k) {
    counts_after_.push_back(learners[k]->metrics().counts());
    if (counts_after_[k].size() != counts_before_[k].size())
      throw Error("cuda graph: " + learners[k]->name() + " added a metric while its step was captured");
  }
  for (size_t i = 0; i < optimizers_.size(); ++i) optimizer_steps_.push_back(optimizers_[i]->fused_steps() - steps_before[i]);
  graph_ = std::move(graph);
  graph_->replay();
}

}  // namespace vaco::algos
