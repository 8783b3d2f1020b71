// `vaco sac --env NAME --steps N --out RUN_DIR [--seed S] [--device D] [--checkpoint-every K]
//  [--config FILE.json] [--set key=value ...]` and `vaco sac --resume RUN_DIR`: online SAC on one
// environment into a run directory (the behaviour policies of `vaco datagen d4rl`).
#include <filesystem>
#include <iostream>
#include <optional>

#include "app/vaco/commands.h"
#include "app/vaco/console_sink.h"
#include "app/vaco/stop_signal.h"
#include "core/online/sac_run.h"
#include "core/train/run_dir.h"
#include "core/util/error.h"

namespace vaco::cli {
namespace {

struct SacArgs {
  std::string env, out, config_file, device, resume;
  std::optional<int64_t> steps, checkpoint_every;
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;
};

// The run's config from the arguments, validated (throws vaco::Error before any work).
online::SacRunConfig build_config(const SacArgs& a) {
  online::SacRunConfig c = !a.config_file.empty() ? online::load_sac_config(a.config_file)
                           : !a.resume.empty()     ? online::load_sac_config(a.resume + "/config.json")
                                                   : online::SacRunConfig{};
  if (!a.env.empty()) c.env = a.env;
  if (!a.device.empty()) c.device = a.device;
  if (a.steps) c.steps = *a.steps;
  if (a.seed) c.seed = *a.seed;
  if (a.checkpoint_every) c.checkpoint_every = *a.checkpoint_every;
  for (const std::string& s : a.sets) online::apply_sac_override(c, s);
  c.validate();
  return c;
}

void run_sac(SacArgs a) {
  if (!a.resume.empty()) {
    if (!a.out.empty() && a.out != a.resume) throw UsageError("--out cannot be used with --resume");
    if (!a.env.empty()) throw UsageError("--env cannot be changed on --resume");
    a.out = a.resume;
  }
  if (a.out.empty()) throw UsageError("--out is required (or --resume RUN_DIR)");
  if (a.resume.empty() && a.env.empty() && a.config_file.empty()) throw UsageError("--env is required");
  const online::SacRunConfig config = build_config(a);
  online::SacRun run(config, a.out, !a.resume.empty());
  if (!a.resume.empty()) {
    online::save_sac_config(config, train::RunDir(a.out).config_json());
    for (const std::string& n : run.resume_notes()) std::cout << "note: " << n << "\n";
    std::cout << "resuming at env step " << run.env_steps() << "\n";
  }
  std::cout << "sac on " << config.env << " on " << run.device().str() << ": " << config.steps << " env steps -> "
            << a.out << "\n"
            << std::flush;
  run.add_sink(std::make_shared<ConsoleSink>(std::cout, run.total_steps(), stdout_is_tty()));
  StopSignal stop;
  const train::RunResult r = run.run(stop.flag());
  if (r.status == train::RunStatus::Failed) {
    std::cerr << "vaco: error: " << r.message << "\n";
    exit_status() = 1;
  }
}

}  // namespace

void add_sac_command(CLI::App& app) {
  auto a = std::make_shared<SacArgs>();
  auto* cmd = app.add_subcommand("sac", "Train SAC online on an environment (behaviour policies for datagen)");
  cmd->add_option("--env", a->env, "hopper | walker2d | halfcheetah | ant | projectile");
  cmd->add_option("--steps", a->steps, "Environment steps (default 1000000)")->check(CLI::PositiveNumber);
  cmd->add_option("--out", a->out,
                  "Run directory (config.json, run.json, metrics.jsonl, progress.csv, policies/, replay.hdf5, "
                  "checkpoints/)");
  cmd->add_option("--resume", a->resume,
                  "Continue the run in this directory from its newest readable checkpoint, with its replay buffer");
  cmd->add_option("--seed", a->seed, "Random seed (default 0)");
  cmd->add_option("--device", a->device, "auto | cpu | cuda | cuda:N");
  cmd->add_option("--checkpoint-every", a->checkpoint_every,
                  "Env steps between evaluations, policy checkpoints and resume points (default 10000)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--config", a->config_file, "JSON config file (as written to a run's config.json)");
  cmd->add_option("--set", a->sets, "Override a setting, e.g. --set sac.tau=0.01 (repeatable)");
  cmd->callback([a] { run_sac(*a); });
}

}  // namespace vaco::cli
