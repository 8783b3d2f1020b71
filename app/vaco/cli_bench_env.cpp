// `vaco bench env --env NAME [--batch B] [--steps N] [--seed S] [--json]`: environment steps per
// second with random actions, for one env and for B envs stepped together in one loop (the
// batched evaluator's way). Wall-clock and CPU-time rates are both reported: on a shared
// machine the CPU-time rate is the steadier one.
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <vector>

#include "app/vaco/commands.h"
#include "core/util/error.h"
#include "core/util/rng.h"

#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/env_registry.h"
#endif

namespace vaco::cli {

#ifdef VACO_WITH_MUJOCO
namespace {

struct BenchEnvArgs {
  std::string env;
  int64_t batch = 1, steps = 20000;
  uint64_t seed = 0;
  bool json = false;
};

struct Timing {
  int64_t steps = 0, episodes = 0;
  double seconds = 0.0, cpu_seconds = 0.0;
};

// CPU time of this process, in seconds.
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// Steps `batch` envs round-robin with uniform random actions until `steps` env steps in all,
// resetting an env (with the next seed) when its episode ends.
Timing time_steps(const std::string& id, int64_t batch, int64_t steps, uint64_t seed) {
  std::vector<std::unique_ptr<Env>> envs;
  for (int64_t i = 0; i < batch; ++i) envs.push_back(make_env(id));
  const int64_t od = envs[0]->observation_dim(), ad = envs[0]->action_dim();
  const double lo = envs[0]->action_low(), hi = envs[0]->action_high();
  std::vector<float> obs(size_t(batch * od)), actions(size_t(batch * ad));
  uint64_t next_seed = seed;
  for (auto& e : envs) e->reset(next_seed++);
  Rng rng(seed);
  Timing t;
  t.episodes = batch;
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_now();
  while (t.steps < steps) {
    for (float& x : actions) x = float(rng.uniform(lo, hi));
    for (int64_t i = 0; i < batch && t.steps < steps; ++i, ++t.steps) {
      const StepOutcome r = envs[size_t(i)]->step_into(std::span<const float>(actions.data() + i * ad, size_t(ad)),
                                                       std::span<float>(obs.data() + i * od, size_t(od)));
      if (r.terminated || r.truncated) {
        envs[size_t(i)]->reset(next_seed++);
        ++t.episodes;
      }
    }
  }
  t.cpu_seconds = cpu_now() - cpu0;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return t;
}

void bench_env(const BenchEnvArgs& a) {
  const Timing single = time_steps(a.env, 1, a.steps, a.seed);
  const Timing batched = a.batch > 1 ? time_steps(a.env, a.batch, a.steps, a.seed) : single;
  const std::string name = make_env(a.env)->name();
  const nlohmann::json j = {{"env", name},
                            {"batch", a.batch},
                            {"steps", batched.steps},
                            {"episodes", batched.episodes},
                            {"seconds", batched.seconds},
                            {"cpu_seconds", batched.cpu_seconds},
                            {"steps_per_s", double(batched.steps) / batched.seconds},
                            {"steps_per_cpu_s", double(batched.steps) / batched.cpu_seconds},
                            {"single_steps_per_s", double(single.steps) / single.seconds},
                            {"single_steps_per_cpu_s", double(single.steps) / single.cpu_seconds}};
  if (a.json) {
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::printf("%s, one env: %lld random steps in %.3f s: %.0f steps/s (%.0f per CPU second)\n", name.c_str(),
              (long long)single.steps, single.seconds, double(single.steps) / single.seconds,
              double(single.steps) / single.cpu_seconds);
  if (a.batch > 1) {
    std::printf("%s, %lld envs in one loop: %lld steps in %.3f s: %.0f steps/s (%.0f per CPU second)\n",
                name.c_str(), (long long)a.batch, (long long)batched.steps, batched.seconds,
                double(batched.steps) / batched.seconds, double(batched.steps) / batched.cpu_seconds);
  }
}

}  // namespace

void add_bench_env_command(CLI::App& app) {
  auto a = std::make_shared<BenchEnvArgs>();
  auto* bench = app.get_subcommand("bench")->add_subcommand(
      "env", "Environment steps per second with random actions: one env, and B envs in one loop");
  bench->add_option("--env", a->env, "Environment")->required();
  bench->add_option("--batch", a->batch, "Envs stepped together (1 = one env only)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{4096}));
  bench->add_option("--steps", a->steps, "Env steps to time (in all, over the batch)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  bench->add_option("--seed", a->seed, "Random seed")->capture_default_str();
  bench->add_flag("--json", a->json, "Print JSON");
  bench->callback([a] { bench_env(*a); });
}
#else
void add_bench_env_command(CLI::App& app) {
  auto* bench = app.get_subcommand("bench")->add_subcommand("env", "Environment steps per second (not in this build)");
  bench->allow_extras();
  bench->callback([] { throw Error("this vaco was built without MuJoCo (VACO_WITH_MUJOCO=OFF)"); });
}
#endif

}  // namespace vaco::cli
