// `vaco bench step --algo NAME` (any algorithm of the table): milliseconds per gradient step of
// one learner on a synthetic Hopper-shaped dataset (obs 17, act 6) that lives on the training
// device. The critic of learners with a value phase is randomly initialized (its values do not change the cost of a step);
// vaco with a frozen critic (`--set vaco.update_critic=false`) uses the Q cache as the Trainer does
// after the value phase. `--set KEY=VALUE` changes a setting as `vaco train --set` does. `--seeds K` times K learners
// (seeds 0..K-1, each with its own sampler) stepped together by Algorithm::update_seeds, as
// `vaco train --seeds` steps them. `--graph on` replays the step from a CUDA graph (algos::StepGraph),
// as `vaco train` does on CUDA; `--tf32 on` computes its matrix products in TensorFloat-32.
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/profiler_kineto.h>
#include <torch/cuda.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <cstdio>
#include <iostream>
#include <memory>
#include <vector>

#include "app/vaco/commands.h"
#include "core/algos/algorithm.h"
#include "core/algos/step_graph.h"
#include "core/algos/value_pretraining.h"
#include "core/train/algorithms.h"
#include "core/train/train_config.h"
#include "core/util/cuda_backend.h"
#include "core/util/cuda_graph.h"
#include "core/util/error.h"

namespace vaco::cli {
namespace {

struct StepArgs {
  std::string algo = "vaco";
  int64_t batch = 256;
  int64_t hidden = 256;
  int64_t depth = 3;
  std::string device = "cpu";
  int threads = 1;
  int64_t steps = 200;
  int64_t warmup = 20;
  int64_t seeds = 1;
  std::string graph = "off";
  std::string tf32 = "off";
  std::string profile;  ///< a Chrome trace of the timed steps ("" = none)
  std::vector<std::string> sets;  ///< `--set KEY=VALUE` overrides, applied after the other options
  bool json = false;
};

constexpr int64_t kObsDim = 17, kActDim = 6, kRows = 100'000;

// Random transitions of Hopper's widths (actions in [-1, 1]).
Transitions synthetic_transitions() {
  torch::manual_seed(0);
  Transitions t;
  t.observations = torch::randn({kRows, kObsDim});
  t.actions = torch::rand({kRows, kActDim}) * 2 - 1;
  t.rewards = torch::randn({kRows});
  t.next_observations = torch::randn({kRows, kObsDim});
  t.dones = (torch::rand({kRows}) < 0.01).to(torch::kFloat32);
  t.source_rows = torch::arange(kRows);
  t.episode_ids = torch::arange(kRows) / 1000;
  return t;
}

// The run config of the benchmark: default settings, the benchmark's widths, then `--set`.
train::TrainConfig bench_config(const StepArgs& a) {
  train::TrainConfig c;
  c.algo = a.algo;
  c.hidden = a.hidden;
  c.depth = a.depth;
  for (const std::string& s : a.sets) train::apply_override(c, s);
  c.validate();
  return c;
}

// The learner of `a.algo` from the algorithm table under `c`; learners with a value phase get a
// randomly initialized critic.
std::unique_ptr<algos::PolicyAlgorithm> make_learner(const train::TrainConfig& c, const algos::RunContext& ctx,
                                                     const algos::BatchSampler& sampler) {
  const train::AlgoSpec& spec = train::algorithm(c.algo);
  std::shared_ptr<algos::ValuePretraining> critic;
  if (spec.value_phase) {
    algos::ValueConfig vc;
    vc.shape = {.hidden = c.hidden, .depth = c.depth};
    critic = std::make_shared<algos::ValuePretraining>(vc, ctx);
  }
  std::unique_ptr<algos::PolicyAlgorithm> learner = spec.make(c, ctx, critic);
  learner->prepare_policy_phase(sampler.all());
  return learner;
}

namespace prof = torch::autograd::profiler;

// The profiler's activities on `device`: the host's operators, and the GPU's kernels on CUDA.
std::set<torch::profiler::impl::ActivityType> profiled(torch::Device device) {
  std::set<torch::profiler::impl::ActivityType> a{torch::profiler::impl::ActivityType::CPU};
  if (device.is_cuda()) a.insert(torch::profiler::impl::ActivityType::CUDA);
  return a;
}

// Waits for the device's queued work.
void sync(torch::Device device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

void bench_step(const StepArgs& a) {
  torch::Device device = torch::kCPU;
  try {
    device = train::resolve_device(a.device);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  const bool graphed = a.graph == "on";
  if (graphed && !device.is_cuda()) throw UsageError("--graph on needs a CUDA device (--device cuda)");
  if (graphed) {
    if (const std::string why = cuda_graph_unavailable_reason(); !why.empty()) throw Error("--graph on: " + why);
  }
  const bool tf32 = a.tf32 == "on";
  if (tf32 && !device.is_cuda()) throw UsageError("--tf32 on needs a CUDA device (--device cuda)");
  if (device.is_cuda()) set_cuda_tf32(tf32);
  const train::TrainConfig config = bench_config(a);
  torch::set_num_threads(a.threads);
  const Transitions data = synthetic_transitions();
  std::vector<std::unique_ptr<algos::BatchSampler>> samplers;
  std::vector<std::unique_ptr<algos::PolicyAlgorithm>> learners;
  std::vector<algos::Algorithm*> group;
  for (int64_t k = 0; k < a.seeds; ++k) {
    samplers.push_back(std::make_unique<algos::BatchSampler>(data, device, a.batch, uint64_t(k) + 1));
    const algos::RunContext ctx{.device = device, .seed = uint64_t(k), .obs_dim = kObsDim, .act_dim = kActDim};
    learners.push_back(make_learner(config, ctx, *samplers.back()));
    group.push_back(learners.back().get());
  }
  std::vector<algos::Batch> batches(group.size());
  algos::StepGraph graph;
  const auto one_step = [&] {
    for (size_t k = 0; k < group.size(); ++k) batches[k] = samplers[k]->sample();
    if (graphed)
      graph.step_seeds(group, batches);
    else
      group.front()->update_seeds(group, batches);
  };
  for (int64_t i = 0; i < a.warmup; ++i) one_step();
  sync(device);
  if (graphed && !graph.captured())
    throw Error("--graph on: " + a.algo + "'s step " +
                (group.front()->capturable() ? "was not captured within --warmup steps (give at least 4)"
                                             : "cannot be captured under these settings"));
  for (auto& l : learners) (void)l->metrics().drain();
  const torch::profiler::impl::ProfilerConfig profiler(torch::profiler::impl::ProfilerState::KINETO);
  if (!a.profile.empty()) {
    if (!std::ofstream(a.profile)) throw Error("--profile: cannot write " + a.profile);
    prof::prepareProfiler(profiler, profiled(device));
    prof::enableProfiler(profiler, profiled(device));
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < a.steps; ++i) one_step();
  sync(device);
  if (!a.profile.empty()) {
    prof::disableProfiler()->save(a.profile);
    std::error_code ec;
    if (std::filesystem::file_size(a.profile, ec) == 0 || ec)
      throw Error("--profile: the profiler wrote no trace to " + a.profile);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double ms = 1000.0 * secs / double(a.steps);
  const double seed_steps = 1000.0 * double(a.seeds) / ms;
  if (a.json) {
    std::cout << nlohmann::json{{"algo", a.algo},       {"batch", a.batch},  {"hidden", config.hidden},
                                {"depth", config.depth},     {"obs_dim", kObsDim}, {"act_dim", kActDim},
                                {"device", device.str()}, {"threads", a.threads}, {"steps", a.steps},
                                {"warmup", a.warmup},   {"seeds", a.seeds}, {"graph", graphed}, {"tf32", tf32}, {"ms_per_step", ms},
                                {"steps_per_s", 1000.0 / ms}, {"seed_steps_per_s", seed_steps}, {"set", a.sets}, {"impl", "vaco"}}
                     .dump(2)
              << "\n";
  } else {
    std::printf("algo       %s%s\ndevice     %s (%d threads)\nshape      batch %lld, %lldx%lld, obs %lld, act %lld\n"
                "seeds      %lld\nms/step    %.3f\nsteps/s    %.1f\nseed-steps/s %.1f\n",
                a.algo.c_str(), graphed ? (tf32 ? " (CUDA graph, TF32)" : " (CUDA graph)") : tf32 ? " (TF32)" : "", device.str().c_str(), a.threads, (long long)a.batch, (long long)config.depth,
                (long long)config.hidden, (long long)kObsDim, (long long)kActDim, (long long)a.seeds, ms, 1000.0 / ms,
                seed_steps);
  }
}

}  // namespace

void add_bench_step_command(CLI::App& bench) {
  auto a = std::make_shared<StepArgs>();
  auto* cmd = bench.add_subcommand(
      "step", "Time one learner's gradient step on a synthetic Hopper-shaped dataset (obs 17, act 6) on the "
              "device; vaco/iql get a randomly initialized critic");
  cmd->add_option("--algo", a->algo, train::algorithm_choices())->capture_default_str()
      ->check(CLI::IsMember(train::algorithm_names()));
  cmd->add_option("--batch", a->batch, "Batch size")->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{1} << 20));
  cmd->add_option("--hidden", a->hidden, "Hidden width of every net")->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{16384}));
  cmd->add_option("--depth", a->depth, "Hidden layers of every net")->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{64}));
  cmd->add_option("--device", a->device, "cpu | cuda | cuda:N")->capture_default_str();
  cmd->add_option("--threads", a->threads, "Intra-op threads")->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_option("--steps", a->steps, "Timed steps")->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--warmup", a->warmup, "Untimed steps first")->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  cmd->add_option("--seeds", a->seeds, "Learners stepped together, their updates batched (seeds 0..K-1)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{1024}));
  cmd->add_option("--graph", a->graph, "on: replay the step (of all seeds) from a CUDA graph, as vaco train does on CUDA")
      ->capture_default_str()->check(CLI::IsMember({"on", "off"}));
  cmd->add_option("--tf32", a->tf32, "on: matrix products in TensorFloat-32 on CUDA, as vaco train does with --set tf32=true")
      ->capture_default_str()->check(CLI::IsMember({"on", "off"}));
  cmd->add_option("--profile", a->profile,
                  "Write a Chrome trace (operators, and CUDA kernels on a GPU) of the timed steps to this file; "
                  "the times then include the profiler's cost");
  cmd->add_option("--set", a->sets,
                  "Override a setting as vaco train --set does, e.g. --set vaco.update_critic=false (repeatable)");
  cmd->add_flag("--json", a->json, "Print one JSON object (ms_per_step, steps_per_s, the settings)");
  cmd->callback([a] { bench_step(*a); });
}

}  // namespace vaco::cli
