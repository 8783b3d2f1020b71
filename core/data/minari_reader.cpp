#include "core/data/minari_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/data/dataset_validator.h"
#include "core/data/h5_raw.h"
#include "core/data/h5_util.h"
#include "core/util/large_tensor.h"
#include "core/util/ordered_worker.h"
#include "core/util/error.h"

namespace vaco {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDataFile = "main_data.hdf5";
constexpr const char* kMetadataFile = "metadata.json";

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool has_hdf5_suffix(const std::string& s) {
  const std::string ext = fs::path(s).extension().string();
  return ext == ".hdf5" || ext == ".h5" || ext == ".he5";
}

// Parses JSON as Python's json module writes it: Infinity, -Infinity and NaN (Box spaces' bounds)
// are not JSON and become null, outside strings.
nlohmann::json parse_python_json(const std::string& text) {
  std::string clean;
  clean.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      clean += c;
      if (c == '\\' && i + 1 < text.size()) clean += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    bool replaced = false;
    for (const char* word : {"-Infinity", "Infinity", "NaN"}) {
      const size_t n = std::strlen(word);
      if (text.compare(i, n, word) == 0) {
        clean += "null";
        i += n - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) clean += c;
  }
  return nlohmann::json::parse(clean);
}

// True for an HDF5 file whose root holds episode_0 and no D4RL `observations` array.
bool looks_like_minari_file(const std::string& path) {
  std::lock_guard<std::recursive_mutex> lock(h5::library_mutex());
  h5::silence_errors();
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    h5::last_error();
    return false;
  }
  h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  const bool yes = file.valid() && H5Lexists(file.get(), "episode_0", H5P_DEFAULT) > 0 &&
                   H5Lexists(file.get(), "observations", H5P_DEFAULT) <= 0;
  h5::last_error();
  return yes;
}

// The root attributes of a file (Minari < 0.5 kept its metadata there) as JSON values.
herr_t collect_attribute(hid_t object, const char* name, const H5A_info_t*, void* out) {
  auto& json = *static_cast<nlohmann::json*>(out);
  if (const auto number = h5::attribute_number(object, name)) {
    json[name] = *number;
  } else if (const auto text = h5::attribute_text(object, name)) {
    json[name] = *text;
  }
  return 0;
}

// Collects the names of the root's episode_<n> links as their numbers.
herr_t collect_episode(hid_t, const char* name, const H5L_info_t*, void* out) {
  constexpr const char* prefix = "episode_";
  if (std::strncmp(name, prefix, std::strlen(prefix)) != 0) return 0;
  const char* digits = name + std::strlen(prefix);
  if (*digits == '\0' || std::strspn(digits, "0123456789") != std::strlen(digits) || std::strlen(digits) > 12) return 0;
  static_cast<std::vector<int64_t>*>(out)->push_back(std::strtoll(digits, nullptr, 10));
  return 0;
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string s = "(";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
  return s + ")";
}

/// The arrays Minari stores per episode, in the order of EpisodeArrays::arrays.
constexpr const char* kEpisodeKeys[] = {"observations", "actions", "rewards", "terminations", "truncations"};
enum EpisodeKey { kObs, kAct, kRew, kTerm, kTrunc, kKeyCount };

/// The parts of a goal-conditioned Dict observation (gymnasium-robotics' mazes), in the order
/// they are concatenated: the flat observation of the AntMaze_*-v5 environments.
constexpr const char* kGoalParts[] = {"achieved_goal", "observation", "desired_goal"};

/// An array of an episode's observation columns: the whole Box array, or one part of a
/// goal-conditioned Dict, with where it lies in the file when it is stored raw.
struct ObsPart {
  h5::Handle array;
  std::optional<h5::RawLayout> raw;
  std::string key;   ///< "observations" or "observations/<part>"
  int64_t col = 0;   ///< its first column in the dataset's observations
  int64_t cols = 0;
};

/// One episode's open group and arrays, kept from the shape pass to the read pass, with where
/// the arrays lie in the file when they are stored raw. The observations are in `obs`;
/// arrays[kObs] is not used.
struct EpisodeArrays {
  h5::Handle group;
  h5::Handle arrays[kKeyCount];
  std::optional<h5::RawLayout> raw[kKeyCount];
  std::vector<ObsPart> obs;
  int64_t steps = 0;
  int64_t first_row = 0;  ///< the episode's first row in the dataset

  /// True when every array can be copied from the mapped file.
  bool all_raw() const {
    for (int k = kAct; k < kKeyCount; ++k) {
      if (!raw[k]) return false;
    }
    return std::all_of(obs.begin(), obs.end(), [](const ObsPart& p) { return p.raw.has_value(); });
  }
  /// Closes the episode's arrays and group.
  void close() {
    for (h5::Handle& array : arrays) array.reset();
    for (ObsPart& part : obs) part.array.reset();
    group.reset();
  }
};

/// The dataset's row arrays being filled, as raw pointers.
struct RowArrays {
  float *obs, *next_obs, *act, *rew, *term, *trunc;
  int64_t obs_dim, act_dim;
};

/// Allocates a dataset's n rows (uninitialized) and returns where they are.
RowArrays allocate_rows(Dataset& ds, int64_t n, int64_t obs_dim, int64_t act_dim) {
  ds.observations = empty_large_float_tensor({n, obs_dim});
  ds.next_observations = empty_large_float_tensor({n, obs_dim});
  ds.actions = empty_large_float_tensor({n, act_dim});
  ds.rewards = empty_large_float_tensor({n});
  ds.terminals = empty_large_float_tensor({n});
  ds.timeouts = empty_large_float_tensor({n});
  ds.has_timeouts = true;
  return {ds.observations.data_ptr<float>(), ds.next_observations.data_ptr<float>(), ds.actions.data_ptr<float>(),
          ds.rewards.data_ptr<float>(),      ds.terminals.data_ptr<float>(),        ds.timeouts.data_ptr<float>(),
          obs_dim,                           act_dim};
}

/// The warning that an episode's infos group is not loaded; empty when it has none.
std::string infos_note(hid_t episode_group) {
  std::string note;
  if (H5Lexists(episode_group, "infos", H5P_DEFAULT) > 0) {
    hsize_t count = 0;
    h5::Handle infos(H5Gopen2(episode_group, "infos", H5P_DEFAULT));
    if (infos.valid() && H5Gget_num_objs(infos.get(), &count) >= 0 && count > 0) {
      note = "the episodes' infos groups (" + std::to_string(count) + " keys) are not loaded";
    }
  }
  h5::last_error();
  return note;
}

/// One read of one Minari dataset: keeps the paths for error messages.
class MinariFileReader {
 public:
  explicit MinariFileReader(std::string file) : file_path_(std::move(file)) {
    data_dir_ = fs::path(file_path_).parent_path();
  }

  Dataset read(const ReadOptions& opt);

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw Error(file_path_ + ": " + problem); }
  [[noreturn]] void fail_episode(int64_t e, const std::string& key, const std::string& problem) const {
    fail("episode_" + std::to_string(e) + (key.empty() ? "" : "/" + key) + ": " + problem);
  }
  void open();
  void read_metadata();
  std::string metadata_where(const std::string& key) const {
    return from_json_file_ ? (data_dir_ / kMetadataFile).string() + ": key '" + key + "'"
                           : file_path_ + ": root attribute '" + key + "'";
  }
  nlohmann::json space_of(const char* key) const;
  void require_box(const char* key, const nlohmann::json& space) const;
  bool observations_are_goal_dict() const;
  std::vector<hsize_t> dims_of(int64_t e, hid_t dataset, const char* key) const;
  h5::Handle open_array(int64_t e, hid_t group, const char* key) const;
  void read_rows(int64_t e, hid_t dataset, const char* key, int64_t rows, int64_t cols, float* out) const;
  void open_episode(int64_t e, EpisodeArrays& ep, int64_t& obs_dim, int64_t& act_dim) const;
  template <typename T>
  std::optional<T> meta_number(const char* key) const {
    const auto it = meta_.find(key);
    if (it == meta_.end() || !it->is_number()) return std::nullopt;
    return it->get<T>();
  }
  void read_episode(int64_t e, const EpisodeArrays& ep, const RowArrays& rows, std::vector<float>& obs_block) const;
  void copy_episode(int64_t e, const EpisodeArrays& ep, const RowArrays& rows) const;
  bool check_episode(int64_t e, const EpisodeArrays& ep, const RowArrays& rows) const;

  std::string file_path_;
  fs::path data_dir_;
  h5::Handle file_;
  std::optional<h5::MappedFile> mapped_;  ///< the file's bytes, for arrays stored raw
  bool goal_dict_ = false;                ///< observations are a goal-conditioned Dict (kGoalParts)
  nlohmann::json meta_ = nlohmann::json::object();
  bool from_json_file_ = false;
};

void MinariFileReader::open() {
  if (!is_file(file_path_)) fail("no such file");
  if (H5Fis_hdf5(file_path_.c_str()) <= 0) {
    h5::last_error();
    fail("not an HDF5 file (no HDF5 signature found)");
  }
  file_ = h5::Handle(H5Fopen(file_path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file_.valid()) fail("cannot open as HDF5 (" + h5::last_error() + ")");
}

void MinariFileReader::read_metadata() {
  const fs::path json_path = data_dir_ / kMetadataFile;
  if (is_file(json_path)) {
    from_json_file_ = true;
    std::ifstream in(json_path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      meta_ = parse_python_json(text);
    } catch (const nlohmann::json::exception& e) {
      throw Error(json_path.string() + ": not valid JSON (" + e.what() + ")");
    }
    if (!meta_.is_object()) throw Error(json_path.string() + ": expected a JSON object");
  } else {
    hsize_t index = 0;
    H5Aiterate2(file_.get(), H5_INDEX_NAME, H5_ITER_INC, &index, collect_attribute, &meta_);
    h5::last_error();
  }
  if (const auto it = meta_.find("data_format"); it != meta_.end() && it->is_string() && *it != "hdf5") {
    fail("data_format '" + it->get<std::string>() + "' is not supported (only hdf5)");
  }
}

// The metadata's space description under `key` (JSON, or JSON text as Minari writes it); null
// when absent.
nlohmann::json MinariFileReader::space_of(const char* key) const {
  const auto it = meta_.find(key);
  if (it == meta_.end() || it->is_null()) return nullptr;
  try {
    return it->is_string() ? parse_python_json(it->get<std::string>()) : *it;
  } catch (const nlohmann::json::exception&) {
    throw Error(metadata_where(key) + " is not a JSON space description");
  }
}

// Refuses a space under `key` that is not a Box; an absent one (null) passes: the episodes'
// arrays still say what they hold.
void MinariFileReader::require_box(const char* key, const nlohmann::json& space) const {
  if (space.is_null()) return;
  const std::string type = space.is_object() ? space.value("type", std::string()) : std::string();
  if (type != "Box") {
    throw Error(metadata_where(key) + " is a " + (type.empty() ? std::string("non-Box") : type) +
                " space; only Box observation and action spaces can be read");
  }
}

// True when the observation space is a Dict of exactly kGoalParts, each a Box (the metadata's
// observation_space, else episode_0's observations group); false for a Box; throws a one-line
// refusal for any other space.
bool MinariFileReader::observations_are_goal_dict() const {
  const nlohmann::json space = space_of("observation_space");
  if (space.is_null()) {
    return H5Lexists(file_.get(), "episode_0/observations", H5P_DEFAULT) > 0 &&
           H5Lexists(file_.get(), "episode_0/observations/observation", H5P_DEFAULT) > 0;
  }
  const std::string type = space.is_object() ? space.value("type", std::string()) : std::string();
  if (type == "Dict" && space.contains("subspaces") && space["subspaces"].is_object()) {
    const nlohmann::json& sub = space["subspaces"];
    std::string keys;
    bool boxes = true;
    for (const auto& [key, value] : sub.items()) {
      keys += (keys.empty() ? "" : ", ") + key;
      boxes = boxes && value.is_object() && value.value("type", std::string()) == "Box";
    }
    const bool goal_keys = sub.size() == 3 && std::all_of(std::begin(kGoalParts), std::end(kGoalParts),
                                                          [&](const char* k) { return sub.contains(k); });
    if (goal_keys && boxes) return true;
    throw Error(metadata_where("observation_space") + " is a Dict space of (" + keys +
                "); only Box observations, or a Dict of Box achieved_goal, desired_goal and observation, can be read");
  }
  require_box("observation_space", space);
  return false;
}

h5::Handle MinariFileReader::open_array(int64_t e, hid_t group, const char* key) const {
  h5::Handle ds(H5Dopen2(group, key, H5P_DEFAULT));
  if (ds.valid()) return ds;
  h5::last_error();
  // Only a failed open pays for finding out why.
  if (H5Lexists(group, key, H5P_DEFAULT) <= 0) {
    h5::last_error();
    fail_episode(e, "", "required key '" + std::string(key) + "' is missing");
  }
  H5O_info_t info;
#if H5_VERSION_GE(1, 12, 0)
  const herr_t rc = H5Oget_info_by_name3(group, key, &info, H5O_INFO_BASIC, H5P_DEFAULT);
#else
  const herr_t rc = H5Oget_info_by_name2(group, key, &info, H5O_INFO_BASIC, H5P_DEFAULT);
#endif
  if (rc < 0) fail_episode(e, key, "cannot be opened (" + h5::last_error() + ")");
  if (info.type == H5O_TYPE_GROUP) {
    fail_episode(e, key, "is a group (a Dict or Tuple space); only Box observations and actions can be read");
  }
  fail_episode(e, key, "cannot be opened as an array (" + h5::last_error() + ")");
}

std::vector<hsize_t> MinariFileReader::dims_of(int64_t e, hid_t dataset, const char* key) const {
  h5::Handle space(H5Dget_space(dataset));
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 0) fail_episode(e, key, "has an unreadable shape (" + h5::last_error() + ")");
  std::vector<hsize_t> dims(size_t(rank), 0);
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

void MinariFileReader::read_rows(int64_t e, hid_t dataset, const char* key, int64_t rows, int64_t cols,
                                 float* out) const {
  switch (h5::read_as_float(dataset, rows * cols, out)) {
    case h5::ReadStatus::Ok: break;
    case h5::ReadStatus::WrongType: {
      h5::Handle type(H5Dget_type(dataset));
      fail_episode(e, key, "has type " + h5::type_name(type.get()) + "; expected numbers");
    }
    case h5::ReadStatus::Failed:
      fail_episode(e, key, "cannot be read (" + h5::last_error() + "); the file is truncated or corrupt");
  }
}

// Opens an episode's group and arrays and checks their shapes: sets its steps, its raw layouts
// when the file is mapped, and the feature widths on episode_0 (-1 before), which every later
// episode must match.
void MinariFileReader::open_episode(int64_t e, EpisodeArrays& ep, int64_t& obs_dim, int64_t& act_dim) const {
  const std::string name = "episode_" + std::to_string(e);
  ep.group = h5::Handle(H5Gopen2(file_.get(), name.c_str(), H5P_DEFAULT));
  if (!ep.group.valid()) fail_episode(e, "", "is not a group (" + h5::last_error() + ")");
  const auto open = [&](EpisodeKey k) {
    ep.arrays[k] = open_array(e, ep.group.get(), kEpisodeKeys[k]);
    if (mapped_) ep.raw[k] = h5::raw_layout(ep.arrays[k].get());
    return dims_of(e, ep.arrays[k].get(), kEpisodeKeys[k]);
  };
  const auto act = open(kAct);
  if (act.size() != 2) {
    fail_episode(e, "actions", "has shape " + shape_text(act) +
                                   "; only flat Box actions (rows x features) can be read, not a Discrete space");
  }
  const int64_t t = int64_t(act[0]);
  if (t == 0) fail_episode(e, "actions", "has 0 rows (an empty episode)");
  ep.obs.clear();
  h5::Handle dict;
  if (goal_dict_) {
    dict = h5::Handle(H5Gopen2(ep.group.get(), "observations", H5P_DEFAULT));
    if (!dict.valid()) fail_episode(e, "observations", "is not a group of achieved_goal, desired_goal and observation (" + h5::last_error() + ")");
  }
  int64_t width = 0;
  for (const char* part : goal_dict_ ? std::vector<const char*>(std::begin(kGoalParts), std::end(kGoalParts))
                                     : std::vector<const char*>{"observations"}) {
    ObsPart p;
    p.key = goal_dict_ ? std::string("observations/") + part : std::string(part);
    p.array = goal_dict_ ? open_array(e, dict.get(), part) : open_array(e, ep.group.get(), part);
    const auto dims = dims_of(e, p.array.get(), p.key.c_str());
    if (dims.size() != 2) {
      fail_episode(e, p.key, "has shape " + shape_text(dims) + "; only flat Box observations (rows x features) can be read");
    }
    if (int64_t(dims[0]) != t + 1) {
      fail_episode(e, p.key, "has " + std::to_string(dims[0]) + " rows; expected " + std::to_string(t + 1) +
                                 " (one more than the " + std::to_string(t) + " actions)");
    }
    if (mapped_) p.raw = h5::raw_layout(p.array.get());
    p.col = width;
    p.cols = int64_t(dims[1]);
    width += p.cols;
    ep.obs.push_back(std::move(p));
  }
  for (const EpisodeKey k : {kRew, kTerm, kTrunc}) {
    const auto d = open(k);
    const bool column = d.size() == 2 && d[1] == 1;
    if ((d.size() != 1 && !column) || int64_t(d[0]) != t) {
      fail_episode(e, kEpisodeKeys[k], "has shape " + shape_text(d) + "; expected " + std::to_string(t) + " rows, one per action");
    }
  }
  if (obs_dim < 0) {
    obs_dim = width;
    act_dim = int64_t(act[1]);
  } else if (width != obs_dim || int64_t(act[1]) != act_dim) {
    fail_episode(e, "", "has " + std::to_string(width) + " observation and " + std::to_string(act[1]) +
                            " action features; episode_0 has " + std::to_string(obs_dim) + " and " +
                            std::to_string(act_dim));
  }
  ep.steps = t;
}

// Reads an episode's arrays through H5Dread into its rows.
void MinariFileReader::read_episode(int64_t e, const EpisodeArrays& ep, const RowArrays& rows,
                                    std::vector<float>& obs_block) const {
  const int64_t t = ep.steps, row = ep.first_row, d = rows.obs_dim;
  const auto read = [&](EpisodeKey k, int64_t n, int64_t cols, float* out) {
    read_rows(e, ep.arrays[k].get(), kEpisodeKeys[k], n, cols, out);
  };
  for (const ObsPart& p : ep.obs) {
    obs_block.resize(size_t((t + 1) * p.cols));
    read_rows(e, p.array.get(), p.key.c_str(), t + 1, p.cols, obs_block.data());
    for (int64_t i = 0; i <= t; ++i) {
      const float* src = obs_block.data() + i * p.cols;
      if (i < t) std::memcpy(rows.obs + (row + i) * d + p.col, src, sizeof(float) * size_t(p.cols));
      if (i > 0) std::memcpy(rows.next_obs + (row + i - 1) * d + p.col, src, sizeof(float) * size_t(p.cols));
    }
  }
  read(kAct, t, rows.act_dim, rows.act + row * rows.act_dim);
  read(kRew, t, 1, rows.rew + row);
  read(kTerm, t, 1, rows.term + row);
  read(kTrunc, t, 1, rows.trunc + row);
}

// Copies an episode's raw arrays from the mapped file into its rows; calls no HDF5 function.
void MinariFileReader::copy_episode(int64_t e, const EpisodeArrays& ep, const RowArrays& rows) const {
  const uint64_t t = uint64_t(ep.steps), row = uint64_t(ep.first_row);
  const auto copy = [&](const h5::RawLayout& layout, const std::string& key, uint64_t first, float* out, int64_t stride) {
    if (!h5::copy_rows_as_float(*mapped_, layout, first, t, out, uint64_t(stride))) {
      fail_episode(e, key, "cannot be read (its data lie past the end of the file); the file is truncated or corrupt");
    }
  };
  const int64_t d = rows.obs_dim;
  for (const ObsPart& p : ep.obs) {
    copy(*p.raw, p.key, 0, rows.obs + int64_t(row) * d + p.col, d);
    copy(*p.raw, p.key, 1, rows.next_obs + int64_t(row) * d + p.col, d);
  }
  copy(*ep.raw[kAct], kEpisodeKeys[kAct], 0, rows.act + row * rows.act_dim, rows.act_dim);
  for (const EpisodeKey k : {kRew, kTerm, kTrunc}) {
    float* out = k == kRew ? rows.rew : k == kTerm ? rows.term : rows.trunc;
    copy(*ep.raw[k], kEpisodeKeys[k], 0, out + row, 1);
  }
}

// Checks an episode's values in its rows: finite numbers, and 0/1 flags set at the last step
// only. True when the episode ends with neither flag; its last step is then made a truncation.
bool MinariFileReader::check_episode(int64_t e, const EpisodeArrays& ep, const RowArrays& rows) const {
  const int64_t t = ep.steps, row = ep.first_row, d = rows.obs_dim;
  const std::string prefix = "episode_" + std::to_string(e) + "/";
  try {
    check_finite(prefix + "observations", rows.obs + row * d, t, d, 0);
    check_finite(prefix + "observations", rows.next_obs + (row + t - 1) * d, 1, d, t);
    check_finite(prefix + "actions", rows.act + row * rows.act_dim, t, rows.act_dim, 0);
    check_finite(prefix + "rewards", rows.rew + row, t, 1, 0);
  } catch (const Error& err) {
    fail(err.what());
  }
  float* term = rows.term + row;
  float* trunc = rows.trunc + row;
  for (int64_t i = 0; i < t; ++i) {
    if ((term[i] != 0.0f && term[i] != 1.0f) || (trunc[i] != 0.0f && trunc[i] != 1.0f)) {
      fail_episode(e, term[i] != 0.0f && term[i] != 1.0f ? "terminations" : "truncations",
                   "holds a value other than 0/1 at step " + std::to_string(i));
    }
    if (i + 1 < t && (term[i] != 0.0f || trunc[i] != 0.0f)) {
      fail_episode(e, term[i] != 0.0f ? "terminations" : "truncations",
                   "is set at step " + std::to_string(i) + " of " + std::to_string(t) +
                       " (an episode ends only at its last step)");
    }
  }
  if (term[t - 1] != 0.0f || trunc[t - 1] != 0.0f) return false;
  trunc[t - 1] = 1.0f;
  return true;
}

Dataset MinariFileReader::read(const ReadOptions& opt) {
  open();
  read_metadata();

  // The environment: the env spec is required, as Minari itself needs it to recover the env.
  const auto spec_it = meta_.find("env_spec");
  if (spec_it == meta_.end() || spec_it->is_null()) throw Error(metadata_where("env_spec") + " is missing");
  std::string env_id;
  try {
    const nlohmann::json spec = spec_it->is_string() ? parse_python_json(spec_it->get<std::string>()) : *spec_it;
    env_id = spec.is_object() ? spec.value("id", std::string()) : std::string();
  } catch (const nlohmann::json::exception&) {
  }
  if (env_id.empty()) throw Error(metadata_where("env_spec") + " has no environment id");
  goal_dict_ = observations_are_goal_dict();
  require_box("action_space", space_of("action_space"));

  std::vector<int64_t> found;
  H5Literate(file_.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_episode, &found);
  h5::last_error();
  std::sort(found.begin(), found.end());
  if (found.empty()) fail("no episode groups (episode_0, episode_1, ...): not a Minari dataset");
  int64_t expected = found.back() + 1;
  if (const auto it = meta_.find("total_episodes"); it != meta_.end() && it->is_number()) {
    expected = it->get<int64_t>();
  }
  for (int64_t e = 0; e < expected; ++e) {
    if (!std::binary_search(found.begin(), found.end(), e)) {
      fail("episode_" + std::to_string(e) + " is missing (the metadata say " + std::to_string(expected) + " episodes)");
    }
  }
  if (int64_t(found.size()) > expected) {
    fail("has " + std::to_string(found.size()) + " episode groups but the metadata say " + std::to_string(expected));
  }

  // One pass over the episodes: each one's shape, and where its arrays lie in the file when they
  // are stored raw. Raw episodes are copied into the rows and checked by a worker thread while
  // this one opens the next; when the metadata's total_steps is plausible the rows are allocated
  // after episode_0 and the two overlap, otherwise the worker starts after the pass. Errors are
  // kept per episode, so the first bad episode is the one reported.
  if (opt.raw_reads) mapped_ = h5::MappedFile::for_raw_reads(file_.get(), file_path_);
  Dataset ds;
  std::vector<EpisodeArrays> episodes(size_t(expected > 0 ? expected : 0));
  std::vector<std::string> errors(episodes.size());
  std::vector<char> open_end(episodes.size(), 0);
  RowArrays rows{};
  rows.obs_dim = rows.act_dim = -1;
  int64_t allocated = -1;
  std::optional<OrderedWorker> worker;
  const auto start_rows = [&](int64_t n) {
    allocated = n;
    rows = allocate_rows(ds, n, rows.obs_dim, rows.act_dim);
    worker.emplace([&](int64_t e) {
      const EpisodeArrays& ep = episodes[size_t(e)];
      if (!ep.all_raw()) return;
      try {
        copy_episode(e, ep, rows);
        open_end[size_t(e)] = check_episode(e, ep, rows);
      } catch (const std::exception& err) {
        errors[size_t(e)] = err.what();
      }
    });
  };
  const std::optional<int64_t> declared_steps = meta_number<int64_t>("total_steps");
  int64_t total = 0;
  std::string stored_dtype = "unknown", infos_warning;
  for (int64_t e = 0; e < expected; ++e) {
    EpisodeArrays& ep = episodes[size_t(e)];
    open_episode(e, ep, rows.obs_dim, rows.act_dim);
    if (e == 0) {
      h5::Handle type(H5Dget_type(ep.obs[goal_dict_ ? 1 : 0].array.get()));
      stored_dtype = h5::type_name(type.get());
      if (opt.read_infos) infos_warning = infos_note(ep.group.get());
      // Each stored value takes at least a byte: a larger total_steps is not this file's.
      if (mapped_ && declared_steps && *declared_steps > 0 &&
          uint64_t(*declared_steps) * uint64_t(rows.obs_dim + rows.act_dim) <= mapped_->size()) {
        start_rows(*declared_steps);
      }
    }
    if (ep.all_raw()) ep.close();  // now: thousands of open datasets slow HDF5 and the heap down
    ep.first_row = total;
    total += ep.steps;
    if (worker && total <= allocated) worker->publish(e + 1);
  }
  if (declared_steps && *declared_steps != total) {
    fail("the episodes hold " + std::to_string(total) + " steps but the metadata say total_steps " +
         std::to_string(*declared_steps));
  }
  if (!worker) start_rows(total);
  worker->publish(expected);
  std::vector<float> obs_block;
  for (int64_t e = 0; e < expected; ++e) {
    const EpisodeArrays& ep = episodes[size_t(e)];
    if (ep.all_raw()) continue;
    try {
      read_episode(e, ep, rows, obs_block);
      open_end[size_t(e)] = check_episode(e, ep, rows);
    } catch (const std::exception& err) {
      errors[size_t(e)] = err.what();
    }
  }
  worker->finish();
  for (const std::string& error : errors) {
    if (!error.empty()) throw Error(error);
  }
  const int64_t open_ended = std::count(open_end.begin(), open_end.end(), 1);
  if (!infos_warning.empty()) ds.warnings.push_back(infos_warning);

  ds.source_path = file_path_;
  ds.format = "minari";
  ds.dataset_id = meta_.value("dataset_id", std::string());
  if (ds.dataset_id.empty()) ds.dataset_id = data_dir_.parent_path().filename().string();
  ds.name = ds.dataset_id;
  std::replace(ds.name.begin(), ds.name.end(), '/', '-');
  ds.env_name = env_id;
  ds.stored_dtype = stored_dtype;
  for (const char* key : kEpisodeKeys) {
    if (goal_dict_ && key == kEpisodeKeys[kObs]) {
      for (const char* part : kGoalParts) ds.keys.push_back(std::string("episode_*/observations/") + part);
    } else {
      ds.keys.push_back(std::string("episode_*/") + key);
    }
  }
  if (goal_dict_ && opt.read_infos) {  // each row's goal, as D4RL's AntMaze files hold it
    const int64_t goal_cols = episodes.empty() ? 0 : episodes[0].obs.back().cols;
    ds.infos["infos/goal"] = ds.observations.narrow(1, rows.obs_dim - goal_cols, goal_cols).clone();
    ds.keys.push_back("infos/goal");
  }
  if (open_ended > 0) {
    ds.warnings.push_back(std::to_string(open_ended) +
                          " episodes end with neither termination nor truncation; their last step counts as a truncation");
  }

  ds.ref_min_score = meta_number<double>("ref_min_score");
  ds.ref_max_score = meta_number<double>("ref_max_score");
  if (ds.ref_min_score.has_value() != ds.ref_max_score.has_value()) {
    ds.warnings.push_back("only one of ref_min_score and ref_max_score is given; the environment's references apply");
    ds.ref_min_score.reset();
    ds.ref_max_score.reset();
  } else if (ds.ref_min_score && !(*ds.ref_max_score > *ds.ref_min_score)) {
    throw Error(metadata_where("ref_max_score") + " must exceed ref_min_score");
  }
  ds.metadata["metadata/minari/layout"] = from_json_file_ ? "metadata.json" : "root attributes";
  for (const char* key : {"minari_version", "algorithm_name"}) {
    if (const auto it = meta_.find(key); it != meta_.end() && it->is_string()) {
      ds.metadata[std::string("metadata/minari/") + key] = it->get<std::string>();
    }
  }
  try {
    validate_dataset(ds, /*check_values=*/false);  // values were checked while reading
  } catch (const Error& err) {
    fail(err.what());
  }
  index_episodes(ds, 0);
  return ds;
}

}  // namespace

std::string minari_datasets_root() {
  if (const char* env = std::getenv("MINARI_DATASETS_PATH"); env != nullptr && *env != '\0') return env;
  const char* home = std::getenv("HOME");
  return (fs::path(home != nullptr ? home : ".") / ".minari" / "datasets").string();
}

std::optional<std::string> minari_data_file(const std::string& source) {
  std::error_code ec;
  const fs::path p(source);
  if (fs::is_directory(p, ec)) {
    for (const fs::path& candidate : {p / "data" / kDataFile, p / kDataFile}) {
      if (is_file(candidate)) return candidate.string();
    }
    throw Error(source + ": a folder without Minari data (expected data/" + std::string(kDataFile) + ")");
  }
  if (fs::exists(p, ec)) {
    if (p.filename() == kDataFile || looks_like_minari_file(source)) return source;
    return std::nullopt;
  }
  // Not a path: a Minari id ("namespace/env/name-vN") under the datasets root.
  if (has_hdf5_suffix(source) || source.empty() || source.find('/') == std::string::npos || p.is_absolute()) {
    return std::nullopt;
  }
  const fs::path file = fs::path(minari_datasets_root()) / source / "data" / kDataFile;
  if (is_file(file)) return file.string();
  throw Error(source + ": no such file, and no Minari dataset of that id under " + minari_datasets_root() +
              " (set MINARI_DATASETS_PATH to the folder that holds it)");
}

Dataset read_minari(const std::string& source, const ReadOptions& options) {
  const std::optional<std::string> file = minari_data_file(source);
  if (!file) throw Error(source + ": not a Minari dataset (no episode_0 group)");
  std::lock_guard<std::recursive_mutex> lock(h5::library_mutex());
  h5::silence_errors();
  MinariFileReader reader(*file);
  try {
    return reader.read(options);
  } catch (const Error&) {
    h5::last_error();
    throw;
  } catch (const std::bad_alloc&) {
    throw Error(*file + ": out of memory while loading");
  }
}

}  // namespace vaco
