// `vaco dataset info FILE [--json]`, `vaco dataset validate FILE` and
// `vaco dataset convert IN OUT --to d4rl|minari [--dataset-id ID] [--env ID]`.
#include <filesystem>
#include <iostream>

#include "app/vaco/commands.h"
#include "core/data/read_dataset.h"
#include "core/data/dataset_summary.h"
#include "core/datagen/dataset_export.h"
#include "core/util/error.h"

namespace vaco::cli {

namespace {
struct DatasetArgs {
  std::string file;
  bool json = false;
};

struct ConvertArgs {
  std::string in, out, to, dataset_id, env;
};

void run_convert(const ConvertArgs& a) {
  const datagen::DatasetFormat format = datagen::parse_dataset_format(a.to);
  std::error_code ec;
  if (format == datagen::DatasetFormat::D4rl && std::filesystem::exists(a.out, ec)) {
    throw Error(a.out + " already exists; remove it or write elsewhere");
  }
  const Dataset ds = read_dataset(a.in);
  const std::vector<std::string> left_out =
      datagen::write_dataset(ds, a.out, {.format = format, .dataset_id = a.dataset_id, .env_id = a.env});
  const DatasetSummary s = summarize(ds);
  std::cout << "wrote " << a.out << " (" << a.to << ": " << s.rows << " rows, " << s.episodes << " episodes";
  if (format == datagen::DatasetFormat::Minari) {
    std::cout << ", id " << (a.dataset_id.empty() ? datagen::default_minari_id(a.out) : a.dataset_id);
  }
  std::cout << ")\n";
  for (const std::string& key : left_out) std::cout << "not kept: " << key << "\n";
}
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

  auto conv = std::make_shared<ConvertArgs>();
  auto* convert = group->add_subcommand(
      "convert", "Write a dataset in the other layout: a D4RL file as a Minari dataset folder, or the reverse");
  convert->add_option("IN", conv->in, "D4RL .hdf5 file, or a Minari dataset: its folder, main_data.hdf5 or id")->required();
  convert->add_option("OUT", conv->out, "Output: a .hdf5 file (d4rl) or a dataset folder (minari; data/ is made in it)")
      ->required();
  convert->add_option("--to", conv->to, "d4rl | minari")->required();
  convert->add_option("--dataset-id", conv->dataset_id,
                      "Minari id, [namespace/]name-vN (default: OUT's path under the Minari datasets root, else its name)");
  convert->add_option("--env", conv->env,
                      "Environment to record (D4RL: env_name; Minari: env_spec; default: the dataset's own)");
  convert->callback([conv] { run_convert(*conv); });
}

}  // namespace vaco::cli
