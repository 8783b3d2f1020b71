// The Slurm side of `vaco grid` (cli_grid_slurm.cpp): submitting a grid as job arrays, the
// command an array task runs, and the status of a grid's runs.
#pragma once
#include <string>
#include <vector>

#include "core/train/grid_plan.h"
#include "core/train/grid_spec.h"

namespace vaco::cli {

/// `vaco grid run SPEC --slurm`: writes <out>/slurm/plan.json and grid.sbatch and submits the
/// unfinished runs with sbatch (the shared value runs first, the others after them); with
/// `dry_run`, prints the script and the sbatch lines instead. Throws vaco::Error without sbatch.
void submit_grid_to_slurm(const train::GridSpec& spec, const std::string& out, const std::vector<train::GridRun>& runs,
                          const std::string& exe, const train::SlurmOptions& options, bool dry_run);

/// `vaco grid task PLAN INDEX`: becomes run INDEX of the plan (skipped when completed, resumed
/// from its checkpoint, else started afresh), its output appended to the run's train.log.
void run_grid_task(const std::string& plan, int index);

/// `vaco grid status`: one line per run and the counts, with Slurm's states for the jobs in
/// <out>/slurm/jobs from sacct, or from squeue (live tasks only) when sacct fails or is absent.
void print_grid_status(const std::vector<train::GridRun>& runs, const std::string& out);

}  // namespace vaco::cli
