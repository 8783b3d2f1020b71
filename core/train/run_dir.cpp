#include "core/train/run_dir.h"

#include <filesystem>
#include <fstream>

#include "core/util/error.h"
#include "core/train/checkpoint.h"
#include "core/train/config_fields.h"
#include "core/train/run_history.h"

namespace fs = std::filesystem;

namespace vaco::train {

namespace {

RunInfo parse_info(const nlohmann::json& j) {
  if (!j.is_object()) throw nlohmann::json::type_error::create(302, "run.json is not an object", &j);
  RunInfo info;
  info.kind = j.value("kind", "");
  info.dataset = j.value("dataset", "");
  info.dataset_path = j.value("dataset_path", "");
  info.env_id = j.value("env_id", "");
  info.obs_dim = j.value("obs_dim", int64_t{0});
  info.act_dim = j.value("act_dim", int64_t{0});
  if (const auto it = j.find("score_reference"); it != j.end() && !it->is_null()) {
    info.score_reference = ReferenceReturns{.random = it->at("random").get<double>(), .expert = it->at("expert").get<double>()};
  }
  return info;
}

}  // namespace

RunDir::RunDir(std::string dir) : dir_(std::move(dir)) {}

std::string RunDir::file(const char* name) const { return (fs::path(dir_) / name).string(); }

bool RunDir::has_config() const {
  std::error_code ec;
  return fs::exists(config_json(), ec);
}

bool RunDir::has_metrics() const {
  std::error_code ec;
  return fs::exists(metrics_jsonl(), ec);
}

void RunDir::create() const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw Error(dir_ + ": cannot create the run directory (" + ec.message() + ")");
}

std::string RunDir::reset() const {
  std::error_code ec;
  fs::remove_all(dir_, ec);
  if (!ec) fs::create_directories(dir_, ec);
  return ec ? dir_ + ": cannot prepare the run folder (" + ec.message() + ")" : std::string();
}

void RunDir::write_info(const RunInfo& info) const {
  nlohmann::json j = nlohmann::json::object();
  if (!info.kind.empty()) j["kind"] = info.kind;
  if (info.kind.empty()) {
    j["dataset"] = info.dataset;
    j["dataset_path"] = info.dataset_path;
  }
  j["env_id"] = info.env_id;
  j["obs_dim"] = info.obs_dim;
  j["act_dim"] = info.act_dim;
  if (info.score_reference) {
    j["score_reference"] = {{"random", info.score_reference->random}, {"expert", info.score_reference->expert}};
  }
  std::ofstream out(run_json());
  out << j.dump(2) << "\n";
  if (!out) throw Error(dir_ + ": cannot write run.json");
}

RunInfo RunDir::read_info() const {
  std::error_code ec;
  if (!fs::exists(run_json(), ec)) throw Error(dir_ + ": no run.json (not a run directory?)");
  const nlohmann::json j = read_json_file(run_json());
  try {
    return parse_info(j);
  } catch (const nlohmann::json::exception& e) {
    throw Error(run_json() + ": broken (" + e.what() + ")");
  }
}

std::optional<RunInfo> RunDir::info_if_any() const {
  try {
    return read_info();
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string RunDir::finished_status() const {
  if (!has_metrics()) return "unfinished";
  try {
    return read_run_history(dir_).status;
  } catch (const Error&) {
    return "unfinished";  // unreadable history
  }
}

bool RunDir::has_checkpoint() const {
  std::error_code ec;
  return !list_checkpoints(checkpoints()).empty() || fs::exists(legacy_checkpoint(), ec);
}

RunDirState RunDir::state() const {
  if (finished_status() == "completed") return RunDirState::Completed;
  return has_checkpoint() ? RunDirState::Resumable : RunDirState::Fresh;
}

}  // namespace vaco::train
