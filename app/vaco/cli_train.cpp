// `vaco train --dataset FILE --out RUN_DIR [--algo NAME] [--steps N] [--value-steps N] [--seed S]
//  [--device D] [--config FILE.json] [--set key=value ...]`: one training run into a run dir.
// With `--seeds 0,1,2` instead of --seed, one process trains the seeds together (their updates
// batched, train::SeedGroup) into RUN_DIR/seed-<S>, each an ordinary run dir.
// Settings apply in order: defaults (or the run's config.json with --resume), --config, the
// flags, --set. `vaco train --resume RUN_DIR` continues from the newest checkpoint in the run's
// checkpoints/ that loads (or an older run's checkpoint.pt).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <utility>

#include "app/vaco/commands.h"
#include "app/vaco/console_sink.h"
#include "app/vaco/stop_signal.h"
#include "core/data/read_dataset.h"
#include "core/train/algorithms.h"
#include "core/train/config_notes.h"
#include "core/train/run_dir.h"
#include "core/train/seed_group.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

namespace vaco::cli {
namespace {

struct TrainArgs {
  std::string dataset, out, config_file, algo, device, resume, value_from;
  std::optional<int64_t> steps, value_steps;
  std::optional<uint64_t> seed;
  std::vector<uint64_t> seeds;
  std::vector<std::string> sets;
};

// The run's config from the arguments; validated (throws vaco::Error before any work). A resumed
// run starts from `resumed_run`'s config.json.
train::TrainConfig build_config(const TrainArgs& a, const std::string& resumed_run) {
  train::TrainConfig c = !a.config_file.empty() ? train::load_config(a.config_file)
                         : !a.resume.empty()     ? train::load_config(resumed_run + "/config.json")
                                                 : train::TrainConfig{};
  if (!a.algo.empty()) c.algo = a.algo;
  if (!a.device.empty()) c.device = a.device;
  if (a.steps) c.steps = *a.steps;
  if (a.value_steps) c.value_steps = *a.value_steps;
  if (a.seed) c.seed = *a.seed;
  if (!a.value_from.empty()) c.value_from = std::filesystem::absolute(a.value_from).string();
  for (const std::string& s : a.sets) train::apply_override(c, s);
  c.validate();
  return c;
}

// The dataset file of a run, from its run.json.
std::string run_dataset_path(const std::string& run_dir) {
  const std::string path = train::RunDir(run_dir).read_info().dataset_path;
  if (path.empty()) throw Error(run_dir + "/run.json: no dataset_path; pass --dataset");
  return path;
}

// --resume DIR as the output folder (--out may only repeat it); throws UsageError without either.
void out_from_resume(TrainArgs& a) {
  if (!a.resume.empty()) {
    if (!a.out.empty() && a.out != a.resume) throw UsageError("--out cannot be used with --resume");
    a.out = a.resume;
  }
  if (a.out.empty()) throw UsageError("--out is required (or --resume RUN_DIR)");
}

// The config (its notes on stderr) and the dataset: --dataset, or with --resume `resumed_run`'s.
std::pair<train::TrainConfig, Dataset> config_and_dataset(TrainArgs& a, const std::string& resumed_run) {
  train::TrainConfig config = build_config(a, resumed_run);
  for (const std::string& n : train::config_notes(config)) std::cerr << "vaco: note: " << n << "\n";
  if (a.dataset.empty()) {
    if (a.resume.empty()) throw UsageError("--dataset is required");
    a.dataset = run_dataset_path(resumed_run);
  }
  return {std::move(config), read_dataset(a.dataset)};
}

void run_train(TrainArgs a) {
  out_from_resume(a);
  const auto [config, ds] = config_and_dataset(a, a.resume);
  train::Trainer trainer(config, ds, a.out, !a.resume.empty());
  if (!a.resume.empty()) {
    train::save_config(config, train::RunDir(a.out).config_json());
    for (const std::string& n : trainer.resume_notes()) std::cout << "note: " << n << "\n";
    std::cout << "resuming at step " << trainer.global_step() << "\n";
  }
  std::cout << "training " << config.algo << " on " << ds.name << " (" << ds.size() << " rows) on "
            << trainer.device().str() << ": " << trainer.total_steps() << " steps -> " << a.out << "\n"
            << "score references: " << trainer.score_source() << "\n"
            << std::flush;
  trainer.add_sink(std::make_shared<ConsoleSink>(std::cout, trainer.total_steps(), stdout_is_tty()));
  StopSignal stop;
  const train::RunResult r = trainer.run(stop.flag());
  if (r.status == train::RunStatus::Failed) {
    std::cerr << "vaco: error: " << r.message << "\n";
    exit_status() = 1;
  }
}

// `--seeds`: the seeds trained together into out/seed-<S>.
void run_train_seeds(TrainArgs a) {
  if (a.seed) throw UsageError("--seed and --seeds cannot be used together");
  out_from_resume(a);
  std::vector<std::string> dirs;
  for (uint64_t s : a.seeds) dirs.push_back(train::seed_run_dir(a.out, s));
  const auto [config, ds] = config_and_dataset(a, dirs.front());
  train::SeedGroup group(config, a.seeds, ds, dirs, !a.resume.empty());
  const auto& runs = group.runs();
  std::string seed_list, run_list;
  for (size_t k = 0; k < a.seeds.size(); ++k) {
    seed_list += (k ? "," : "") + std::to_string(a.seeds[k]);
    run_list += (k ? ", " : "") + dirs[k];
  }
  for (size_t k = 0; k < runs.size(); ++k) {
    const std::string label = "seed " + std::to_string(a.seeds[k]);
    if (!a.resume.empty()) {
      train::save_config(runs[k]->config(), train::RunDir(dirs[k]).config_json());
      for (const std::string& n : runs[k]->resume_notes()) std::cout << label << ": note: " << n << "\n";
      std::cout << label << ": resuming at step " << runs[k]->global_step() << "\n";
    }
    runs[k]->add_sink(std::make_shared<ConsoleSink>(std::cout, runs[k]->total_steps(), false, label, k == 0));
  }
  std::cout << "training " << config.algo << " on " << ds.name << " (" << ds.size() << " rows) on "
            << runs.front()->device().str() << ": seeds " << seed_list << " batched, " << runs.front()->total_steps()
            << " steps each -> " << run_list << "\n"
            << "score references: " << runs.front()->score_source() << "\n"
            << std::flush;
  StopSignal stop;
  const std::vector<train::RunResult> results = group.run(stop.flag());
  for (size_t k = 0; k < results.size(); ++k) {
    if (results[k].status != train::RunStatus::Failed) continue;
    std::cerr << "vaco: error: seed " << a.seeds[k] << ": " << results[k].message << "\n";
    exit_status() = 1;
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand("train", "Train one algorithm on a D4RL or Minari dataset into a run directory");
  cmd->add_option("--dataset", a->dataset, "D4RL .hdf5 file or Minari dataset (folder, main_data.hdf5 or id; with --resume: the run's, by default)");
  cmd->add_option("--out", a->out,
                  "Run directory (config.json, run.json, metrics.jsonl, eval.csv, policy.pt, checkpoints/)");
  cmd->add_option("--resume", a->resume,
                  "Continue the run in this directory from its newest readable checkpoints/step-*.pt "
                  "(a corrupt newest one is skipped with a note; an older run's checkpoint.pt also works)");
  cmd->add_option("--algo", a->algo, train::algorithm_choices() + " (default: the config's, vaco)");
  cmd->add_option("--steps", a->steps, "Policy-phase gradient steps");
  cmd->add_option("--value-steps", a->value_steps, "Value pretraining steps (vaco, bc-recip, awr, iql)");
  cmd->add_option("--value-from", a->value_from,
                  "Take the critic from this run directory's value.pt (written when its value phase ended) and "
                  "skip the value phase; the run must share the dataset and the value settings");
  cmd->add_option("--seed", a->seed, "Random seed");
  cmd->add_option("--seeds", a->seeds,
                  "Train these seeds together in one process (e.g. 0,1,2), their updates batched, into "
                  "OUT/seed-<S> (with --resume DIR: resume DIR/seed-<S>)")
      ->delimiter(',');
  cmd->add_option("--device", a->device, "auto | cpu | cuda | cuda:N");
  cmd->add_option("--config", a->config_file, "JSON config file (as written to a run's config.json)");
  cmd->add_option("--set", a->sets, "Override a setting, e.g. --set vaco.meta_lr=1e-4 (repeatable)");
  cmd->callback([a] { a->seeds.empty() ? run_train(*a) : run_train_seeds(*a); });
}

}  // namespace vaco::cli
