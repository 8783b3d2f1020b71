// `vaco demo`: the README's main job on the projectile toy. Generates the mixed-behaviour
// dataset, trains VACO, BC and IQL on it (each with its own run directory under --out), and
// prints the angle each picks at h = 0, 2.5, 5, 7.5, 10 m against the optimal angle, with each
// method's mean range, score and angle error. Sized to finish in a few minutes on 2 CPU cores.
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/vaco/commands.h"
#include "core/train/algorithms.h"
#include "core/train/presets.h"
#include "core/train/train_config.h"
#include "app/vaco/console_sink.h"
#include "app/vaco/stop_signal.h"
#include "core/data/d4rl_writer.h"
#include "core/datagen/projectile_datagen.h"
#include "core/train/projectile_report.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

namespace vaco::cli {
namespace {

struct DemoArgs {
  std::string out = "vaco-demo";
  uint64_t seed = 0;
  int64_t samples = 20000;
  int64_t steps = train::DemoPreset::steps;
  int64_t value_steps = train::DemoPreset::value_steps;
  int64_t hidden = train::DemoPreset::hidden;
  int64_t depth = train::DemoPreset::depth;
  std::vector<std::string> algos{train::DemoPreset::algorithms.begin(), train::DemoPreset::algorithms.end()};
  std::string device = "cpu";
};

struct MethodResult {
  std::string algo;
  train::ProjectileReport report;
  double seconds = 0;
};

// Prints the table of angles and the per-method summary.
void print_table(const std::vector<MethodResult>& results) {
  const auto& first = results.front().report;
  std::cout << "\nLaunch angle (degrees) chosen at each height h (m)\n";
  std::cout << std::left << std::setw(10) << "h" << std::right << std::setw(9) << "optimal";
  for (const auto& r : results) std::cout << std::setw(9) << r.algo;
  std::cout << "\n" << std::fixed << std::setprecision(1);
  for (size_t i = 0; i < first.heights.size(); ++i) {
    std::cout << std::left << std::setw(10) << first.heights[i] << std::right << std::setw(9) << first.optimal_deg[i];
    for (const auto& r : results) std::cout << std::setw(9) << r.report.angles_deg[i];
    std::cout << "\n";
  }
  std::cout << "\nOver 201 heights in [0, 10] m (optimal mean range " << std::setprecision(2)
            << first.optimal_mean_range << " m; score: 0 random angles, 100 optimal)\n";
  std::cout << std::left << std::setw(10) << "method" << std::right << std::setw(16) << "mean range (m)"
            << std::setw(9) << "score" << std::setw(20) << "angle error (deg)" << std::setw(12) << "train (s)"
            << "\n";
  for (const auto& r : results) {
    std::cout << std::left << std::setw(10) << r.algo << std::right << std::setprecision(2) << std::setw(16)
              << r.report.mean_range << std::setprecision(1) << std::setw(9) << r.report.score << std::setw(20)
              << r.report.mean_angle_error_deg << std::setw(12) << r.seconds << "\n";
  }
  std::cout << std::defaultfloat;
}

void run_demo(const DemoArgs& a) {
  namespace fs = std::filesystem;
  for (const auto& algo : a.algos) {
    try {
      (void)train::algorithm(algo);
    } catch (const Error& e) {
      throw UsageError(std::string("--algos: ") + e.what());
    }
  }
  fs::create_directories(a.out);
  const std::string file = (fs::path(a.out) / "projectile.hdf5").string();
  const Dataset ds = generate_projectile_dataset({.samples = a.samples, .seed = a.seed});
  write_d4rl(ds, file);
  std::cout << "Projectile toy: throws from h in [0, 10] m at 10 m/s; the action is the launch angle.\n"
            << "Dataset " << file << ": " << ds.size()
            << " throws, 15% near-optimal, 25% uniform angles, 60% lobs (55-85 degrees).\n"
            << "Nets " << a.depth << " x " << a.hidden << ", " << a.value_steps << " value steps + " << a.steps
            << " policy steps per method, batch 256.\n";

  StopSignal stop;
  std::vector<MethodResult> results;
  for (const auto& algo : a.algos) {
    train::TrainConfig c;
    c.algo = algo;
    c.seed = a.seed;
    c.device = a.device;
    c.steps = a.steps;
    c.value_steps = a.value_steps;
    c.hidden = a.hidden;
    c.depth = a.depth;
    c.log_every = std::max<int64_t>(1, (a.steps + a.value_steps) / 10);
    c.eval_episodes = 100;
    for (const auto& [key, value] : train::DemoPreset::settings)
      if (train::setting_applies(key, algo)) train::apply_override(c, std::string(key) + "=" + value);
    const std::string dir = (fs::path(a.out) / algo).string();
    const auto t0 = std::chrono::steady_clock::now();
    train::Trainer trainer(c, ds, dir);
    std::cout << "\n== " << algo << " -> " << dir << "\n" << std::flush;
    trainer.add_sink(std::make_shared<ConsoleSink>(std::cout, trainer.total_steps(), stdout_is_tty()));
    const train::RunResult r = trainer.run(stop.flag());
    if (r.status == train::RunStatus::Failed) throw Error(algo + ": " + r.message);
    if (r.status == train::RunStatus::Interrupted) {
      std::cout << "demo interrupted\n";
      return;
    }
    MethodResult m{.algo = algo,
                   .report = train::projectile_report([&](const torch::Tensor& h) { return trainer.act(h); },
                                                      {0.0, 2.5, 5.0, 7.5, 10.0}),
                   .seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
    results.push_back(std::move(m));
  }
  print_table(results);
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto a = std::make_shared<DemoArgs>();
  auto* demo = app.add_subcommand("demo", "Train VACO, BC and IQL on the projectile toy and compare their angles");
  demo->add_option("--out", a->out, "Folder for the dataset and the run directories")->capture_default_str();
  demo->add_option("--seed", a->seed, "Random seed")->capture_default_str();
  demo->add_option("--samples", a->samples, "Throws in the dataset")
      ->capture_default_str()->check(CLI::Range(int64_t{10}, int64_t{10'000'000}));
  demo->add_option("--steps", a->steps, "Policy-phase steps per method")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  demo->add_option("--value-steps", a->value_steps, "Value pretraining steps")
      ->capture_default_str()->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  demo->add_option("--hidden", a->hidden, "Units per hidden layer")->capture_default_str()->check(CLI::PositiveNumber);
  demo->add_option("--depth", a->depth, "Hidden layers")->capture_default_str()->check(CLI::PositiveNumber);
  demo->add_option("--algos", a->algos, "Methods to train, of " + train::algorithm_choices())
      ->capture_default_str()
      ->delimiter(',');
  demo->add_option("--device", a->device, "auto | cpu | cuda | cuda:N")->capture_default_str();
  demo->callback([a] { run_demo(*a); });
}

}  // namespace vaco::cli
