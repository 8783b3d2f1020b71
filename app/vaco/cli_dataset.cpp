// `vaco dataset info FILE [--json]` and `vaco dataset validate FILE`.
#include <iostream>

#include "app/vaco/commands.h"
#include "core/data/read_dataset.h"
#include "core/data/dataset_summary.h"
#include "core/util/error.h"

namespace vaco::cli {

namespace {
struct DatasetArgs {
  std::string file;
  bool json = false;
};
}  // namespace

void add_dataset_commands(CLI::App& app) {
  auto* group = app.add_subcommand("dataset", "Inspect and check datasets (D4RL HDF5 files and Minari datasets)");
  group->require_subcommand(1);
  auto args = std::make_shared<DatasetArgs>();

  auto* info = group->add_subcommand("info", "Print a dataset's summary: sizes, episodes, returns, keys");
  info->add_option("FILE", args->file, "D4RL .hdf5 file, or a Minari dataset: its folder, main_data.hdf5 or id")->required();
  info->add_flag("--json", args->json, "Print one JSON object instead of text");
  info->callback([args] {
    const DatasetSummary s = summarize_file(args->file);
    std::cout << (args->json ? summary_json(s) + "\n" : summary_text(s));
  });

  auto* validate = group->add_subcommand(
      "validate", "Check a dataset: exit 0 when valid, 1 with the reason on stderr when not");
  validate->add_option("FILE", args->file, "D4RL .hdf5 file, or a Minari dataset: its folder, main_data.hdf5 or id")->required();
  validate->callback([args] {
    try {
      const Dataset ds = read_dataset(args->file);
      std::cout << args->file << ": valid (" << ds.size() << " rows, " << ds.episodes.size()
                << " episodes)\n";
      for (const auto& w : ds.warnings) std::cout << "warning: " << w << "\n";
    } catch (const Error& e) {
      std::cerr << "invalid: " << e.what() << "\n";
      exit_status() = 1;
    }
  });
}

}  // namespace vaco::cli
