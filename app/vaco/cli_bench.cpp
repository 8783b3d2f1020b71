// `vaco bench load [FILE]`: how fast a D4RL file loads into tensors (MB/s of file size).
// `vaco bench step` lives in cli_bench_step.cpp.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/vaco/commands.h"
#include "core/data/minari_reader.h"
#include "core/data/read_dataset.h"
#include "core/data/d4rl_writer.h"

namespace vaco::cli {

namespace {
struct LoadArgs {
  std::string file;
  int64_t rows = 1'000'000;
  int64_t obs_dim = 17;
  int64_t act_dim = 6;
  int repeat = 5;
  bool json = false;
};

// A synthetic locomotion-shaped file (episodes of 1000 steps) for when no FILE is given.
std::string make_synthetic_file(const LoadArgs& a) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("vaco-bench-load-" + std::to_string(a.rows) + "x" + std::to_string(a.obs_dim) +
                     ".hdf5");
  if (std::filesystem::exists(path)) return path.string();
  torch::manual_seed(0);
  Dataset ds;
  ds.name = "bench";
  ds.observations = torch::randn({a.rows, a.obs_dim});
  ds.actions = torch::rand({a.rows, a.act_dim}) * 2 - 1;
  ds.rewards = torch::randn({a.rows});
  ds.terminals = torch::zeros({a.rows});
  ds.timeouts = (torch::arange(a.rows) % 1000 == 999).to(torch::kFloat32);
  write_d4rl(ds, path.string());
  return path.string();
}
}  // namespace

void add_bench_commands(CLI::App& app) {
  auto* group = app.add_subcommand("bench", "Benchmarks (speed goals are measured here)");
  group->require_subcommand(1);
  auto a = std::make_shared<LoadArgs>();
  auto* load = group->add_subcommand(
      "load", "Time loading a D4RL file or Minari dataset into float32 tensors (validation and episode index included)");
  load->add_option("FILE", a->file, "File to load; default: a synthetic ROWS x OBS_DIM float32 file in the temp folder");
  load->add_option("--rows", a->rows, "Rows of the synthetic file")->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  load->add_option("--obs-dim", a->obs_dim, "Observation width of the synthetic file")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{100'000}));
  load->add_option("--repeat", a->repeat, "Timed loads (the best and the median are reported)")
      ->capture_default_str()->check(CLI::Range(1, 1000));
  load->add_flag("--json", a->json, "Print one JSON object");
  add_bench_step_command(*group);
  load->callback([a] {
    const std::string file = a->file.empty() ? make_synthetic_file(*a) : a->file;
    const double mb = double(std::filesystem::file_size(minari_data_file(file).value_or(file))) / 1e6;
    read_dataset(file);  // warm the page cache
    std::vector<double> secs;
    int64_t rows = 0;
    for (int i = 0; i < a->repeat; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      const Dataset ds = read_dataset(file);
      secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      rows = ds.size();
    }
    std::sort(secs.begin(), secs.end());
    const double best = secs.front(), median = secs[secs.size() / 2];
    if (a->json) {
      std::cout << nlohmann::json{{"file", file}, {"rows", rows}, {"file_mb", mb},
                                  {"best_s", best}, {"median_s", median},
                                  {"mb_per_s", mb / best}, {"median_mb_per_s", mb / median}}
                       .dump(2)
                << "\n";
    } else {
      std::printf("file       %s\nrows       %lld\nsize       %.1f MB\nbest       %.4f s  (%.0f MB/s)\n"
                  "median     %.4f s  (%.0f MB/s)\n",
                  file.c_str(), (long long)rows, mb, best, mb / best, median, mb / median);
    }
  });
}

}  // namespace vaco::cli
