#include "core/train/seed_group.h"

#include <filesystem>
#include <map>
#include <set>

#include "core/util/error.h"

namespace vaco::train {

std::string seed_run_dir(const std::string& out, uint64_t seed) {
  return (std::filesystem::path(out) / ("seed-" + std::to_string(seed))).string();
}

SeedGroup::SeedGroup(const TrainConfig& config, const std::vector<uint64_t>& seeds, const Dataset& dataset,
                     const std::vector<std::string>& run_dirs, bool resume) {
  if (seeds.empty()) throw Error("batched seeds: no seeds given");
  if (run_dirs.size() != seeds.size()) throw Error("batched seeds: one run directory per seed expected");
  if (std::set<uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size())
    throw Error("batched seeds: a seed is given twice");
  for (size_t k = 0; k < seeds.size(); ++k) {
    TrainConfig c = config;
    c.seed = seeds[k];
    runs_.push_back(std::make_unique<Trainer>(c, dataset, run_dirs[k], resume));
  }
  finished_.assign(runs_.size(), false);
  graph_off_ = cuda_graph_off_note(config, runs_.front()->device());
  graphed_ = config.cuda_graph && runs_.front()->device().is_cuda() && graph_off_.empty();
  results_.resize(runs_.size());
}

void SeedGroup::fail(size_t run, const std::string& message) {
  results_[run] = runs_[run]->finish(message);
  finished_[run] = true;
}

bool SeedGroup::step() {
  // The runs with a step left, grouped by the learner of their present phase (runs resumed
  // from different steps may be in different phases).
  std::map<std::string, std::vector<size_t>> by_learner;
  std::vector<PendingUpdate> updates(runs_.size());
  for (size_t k = 0; k < runs_.size(); ++k) {
    if (finished_[k]) continue;
    std::optional<PendingUpdate> next;
    if (const std::string e = error_of([&] { next = runs_[k]->begin_step(); }); !e.empty()) {
      fail(k, e);
      continue;
    }
    if (!next) continue;
    updates[k] = std::move(*next);
    by_learner[updates[k].learner->name()].push_back(k);
  }
  if (by_learner.empty()) return false;
  if (!graph_off_.empty()) {
    for (size_t k = 0; k < runs_.size(); ++k)
      if (!finished_[k]) runs_[k]->note(graph_off_);
    graph_off_.clear();
  }
  for (const auto& [name, members] : by_learner) {
    std::vector<algos::Algorithm*> learners;
    std::vector<algos::Batch> batches;
    for (size_t k : members) {
      learners.push_back(updates[k].learner);
      batches.push_back(updates[k].batch);
    }
    const auto update = [&] {
      if (!graphed_) return learners.front()->update_seeds(learners, batches);
      auto& graph = graphs_[name];
      if (!graph) graph = std::make_unique<algos::StepGraph>();
      const bool was_captured = graph->captured();
      graph->step_seeds(learners, batches);
      if (!was_captured && graph->captured())
        for (size_t k : members)
          runs_[k]->note(cuda_graph_capture_note(name, runs_[k]->global_step() + 1, members.size()));
    };
    if (const std::string e = error_of(update); !e.empty()) {
      for (size_t k : members) fail(k, e);
      continue;
    }
    for (size_t k : members)
      if (const std::string e = error_of([&] { runs_[k]->end_step(); }); !e.empty()) fail(k, e);
  }
  return true;
}

std::vector<RunResult> SeedGroup::run(const std::atomic<bool>* stop) {
  while (!(stop && stop->load()) && step()) {
  }
  for (size_t k = 0; k < runs_.size(); ++k) {
    if (finished_[k]) continue;
    results_[k] = runs_[k]->finish();
    finished_[k] = true;
  }
  return results_;
}

}  // namespace vaco::train
