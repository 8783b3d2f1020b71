// `vaco bench sac --env NAME [--steps N] [--warmup W] [--threads T] [--device D] [--json]`:
// online SAC's rate (one env step plus one update per step) after W uniform-random steps, with
// the defaults of `vaco sac` (2 x 256 nets, batch 256). tests/bench/bench_sac_sb3.py times
// Stable-Baselines3's SAC the same way on gymnasium's env.
#include <nlohmann/json.hpp>
#include <torch/cuda.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/vaco/commands.h"
#include "core/online/sac_run.h"
#include "core/util/error.h"

namespace vaco::cli {
namespace {

struct SacBenchArgs {
  std::string env = "hopper";
  std::string device = "cpu";
  int64_t steps = 2000;
  int64_t warmup = 1000;
  int64_t threads = 1;
  bool json = false;
};

void bench_sac(const SacBenchArgs& a) {
  online::SacRunConfig c;
  c.env = a.env;
  c.device = a.device;
  c.threads = a.threads;
  c.steps = a.warmup + a.steps;
  c.learning_starts = a.warmup;
  c.checkpoint_every = c.steps + 1;  // no evaluation inside the timed loop
  c.eval_episodes = 0;
  c.log_every = c.steps;
  online::SacRun run(c);
  while (run.env_steps() < a.warmup) run.step();
  run.step();  // the first update allocates the optimizers' state
  if (run.device().is_cuda()) torch::cuda::synchronize(run.device().index());
  const int64_t start = run.env_steps();
  const auto t0 = std::chrono::steady_clock::now();
  while (run.step()) {
  }
  if (run.device().is_cuda()) torch::cuda::synchronize(run.device().index());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int64_t timed = run.env_steps() - start;
  const double rate = double(timed) / secs;
  if (a.json) {
    std::cout << nlohmann::json{{"impl", "vaco"},       {"env", a.env},           {"device", run.device().str()},
                                {"threads", a.threads}, {"warmup", a.warmup},     {"steps", timed},
                                {"seconds", secs},      {"steps_per_s", rate},    {"ms_per_step", 1000.0 / rate}}
                     .dump(2)
              << "\n";
  } else {
    std::printf("env        %s\ndevice     %s (%lld threads)\nsteps      %lld timed after %lld random\n"
                "ms/step    %.3f (one env step + one update)\nsteps/s    %.1f\n",
                a.env.c_str(), run.device().str().c_str(), (long long)a.threads, (long long)timed,
                (long long)a.warmup, 1000.0 / rate, rate);
  }
}

}  // namespace

void add_bench_sac_command(CLI::App& app) {
  auto a = std::make_shared<SacBenchArgs>();
  CLI::App* bench = app.get_subcommand("bench");
  auto* cmd = bench->add_subcommand("sac", "Time online SAC: env steps + updates per second after a random warm-up");
  cmd->add_option("--env", a->env, "Environment")->capture_default_str();
  cmd->add_option("--steps", a->steps, "Timed steps")->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--warmup", a->warmup, "Uniform-random steps first (fill the buffer; untimed)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--threads", a->threads, "Intra-op threads")->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{1024}));
  cmd->add_option("--device", a->device, "cpu | cuda | cuda:N")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print one JSON object (steps_per_s, ms_per_step, the settings)");
  cmd->callback([a] { bench_sac(*a); });
}

}  // namespace vaco::cli
