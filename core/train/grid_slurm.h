// Grids on Slurm (`vaco grid run --slurm`, `vaco grid task`, `vaco grid status`): the plan that
// the array tasks read, the sbatch script, `--array` ranges, and the cluster's view of the tasks
// (sacct) read back.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/train/grid_plan.h"
#include "core/train/grid_spec.h"

namespace vaco::train {

/// <out>/slurm: the grid's Slurm files.
std::string slurm_dir(const std::string& out);
/// <out>/slurm/plan.json: the runs, by array index.
std::string slurm_plan_file(const std::string& out);
/// <out>/slurm/grid.sbatch: the job-array script.
std::string slurm_script_file(const std::string& out);
/// <out>/slurm/jobs: the submitted job ids, one per line.
std::string slurm_jobs_file(const std::string& out);

/// Writes the runs (folder, names, fresh-start arguments, the value run each waits for) as JSON;
/// throws vaco::Error naming the file when it cannot.
void write_plan_file(const std::vector<GridRun>& runs, const std::string& path);

/// Reads a plan file; throws vaco::Error naming the file when it is missing or broken.
std::vector<GridRun> read_plan_file(const std::string& path);

/// Ascending indices as an sbatch `--array` list: {0,1,2,3,5,7,8} -> "0-3,5,7-8".
std::string array_ranges(const std::vector<int>& indices);

/// The job-array script: each task runs `<exe> grid task <out>/slurm/plan.json
/// $SLURM_ARRAY_TASK_ID` (exec, so Slurm's signals reach the run), asks for `options` (CPUs
/// default to `threads`), is requeueable, and gets SIGINT 120 s before its time limit so the
/// run checkpoints. Throws vaco::Error when `out` or `exe` holds characters a #SBATCH line cannot
/// carry (white space, quotes).
std::string sbatch_script(const SlurmOptions& options, int64_t threads, const std::string& job_name,
                          const std::string& exe, const std::string& out);

/// The Slurm state of each array task by index, from `sacct --parsable2 --noheader
/// --format=JobID,State` output: job steps ("123_4.batch") are skipped, "123_[4-6%2]" expands, a
/// later line for the same index wins, and "CANCELLED by 0" reads "CANCELLED".
std::map<int, std::string> parse_sacct(const std::string& text);

/// What `vaco grid status` says of a run.
enum class TaskStatus { Done, Running, Pending, Failed, Stopped, Started, NotStarted };

/// "done", "running", "pending", "failed", "stopped", "started", "not started".
const char* task_status_name(TaskStatus status);

/// A run's status: done when its folder says completed; else from its Slurm state when the
/// cluster knows the task ("" when not); else from the folder: running when metrics.jsonl was
/// written in the last 120 s (only when `cluster_asked` is false: a task the cluster was asked
/// about and does not list is not running), then a final status of failed or interrupted, a
/// checkpoint (stopped: resumes), metrics without an end (started).
TaskStatus task_status(const GridRun& run, const std::string& slurm_state, bool cluster_asked = false);

}  // namespace vaco::train
