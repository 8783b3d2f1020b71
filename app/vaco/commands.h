// Registration of the `vaco` CLI's command groups; each lives in its own cli_*.cpp file.
#pragma once
#include <CLI/CLI.hpp>

namespace vaco::cli {

/// The exit status a command callback leaves for main() (0 unless it sets one).
int& exit_status();

/// `vaco dataset info|validate`.
void add_dataset_commands(CLI::App& app);
/// `vaco datagen projectile`.
void add_datagen_commands(CLI::App& app);
/// `vaco bench load` and `vaco bench step`.
void add_bench_commands(CLI::App& app);
/// `vaco bench step` under the `bench` group.
void add_bench_step_command(CLI::App& bench);
/// `vaco env list|check-dataset|rollout` and `vaco bench env` (needs `bench` added first).
void add_env_commands(CLI::App& app);
/// `vaco bench env` (needs `bench` added first).
void add_bench_env_command(CLI::App& app);
/// `vaco demo`.
void add_demo_command(CLI::App& app);
/// `vaco train`.
void add_train_command(CLI::App& app);
/// `vaco bench sac` (needs `bench` added first).
void add_bench_sac_command(CLI::App& app);
/// `vaco sac`.
void add_sac_command(CLI::App& app);
/// `vaco eval`.
void add_eval_command(CLI::App& app);
/// `vaco grid run|report`.
void add_grid_commands(CLI::App& app);

}  // namespace vaco::cli
