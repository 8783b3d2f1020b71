#include "core/data/minari_writer.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "core/data/h5_write.h"
#include "core/util/error.h"

namespace vaco {

namespace fs = std::filesystem;

namespace {

// A number as Python's json module writes it: Infinity, -Infinity and NaN included.
std::string python_json_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

// A gymnasium Box space as Minari serializes it (a JSON text inside metadata.json).
std::string box_space_json(const char* dtype, int64_t width, double low, double high) {
  std::string lows, highs;
  for (int64_t i = 0; i < width; ++i) {
    lows += (i ? ", " : "") + python_json_number(low);
    highs += (i ? ", " : "") + python_json_number(high);
  }
  return std::string("{\"type\": \"Box\", \"dtype\": \"") + dtype + "\", \"shape\": [" + std::to_string(width) +
         "], \"low\": [" + lows + "], \"high\": [" + highs + "]}";
}

// A gymnasium EnvSpec as JSON, the fields EnvSpec.from_json reads.
nlohmann::json env_spec_json(const MinariWriteOptions& o) {
  nlohmann::json spec = {{"id", o.env_id},
                         {"entry_point", nullptr},
                         {"reward_threshold", nullptr},
                         {"nondeterministic", false},
                         {"max_episode_steps", nullptr},
                         {"order_enforce", true},
                         {"disable_env_checker", false},
                         {"kwargs", nlohmann::json::object()},
                         {"additional_wrappers", nlohmann::json::array()},
                         {"vector_entry_point", nullptr}};
  if (!o.entry_point.empty()) spec["entry_point"] = o.entry_point;
  if (o.max_episode_steps > 0) spec["max_episode_steps"] = o.max_episode_steps;
  return spec;
}

/// Writes one Minari HDF5 file; every failure names the file and the key.
class MinariFileWriter {
 public:
  explicit MinariFileWriter(std::string path) : path_(std::move(path)) {}

  /// Creates the file, with links kept in creation order as Minari's writer keeps them.
  void create() {
    h5::Handle fcpl(H5Pcreate(H5P_FILE_CREATE));
    H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    file_ = h5::Handle(H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT));
    if (!file_.valid()) fail("", "cannot create the file (" + h5::last_error() + ")");
  }

  /// Writes one episode's group: its T+1 observations, T actions, rewards and flags, id and size.
  void episode(int64_t id, const Dataset& ds, const Episode& ep) {
    const std::string name = "episode_" + std::to_string(id);
    h5::Handle group = h5::create_group(file_.get(), name);
    if (!group.valid()) fail(name, "cannot create group (" + h5::last_error() + ")");
    check(name, h5::write_int_attribute(group.get(), "id", id));
    check(name, h5::write_int_attribute(group.get(), "total_steps", ep.length));
    const int64_t end = ep.start + ep.length;
    const torch::Tensor obs =
        torch::cat({ds.observations.narrow(0, ep.start, ep.length), ds.next_observations.narrow(0, end - 1, 1)})
            .to(torch::kFloat64)
            .contiguous();
    const torch::Tensor act = ds.actions.narrow(0, ep.start, ep.length).to(torch::kFloat32).contiguous();
    const torch::Tensor rew = ds.rewards.narrow(0, ep.start, ep.length).to(torch::kFloat64).contiguous();
    torch::Tensor term = ds.terminals.narrow(0, ep.start, ep.length).to(torch::kInt8).contiguous();
    torch::Tensor trunc = ds.timeouts.narrow(0, ep.start, ep.length).to(torch::kInt8).contiguous();
    if (ep.end == EpisodeEnd::EndOfFile) {
      trunc = trunc.clone();
      trunc[ep.length - 1] = 1;
    }
    array(group.get(), name, "observations", obs, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
    array(group.get(), name, "actions", act, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT);
    array(group.get(), name, "rewards", rew, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
    array(group.get(), name, "terminations", term, bool_type_.get(), bool_type_.get());
    array(group.get(), name, "truncations", trunc, bool_type_.get(), bool_type_.get());
  }

  /// Flushes and closes the file.
  void close() {
    if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) fail("", "cannot flush (" + h5::last_error() + ")");
    file_.reset();
  }

  /// Throws the one-line error naming the file and the key.
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw Error("cannot write '" + path_ + "'" + (key.empty() ? "" : ": " + key) + ": " + problem);
  }

 private:
  void check(const std::string& key, const std::string& problem) const {
    if (!problem.empty()) fail(key, problem);
  }
  void array(hid_t group, const std::string& episode, const char* key, const torch::Tensor& t, hid_t file_type,
             hid_t mem_type) {
    check(episode + "/" + key, h5::write_tensor(group, key, t, file_type, mem_type));
  }

  std::string path_;
  h5::Handle file_;
  h5::Handle bool_type_ = h5::bool_enum_type();
};

// Rows inside an episode whose next observation is not the following row's observation.
int64_t next_observations_not_kept(const Dataset& ds) {
  torch::Tensor inside = torch::ones({ds.size()}, torch::kBool);
  for (const Episode& ep : ds.episodes) inside[ep.start + ep.length - 1] = false;
  if (ds.size() < 2) return 0;
  const torch::Tensor differs =
      (ds.next_observations.narrow(0, 0, ds.size() - 1) != ds.observations.narrow(0, 1, ds.size() - 1)).any(1);
  return (differs & inside.narrow(0, 0, ds.size() - 1)).sum().item<int64_t>();
}

}  // namespace

bool valid_minari_id(const std::string& id, std::string* why) {
  static const std::regex rule(R"(^(?:[-_\w][-_\w/]*[-_\w]+/)?[-_\w]+?-v\d+$)");
  if (std::regex_match(id, rule)) return true;
  if (why != nullptr) {
    *why = "'" + id + "' is not a Minari dataset id of the form [namespace/]name-vN (letters, digits, '-', '_')";
  }
  return false;
}

std::vector<std::string> write_minari(const Dataset& ds, const std::string& folder, const MinariWriteOptions& options) {
  std::string why;
  if (!valid_minari_id(options.dataset_id, &why)) throw Error("cannot write a Minari dataset: " + why);
  if (options.env_id.empty()) throw Error("cannot write a Minari dataset: no environment id for its env_spec");
  if (!ds.has_next_observations()) {
    throw Error((ds.source_path.empty() ? std::string("the dataset") : ds.source_path) +
                ": has no next_observations; a Minari episode stores its final observation, which this file does not hold");
  }
  if (ds.episodes.empty()) throw Error("cannot write a Minari dataset: the dataset has no episodes");
  const fs::path data_dir = fs::path(folder) / "data";
  std::error_code ec;
  if (fs::exists(data_dir, ec)) {
    throw Error(data_dir.string() + " already exists; remove it or write elsewhere");
  }
  fs::create_directories(folder, ec);
  if (ec) throw Error("cannot create " + folder + " (" + ec.message() + ")");
  const fs::path tmp_dir = fs::path(folder) / (".data.tmp-" + std::to_string(getpid()));
  fs::remove_all(tmp_dir, ec);
  fs::create_directories(tmp_dir, ec);
  if (ec) throw Error("cannot create " + tmp_dir.string() + " (" + ec.message() + ")");

  try {
    {
      std::lock_guard<std::recursive_mutex> lock(h5::library_mutex());
      h5::silence_errors();
      MinariFileWriter w((tmp_dir / "main_data.hdf5").string());
      try {
        w.create();
        for (size_t e = 0; e < ds.episodes.size(); ++e) w.episode(int64_t(e), ds, ds.episodes[e]);
        w.close();
      } catch (...) {
        h5::last_error();
        throw;
      }
    }
    nlohmann::json meta = nlohmann::json::object();
    meta["dataset_id"] = options.dataset_id;
    meta["total_episodes"] = ds.episodes.size();
    meta["total_steps"] = ds.size();
    meta["data_format"] = "hdf5";
    meta["observation_space"] = box_space_json("float64", ds.obs_dim(), -INFINITY, INFINITY);
    meta["action_space"] = box_space_json("float32", ds.act_dim(), options.action_low, options.action_high);
    meta["env_spec"] = env_spec_json(options).dump();
    meta["minari_version"] = "0.5.4";  // the layout written here, as Minari 0.5.4 writes it
    meta["algorithm_name"] = "unknown";
    for (const char* key : {"metadata/minari/algorithm_name", "metadata/algorithm"}) {
      if (const auto it = ds.metadata.find(key); it != ds.metadata.end()) meta["algorithm_name"] = it->second;
    }
    meta["description"] = options.description;
    if (ds.ref_min_score && ds.ref_max_score) {
      meta["ref_min_score"] = *ds.ref_min_score;
      meta["ref_max_score"] = *ds.ref_max_score;
    }
    std::ofstream out(tmp_dir / "metadata.json");
    out << meta.dump();
    out.close();
    if (!out) throw Error("cannot write " + (tmp_dir / "metadata.json").string());
    fs::rename(tmp_dir, data_dir, ec);
    if (ec) throw Error("cannot move the finished dataset into " + data_dir.string() + " (" + ec.message() + ")");
  } catch (...) {
    fs::remove_all(tmp_dir, ec);
    throw;
  }

  std::vector<std::string> left_out;
  if (const int64_t n = next_observations_not_kept(ds); n > 0) {
    left_out.push_back("next_observations of " + std::to_string(n) +
                       " rows that differ from the following row's observation in the same episode (Minari stores "
                       "one observation sequence per episode; the following row's observation is kept)");
  }
  for (const auto& [key, t] : ds.infos) left_out.push_back(key + " (Minari keeps infos per step of an episode, with one more row than D4RL)");
  for (const auto& [key, text] : ds.metadata) {
    // Minari's own metadata come back from the reader under metadata/minari/ and are written anew.
    if (key != "metadata/algorithm" && key.rfind("metadata/minari/", 0) != 0) left_out.push_back(key);
  }
  for (const auto& [key, t] : ds.metadata_arrays) left_out.push_back(key);
  return left_out;
}

}  // namespace vaco
