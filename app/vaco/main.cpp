// vaco: the headless command line over vaco_core. Errors are one line on stderr:
// status 1 for bad input or a failed job, 2 for a command line that cannot be used.
#include <c10/util/Exception.h>

#include <iostream>

#include "app/vaco/commands.h"
#include "core/util/error.h"

namespace vaco::cli {
int& exit_status() {
  static int status = 0;
  return status;
}
}  // namespace vaco::cli

int main(int argc, char** argv) {
  CLI::App app{"vaco: offline RL with value-aligned behavior cloning (VACO), headless", "vaco"};
  app.set_version_flag("--version", std::string("vaco ") + VACO_VERSION);
  app.require_subcommand(1);
  vaco::cli::add_dataset_commands(app);
  vaco::cli::add_datagen_commands(app);
  vaco::cli::add_bench_commands(app);
  vaco::cli::add_env_commands(app);
  vaco::cli::add_bench_env_command(app);
  vaco::cli::add_train_command(app);
  vaco::cli::add_sac_command(app);
  vaco::cli::add_bench_sac_command(app);
  vaco::cli::add_eval_command(app);
  vaco::cli::add_grid_commands(app);
  vaco::cli::add_demo_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "vaco: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const vaco::UsageError& e) {
    std::cerr << "vaco: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const vaco::Error& e) {
    std::cerr << "vaco: error: " << e.what() << "\n";
    return 1;
  } catch (const c10::Error& e) {
    std::cerr << "vaco: error: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "vaco: error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "vaco: error: " << e.what() << "\n";
    return 1;
  }
  return vaco::cli::exit_status();
}
