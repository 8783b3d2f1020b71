// `vaco datagen projectile --out FILE [--samples N] [--seed S]`.
#include <iostream>

#include "app/vaco/commands.h"
#include "core/data/d4rl_writer.h"
#include "core/datagen/projectile_datagen.h"

namespace vaco::cli {

void add_datagen_commands(CLI::App& app) {
  auto* group = app.add_subcommand("datagen", "Generate datasets in the D4RL layout");
  group->require_subcommand(1);
  auto opts = std::make_shared<ProjectileDataOptions>();
  auto out = std::make_shared<std::string>();
  auto* proj = group->add_subcommand(
      "projectile", "The projectile toy: 15% near-optimal, 25% uniform, 60% lob throws");
  proj->add_option("--out", *out, "Output .hdf5 file")->required();
  proj->add_option("--samples", opts->samples, "Number of throws (rows)")
      ->capture_default_str()->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  proj->add_option("--seed", opts->seed, "Random seed; the same seed gives the same file")
      ->capture_default_str();
  proj->callback([opts, out] {
    const Dataset ds = generate_projectile_dataset(*opts);
    write_d4rl(ds, *out);
    std::cout << "wrote " << *out << " (" << ds.size() << " rows, seed " << opts->seed << ")\n";
  });
}

}  // namespace vaco::cli
