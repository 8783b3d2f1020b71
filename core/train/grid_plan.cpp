#include "core/train/grid_plan.h"

#include <filesystem>
#include <map>
#include <tuple>

#include "core/train/algorithms.h"
#include "core/train/seed_group.h"
#include "core/train/train_config.h"
#include "core/train/value_source.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

// train --dataset D --algo A --seed S --out DIR --set threads=T --set ... (overrides in order).
std::vector<std::string> train_args(const GridSpec& spec, const GridRun& run, const std::vector<std::string>& own) {
  std::vector<std::string> a{"train", "--dataset", run.dataset, "--algo", run.algo, "--seed", std::to_string(run.seed),
                             "--out", run.dir, "--set", "threads=" + std::to_string(spec.threads)};
  for (const std::vector<std::string>* sets : {&spec.sets, &own})
    for (const std::string& s : *sets) a.insert(a.end(), {"--set", s});
  return a;
}

// "0,1,2": the seeds as `vaco train --seeds` takes them.
std::string seed_list(const std::vector<uint64_t>& seeds) {
  std::string out;
  for (uint64_t s : seeds) out += (out.empty() ? "" : ",") + std::to_string(s);
  return out;
}

}  // namespace

std::string grid_run_dir(const std::string& out, const std::string& stem, const std::string& label, uint64_t seed) {
  return (fs::path(out) / stem / label / ("seed-" + std::to_string(seed))).string();
}

bool shares_value(const GridSpec& spec, const GridAlgorithm& algorithm_entry) {
  if (!spec.share_value || !algorithm(algorithm_entry.algo).value_phase) return false;
  const uint64_t seed = spec.seeds.front();
  const TrainConfig shared = grid_value_config(spec, seed);
  if (shared.value_steps <= 0) return false;
  return critic_settings(grid_run_config(spec, algorithm_entry, seed)) == critic_settings(shared);
}

std::vector<GridRun> plan_grid(const GridSpec& spec, const std::string& out) {
  std::vector<bool> shares;
  bool any_shares = false;
  for (const GridAlgorithm& a : spec.algorithms) {
    shares.push_back(shares_value(spec, a));
    any_shares = any_shares || shares.back();
  }
  std::vector<GridRun> runs;
  // One run of dataset d, seed s: label, algo and its own overrides.
  const auto make_run = [&](size_t d, size_t s, const std::string& label, const std::string& algo,
                            const std::vector<std::string>& own) {
    GridRun r;
    r.dataset = spec.datasets[d];
    r.stem = dataset_stem(r.dataset);
    r.label = label;
    r.algo = algo;
    r.seed = spec.seeds[s];
    r.dir = grid_run_dir(out, r.stem, r.label, r.seed);
    r.args = train_args(spec, r, own);
    return r;
  };
  // value_index[d][s]: the value run of dataset d and seed s.
  std::vector<std::vector<int>> value_index(spec.datasets.size(), std::vector<int>(spec.seeds.size(), -1));
  if (any_shares) {
    for (size_t d = 0; d < spec.datasets.size(); ++d)
      for (size_t s = 0; s < spec.seeds.size(); ++s) {
        value_index[d][s] = int(runs.size());
        runs.push_back(make_run(d, s, kGridValueLabel, shared_value_algorithm().name, grid_value_run_sets()));
      }
  }
  for (size_t d = 0; d < spec.datasets.size(); ++d)
    for (size_t a = 0; a < spec.algorithms.size(); ++a)
      for (size_t s = 0; s < spec.seeds.size(); ++s) {
        const GridAlgorithm& alg = spec.algorithms[a];
        GridRun r = make_run(d, s, alg.label, alg.algo, alg.sets);
        if (shares[a]) {
          r.value_run = value_index[d][s];
          r.args.insert(r.args.end(), {"--value-from", runs[size_t(r.value_run)].dir});
        }
        runs.push_back(std::move(r));
      }
  return runs;
}

std::vector<GridRun> batch_grid_seeds(const std::vector<GridRun>& runs) {
  std::vector<GridRun> out;
  std::vector<int> moved(runs.size(), -1);  // the index in `out` of each run
  // (stem, label, state, value run in `out`) -> the batched run in `out`.
  std::map<std::tuple<std::string, std::string, int, int>, size_t> groups;
  for (size_t i = 0; i < runs.size(); ++i) {
    const GridRun& r = runs[i];
    const RunDirState state = RunDir(r.dir).state();
    // A completed value run is no longer waited for.
    const int waits = r.value_run >= 0 && RunDir(runs[size_t(r.value_run)].dir).state() != RunDirState::Completed
                          ? moved[size_t(r.value_run)]
                          : -1;
    const auto key = std::make_tuple(r.stem, r.label, int(state), waits);
    const auto found = groups.find(key);
    if (state != RunDirState::Completed && found != groups.end()) {
      out[found->second].batch.push_back(r.seed);
      moved[i] = int(found->second);
      continue;
    }
    if (state != RunDirState::Completed) groups[key] = out.size();
    moved[i] = int(out.size());
    GridRun copy = r;
    copy.batch = {r.seed};
    copy.value_run = waits;
    out.push_back(std::move(copy));
  }
  for (GridRun& r : out) {
    if (r.batch.size() < 2) {
      r.batch.clear();
      continue;
    }
    const std::string seeds = seed_list(r.batch);
    r.dir = fs::path(r.dir).parent_path().string();
    for (size_t k = 0; k + 1 < r.args.size(); ++k) {
      std::string& flag = r.args[k];
      std::string& value = r.args[k + 1];
      if (flag == "--seed") flag = "--seeds", value = seeds;
      else if (flag == "--out") value = r.dir;
      else if (flag == "--value-from") value = fs::path(value).parent_path().string();  // each seed takes its own
    }
  }
  return out;
}

std::string grid_run_name(const GridRun& run) {
  if (run.batch.empty()) return run.stem + "/" + run.label + "/seed-" + std::to_string(run.seed);
  return run.stem + "/" + run.label + "/seeds-" + seed_list(run.batch);
}

std::vector<std::string> grid_run_dirs(const GridRun& run) {
  if (run.batch.empty()) return {run.dir};
  std::vector<std::string> dirs;
  for (uint64_t s : run.batch) dirs.push_back(seed_run_dir(run.dir, s));
  return dirs;
}

RunDirState grid_run_state(const GridRun& run) {
  const std::vector<std::string> dirs = grid_run_dirs(run);
  const RunDirState state = RunDir(dirs.front()).state();
  for (const std::string& d : dirs)
    if (RunDir(d).state() != state)
      throw Error("the folders of its seeds are in different states (" + dirs.front() + ", " + d +
                  "); run the grid again to take them one by one");
  return state;
}

std::string grid_run_status(const GridRun& run) {
  for (const std::string& d : grid_run_dirs(run))
    if (const std::string status = RunDir(d).finished_status(); status != "completed") return status;
  return "completed";
}

std::string grid_run_log(const GridRun& run) { return RunDir(run.dir).train_log(); }

std::vector<std::string> run_arguments(const GridRun& run, RunDirState state) {
  if (state != RunDirState::Resumable) return run.args;
  if (run.batch.empty()) return {"train", "--resume", run.dir};
  return {"train", "--seeds", seed_list(run.batch), "--resume", run.dir};
}

std::vector<GridCell> grid_cells(const GridSpec& spec, const std::string& out) {
  std::vector<GridCell> cells;
  for (const std::string& d : spec.datasets)
    for (const GridAlgorithm& a : spec.algorithms) {
      GridCell c{.dataset = dataset_stem(d), .label = a.label, .run_dirs = {}};
      for (uint64_t s : spec.seeds) c.run_dirs.push_back(grid_run_dir(out, c.dataset, a.label, s));
      cells.push_back(std::move(c));
    }
  return cells;
}

}  // namespace vaco::train
