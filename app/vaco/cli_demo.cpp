// `vaco demo`: the README's main job. Until training lands it generates the projectile
// dataset into the demo folder and prints its summary.
#include <filesystem>
#include <iostream>

#include "app/vaco/commands.h"
#include "core/data/d4rl_writer.h"
#include "core/data/dataset_summary.h"
#include "core/datagen/projectile_datagen.h"

namespace vaco::cli {

void add_demo_command(CLI::App& app) {
  auto out = std::make_shared<std::string>("vaco-demo");
  auto opts = std::make_shared<ProjectileDataOptions>();
  auto* demo = app.add_subcommand("demo", "Generate the projectile toy dataset and summarize it");
  demo->add_option("--out", *out, "Folder for the demo's files")->capture_default_str();
  demo->add_option("--seed", opts->seed, "Random seed")->capture_default_str();
  demo->callback([out, opts] {
    std::filesystem::create_directories(*out);
    const std::string file = (std::filesystem::path(*out) / "projectile.hdf5").string();
    const Dataset ds = generate_projectile_dataset(*opts);
    write_d4rl(ds, file);
    std::cout << "Projectile toy dataset (throws from h in [0, 10] m at 10 m/s; the action is the angle)\n\n"
              << summary_text(summarize_file(file));
  });
}

}  // namespace vaco::cli
