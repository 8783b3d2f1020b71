#include "core/data/d4rl_reader.h"

#include <algorithm>

#include <unistd.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <vector>

#include "core/data/dataset_validator.h"
#include "core/data/h5_util.h"
#include "core/util/error.h"
#include "core/util/large_tensor.h"

namespace vaco {

namespace {

constexpr hsize_t kMaxFeatures = hsize_t{1} << 20;  // a million numbers per row is absurd
constexpr hsize_t kMaxRows = hsize_t{1} << 36;

std::string human_bytes(double b) {
  const char* unit[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (b >= 1024.0 && u < 5) b /= 1024.0, ++u;
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << b << " " << unit[u];
  return s.str();
}

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  return (pages > 0 && page > 0) ? double(pages) * double(page) : 1e15;
}

// Collects the path of every dataset in the file.
herr_t collect_dataset(hid_t root, const char* name, const H5L_info_t* info, void* out) {
  if (info->type != H5L_TYPE_HARD) return 0;
  hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
  if (obj < 0) return 0;
  if (H5Iget_type(obj) == H5I_DATASET) static_cast<std::vector<std::string>*>(out)->push_back(name);
  H5Oclose(obj);
  return 0;
}

/// One read of one file: keeps the path for error messages.
class FileReader {
 public:
  explicit FileReader(std::string path) : path_(std::move(path)) {}

  Dataset read(const ReadOptions& opt);

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(path_ + ": " + problem);
  }
  [[noreturn]] void fail_key(const std::string& key, const std::string& problem) const {
    fail("key '" + key + "': " + problem);
  }
  void open();
  bool has(const std::string& key) const;
  h5::Handle open_dataset(const std::string& key) const;
  std::vector<hsize_t> shape_of(const std::string& key, hid_t ds) const;
  std::vector<hsize_t> check_shape(const std::string& key, hid_t ds, bool matrix) const;
  torch::Tensor read_numbers(const std::string& key, bool matrix);
  torch::Tensor read_flags(const std::string& key);
  torch::Tensor read_doubles(const std::string& key, bool matrix);
  std::optional<std::string> read_scalar_text(const std::string& key) const;
  void check_rows(const std::string& key, hsize_t rows);

  std::string path_;
  h5::Handle file_;
  std::vector<std::string> keys_;
  hsize_t rows_ = 0;
  bool rows_known_ = false;
};

void FileReader::open() {
  std::error_code ec;
  const auto status = std::filesystem::status(path_, ec);
  if (ec || !std::filesystem::exists(status)) fail("no such file");
  if (std::filesystem::is_directory(status)) fail("is a directory, not an HDF5 file");
  if (access(path_.c_str(), R_OK) != 0) fail("cannot be read (permission denied)");
  const auto size = std::filesystem::file_size(path_, ec);
  if (!ec && size == 0) fail("is empty (0 bytes), not an HDF5 file");

#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_h5 = H5Fis_accessible(path_.c_str(), H5P_DEFAULT);
#else
  const htri_t is_h5 = H5Fis_hdf5(path_.c_str());
#endif
  if (is_h5 <= 0) {
    const std::string why = h5::last_error();
    if (why.find("truncated") != std::string::npos) fail("truncated HDF5 file (" + why + ")");
    fail("not an HDF5 file (no HDF5 signature found)");
  }
  h5::Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
  file_ = h5::Handle(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, fapl.get()));
  if (!file_.valid()) {
    const std::string why = h5::last_error();
    if (why.find("truncated") != std::string::npos) fail("truncated HDF5 file (" + why + ")");
    fail("cannot open as HDF5 (" + (why.empty() ? std::string("unknown error") : why) + ")");
  }
  if (H5Lvisit(file_.get(), H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &keys_) < 0) {
    fail("cannot list the file's keys (" + h5::last_error() + "); the file looks corrupt");
  }
}

bool FileReader::has(const std::string& key) const {
  return std::find(keys_.begin(), keys_.end(), key) != keys_.end();
}

h5::Handle FileReader::open_dataset(const std::string& key) const {
  h5::Handle ds(H5Dopen2(file_.get(), key.c_str(), H5P_DEFAULT));
  if (!ds.valid()) fail_key(key, "cannot open (" + h5::last_error() + ")");
  return ds;
}

std::vector<hsize_t> FileReader::shape_of(const std::string& key, hid_t ds) const {
  h5::Handle space(H5Dget_space(ds));
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 0) fail_key(key, "has an unreadable shape (" + h5::last_error() + ")");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) {
    fail_key(key, "has an unreadable shape (" + h5::last_error() + ")");
  }
  return dims;
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string s = "(";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
  return s + ")";
}

void FileReader::check_rows(const std::string& key, hsize_t rows) {
  if (!rows_known_) {
    rows_ = rows;
    rows_known_ = true;
    if (rows == 0) fail("empty dataset: '" + key + "' has 0 rows");
  } else if (rows != rows_) {
    fail_key(key, "has " + std::to_string(rows) + " rows but 'observations' has " +
                      std::to_string(rows_) + " (array lengths disagree)");
  }
}

// Checks rank and size before anything is allocated; returns {rows, features}.
std::vector<hsize_t> FileReader::check_shape(const std::string& key, hid_t ds, bool matrix) const {
  std::vector<hsize_t> dims = shape_of(key, ds);
  const bool column = dims.size() == 2 && dims[1] == 1;  // (N, 1) is accepted for 1-D keys
  if (matrix && dims.size() != 2) {
    fail_key(key, "has shape " + shape_text(dims) +
                      "; expected 2 dimensions (rows x features), wrong rank");
  }
  if (!matrix && dims.size() != 1 && !column) {
    fail_key(key, "has shape " + shape_text(dims) + "; expected 1 dimension (rows), wrong rank");
  }
  const hsize_t rows = dims[0];
  const hsize_t feats = dims.size() == 2 ? dims[1] : 1;
  if (matrix && feats == 0 && rows > 0) fail_key(key, "has 0 features per row");
  if (rows > kMaxRows || feats > kMaxFeatures) {
    fail_key(key, "has absurd dimensions " + shape_text(dims) + "; the file is corrupt or not a dataset");
  }
  const double bytes = double(rows) * double(feats) * 4.0;
  const double mem = physical_memory_bytes();
  if (bytes > mem) {
    fail_key(key, "has absurd dimensions " + shape_text(dims) + ": it would need " +
                      human_bytes(bytes) + " as float32, more than this machine's " +
                      human_bytes(mem) + " of memory");
  }
  return {rows, feats};
}

torch::Tensor FileReader::read_numbers(const std::string& key, bool matrix) {
  h5::Handle ds = open_dataset(key);
  h5::Handle type(H5Dget_type(ds.get()));
  const H5T_class_t cls = type.valid() ? H5Tget_class(type.get()) : H5T_NO_CLASS;
  const auto dims = check_shape(key, ds.get(), matrix);
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) {
    fail_key(key, "has type " + h5::type_name(type.get()) + " and shape " + shape_text(dims) +
                      "; expected numbers (float or integer)");
  }
  check_rows(key, dims[0]);
  const int64_t rows = int64_t(dims[0]), cols = int64_t(dims[1]);
  torch::Tensor out = matrix ? empty_large_float_tensor({rows, cols}) : empty_large_float_tensor({rows});
  // Read in blocks of about 1 MB and check each for NaN/Inf while it is still in cache.
  const int64_t block_rows = std::max<int64_t>(1, (int64_t{1} << 18) / cols);
  h5::Handle file_space(H5Dget_space(ds.get()));
  float* dst = out.data_ptr<float>();
  for (int64_t r0 = 0; r0 < rows; r0 += block_rows) {
    const int64_t n = std::min(block_rows, rows - r0);
    // For a rank-1 key HDF5 uses only the first entry of start/count.
    const hsize_t start[2] = {hsize_t(r0), 0}, count[2] = {hsize_t(n), hsize_t(cols)};
    h5::Handle mem_space(H5Screate_simple(1, std::array<hsize_t, 1>{hsize_t(n * cols)}.data(), nullptr));
    if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0 ||
        H5Dread(ds.get(), H5T_NATIVE_FLOAT, mem_space.get(), file_space.get(), H5P_DEFAULT,
                dst + r0 * cols) < 0) {
      fail_key(key, "cannot read rows " + std::to_string(r0) + ".." + std::to_string(r0 + n - 1) + " (" +
                        h5::last_error() + "); the file is truncated or corrupt");
    }
    try {
      check_finite(key, dst + r0 * cols, n, cols, r0);
    } catch (const Error& e) {
      fail(e.what());
    }
  }
  return out;
}

torch::Tensor FileReader::read_doubles(const std::string& key, bool matrix) {
  h5::Handle ds = open_dataset(key);
  const auto dims = check_shape(key, ds.get(), matrix);
  check_rows(key, dims[0]);
  torch::Tensor out = matrix ? torch::empty({int64_t(dims[0]), int64_t(dims[1])}, torch::kFloat64)
                             : torch::empty({int64_t(dims[0])}, torch::kFloat64);
  if (out.numel() > 0 && H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data_ptr<double>()) < 0) {
    fail_key(key, "cannot read its data (" + h5::last_error() + "); the file is truncated or corrupt");
  }
  try {
    check_finite(key, out);
  } catch (const Error& e) {
    fail(e.what());
  }
  return out;
}

torch::Tensor FileReader::read_flags(const std::string& key) {
  h5::Handle ds = open_dataset(key);
  h5::Handle type(H5Dget_type(ds.get()));
  const auto dims = check_shape(key, ds.get(), false);
  check_rows(key, dims[0]);
  torch::Tensor out = torch::empty({int64_t(dims[0])}, torch::kFloat32);
  switch (h5::read_as_float(ds.get(), int64_t(dims[0]), out.data_ptr<float>())) {
    case h5::ReadStatus::Ok: break;
    case h5::ReadStatus::WrongType:
      fail_key(key, "has type " + h5::type_name(type.get()) + " and shape " + shape_text(dims) +
                        "; expected a bool, integer or float 0/1 flag");
    case h5::ReadStatus::Failed:
      fail_key(key, "cannot read its data (" + h5::last_error() + "); the file is truncated or corrupt");
  }
  try {
    check_flags(key, out);
  } catch (const Error& e) {
    fail(e.what());
  }
  return out;
}

std::optional<std::string> FileReader::read_scalar_text(const std::string& key) const {
  h5::Handle d(H5Dopen2(file_.get(), key.c_str(), H5P_DEFAULT));
  h5::Handle space(d.valid() ? H5Dget_space(d.get()) : H5I_INVALID_HID);
  h5::Handle type(d.valid() ? H5Dget_type(d.get()) : H5I_INVALID_HID);
  if (!space.valid() || !type.valid() || H5Sget_simple_extent_type(space.get()) != H5S_SCALAR) {
    h5::last_error();
    return std::nullopt;
  }
  std::optional<std::string> value;
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls == H5T_STRING && H5Tis_variable_str(type.get()) > 0) {
    h5::Handle mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem.get(), H5T_VARIABLE);
    char* text = nullptr;
    if (H5Dread(d.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) >= 0 && text) {
      value = std::string(text);
      H5free_memory(text);
    }
  } else if (cls == H5T_STRING) {
    const size_t size = H5Tget_size(type.get());
    if (size > 0 && size <= 4096) {
      std::vector<char> buf(size + 1, '\0');
      if (H5Dread(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) >= 0) value = std::string(buf.data());
    }
  } else if (cls == H5T_INTEGER) {
    long long v = 0;
    if (H5Dread(d.get(), H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) >= 0) value = std::to_string(v);
  } else if (cls == H5T_FLOAT) {
    double v = 0;
    if (H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) >= 0) {
      std::ostringstream o;
      o << v;
      value = o.str();
    }
  }
  h5::last_error();
  return value;
}

Dataset FileReader::read(const ReadOptions& opt) {
  open();
  Dataset ds;
  ds.source_path = path_;
  ds.name = std::filesystem::path(path_).stem().string();
  ds.keys = keys_;
  for (const char* key : {"observations", "actions", "rewards", "terminals"}) {
    if (!has(key)) fail("required key '" + std::string(key) + "' is missing");
  }
  {
    h5::Handle obs = open_dataset("observations");
    h5::Handle type(H5Dget_type(obs.get()));
    ds.stored_dtype = type.valid() ? h5::type_name(type.get()) : "unknown";
  }
  ds.observations = read_numbers("observations", true);
  ds.actions = read_numbers("actions", true);
  ds.rewards = read_numbers("rewards", false);
  ds.terminals = read_flags("terminals");
  ds.has_timeouts = has("timeouts");
  ds.timeouts = ds.has_timeouts ? read_flags("timeouts") : torch::zeros_like(ds.terminals);
  if (opt.read_next_observations && has("next_observations")) {
    ds.next_observations = read_numbers("next_observations", true);
  }
  if (opt.read_infos) {
    for (const std::string& key : keys_) {
      if (key.rfind("infos/", 0) != 0) continue;
      if (!opt.info_keys.empty() && std::find(opt.info_keys.begin(), opt.info_keys.end(), key) == opt.info_keys.end())
        continue;
      h5::Handle d = open_dataset(key);
      h5::Handle type(H5Dget_type(d.get()));
      const H5T_class_t cls = type.valid() ? H5Tget_class(type.get()) : H5T_NO_CLASS;
      const auto dims = shape_of(key, d.get());
      if ((cls != H5T_FLOAT && cls != H5T_INTEGER && cls != H5T_ENUM) || dims.empty() ||
          dims.size() > 2) {
        ds.warnings.push_back("ignored '" + key + "' (" + h5::type_name(type.get()) + ", shape " +
                              shape_text(dims) + ")");
        continue;
      }
      const bool f64 = cls == H5T_FLOAT && H5Tget_size(type.get()) == 8 && h5::keeps_float64(key);
      ds.infos[key] = cls == H5T_ENUM ? read_flags(key)
                      : f64           ? read_doubles(key, dims.size() == 2)
                                      : read_numbers(key, dims.size() == 2);
    }
  }
  for (const std::string& key : keys_) {
    if (key.rfind("metadata/", 0) != 0) continue;
    if (auto text = read_scalar_text(key)) ds.metadata[key] = *text;
  }
  const std::string env_attr = h5::attribute_text(file_.get(), "env_name").value_or("");
  ds.env_name = env_attr.empty() ? guess_env_id(ds.name) : env_attr;
  // Reference scores as root attributes: what `vaco dataset convert` keeps of a Minari dataset's.
  const auto ref_min = h5::attribute_number(file_.get(), "ref_min_score");
  const auto ref_max = h5::attribute_number(file_.get(), "ref_max_score");
  if (ref_min && ref_max) {
    if (!(*ref_max > *ref_min)) fail("root attribute 'ref_max_score' must exceed ref_min_score");
    ds.ref_min_score = ref_min;
    ds.ref_max_score = ref_max;
  }
  try {
    validate_dataset(ds, /*check_values=*/false);  // values were checked while reading
  } catch (const Error& e) {
    fail(e.what());
  }
  index_episodes(ds, opt.max_episode_steps);
  return ds;
}

}  // namespace

Dataset read_d4rl(const std::string& path, const ReadOptions& options) {
  std::lock_guard<std::recursive_mutex> lock(h5::library_mutex());
  h5::silence_errors();
  FileReader reader(path);
  try {
    return reader.read(options);
  } catch (const Error&) {
    h5::last_error();  // leave a clean HDF5 error stack behind
    throw;
  } catch (const std::bad_alloc&) {
    throw Error(path + ": out of memory while loading");
  }
}

}  // namespace vaco
