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

// Copies each batch of `from` into the batch of `to` at the same place, in place (the graphs read
// `to`); an empty `to` gets fresh clones of `from` first.
void copy_batches(std::vector<Batch>& to, const std::vector<Batch>& from) {
  const bool fresh = to.empty();
  if (fresh) to.assign(from.size(), Batch{});
  torch::NoGradGuard no_grad;
  for (size_t k = 0; k < from.size(); ++k) {
    std::vector<torch::Tensor*> dst = fields(to[k]);
    std::vector<torch::Tensor*> src = fields(const_cast<Batch&>(from[k]));
    for (size_t i = 0; i < dst.size(); ++i) {
      if (fresh)
        *dst[i] = src[i]->clone();
      else
        dst[i]->copy_(*src[i], /*non_blocking=*/true);
    }
  }
}

}  // namespace

StepGraph::StepGraph(int64_t warmup) : warmup_(warmup) {
  if (warmup < 1) throw Error("cuda graph: at least one eager step must precede the capture");
}

StepGraph::~StepGraph() { release(); }

void StepGraph::release() {
  graphs_.clear();
  for (Algorithm* l : learners_) l->set_graphed(false);
  learners_.clear();
  static_.clear();
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
  std::vector<int64_t> form;
  for (Algorithm* l : learners) form.push_back(l->step_form());
  const auto found = graphs_.find(form);
  if (found == graphs_.end()) return capture(learners, batches, form);
  replay(found->second, learners, batches);
}

void StepGraph::replay(Captured& c, const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches) {
  copy_batches(static_, batches);
  for (size_t k = 0; k < learners.size(); ++k) learners[k]->before_replay(static_[k]);
  c.graph->replay();
  for (Algorithm* l : learners) l->after_replay();
  for (size_t i = 0; i < c.optimizers.size(); ++i)
    for (int64_t n = 0; n < c.optimizer_steps[i]; ++n) c.optimizers[i]->count_replayed_step();
  for (size_t k = 0; k < learners.size(); ++k) learners[k]->metrics().count_replay(c.counts_before[k], c.counts_after[k]);
}

void StepGraph::capture(const std::vector<Algorithm*>& learners, const std::vector<Batch>& batches,
                        const std::vector<int64_t>& form) {
  copy_batches(static_, batches);  // every form's graph reads the same captured batches
  Captured c;
  std::vector<int64_t> steps_before;
  for (Algorithm* l : learners) {
    CheckpointParts parts;
    l->add_step_parts(parts);
    for (const auto& [name, opt] : parts.optimizers) {
      auto* fused = dynamic_cast<FusedAdam*>(opt);
      if (!fused) throw Error("cuda graph: " + l->name() + "'s optimizer '" + name + "' is not a FusedAdam");
      c.optimizers.push_back(fused);
      steps_before.push_back(fused->fused_steps());
    }
    c.counts_before.push_back(l->metrics().counts());
  }

  // The capture records this step's kernels without running them and does this step's host-side
  // bookkeeping (counters, metric counts); the replay right after runs the kernels.
  for (size_t k = 0; k < learners.size(); ++k) {
    learners[k]->set_graphed(true);
    learners[k]->before_replay(static_[k]);
  }
  c.graph = std::make_unique<CudaGraph>();
  c.graph->capture_begin();
  try {
    eager(learners, static_);
  } catch (const std::exception& e) {
    try {
      c.graph->capture_end();
    } catch (...) {
    }
    release();
    throw Error("cuda graph: capturing " + learners.front()->name() +
                "'s step failed (run with --set cuda_graph=false): " + e.what());
  }
  c.graph->capture_end();
  for (size_t k = 0; k < learners.size(); ++k) {
    c.counts_after.push_back(learners[k]->metrics().counts());
    if (c.counts_after[k].size() != c.counts_before[k].size())
      throw Error("cuda graph: " + learners[k]->name() + " added a metric while its step was captured");
  }
  for (size_t i = 0; i < c.optimizers.size(); ++i) c.optimizer_steps.push_back(c.optimizers[i]->fused_steps() - steps_before[i]);
  graphs_.emplace(form, std::move(c)).first->second.graph->replay();
}

}  // namespace vaco::algos
