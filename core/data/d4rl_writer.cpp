#include "core/data/d4rl_writer.h"

#include <unistd.h>

#include <filesystem>

#include "core/data/h5_write.h"
#include "core/util/error.h"

namespace vaco {

namespace {

class FileWriter {
 public:
  FileWriter(std::string path, const WriteOptions& opt) : path_(std::move(path)), opt_(opt) {}

  void create(const std::string& tmp) {
    file_ = h5::Handle(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (!file_.valid()) fail("", "cannot create the file (" + h5::last_error() + ")");
  }

  void group(const char* name) {
    if (!h5::create_group(file_.get(), name).valid()) fail(name, "cannot create group (" + h5::last_error() + ")");
  }

  /// Writes a float tensor in the chosen float storage type.
  void floats(const std::string& key, const torch::Tensor& t) {
    const bool f64 = opt_.floats == FloatStorage::Float64;
    const torch::Tensor c = t.to(torch::kCPU, f64 ? torch::kFloat64 : torch::kFloat32).contiguous();
    write(key, c, f64 ? H5T_IEEE_F64LE : H5T_IEEE_F32LE, f64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT);
  }

  /// Writes a float64 tensor as float64, whatever the float storage type.
  void doubles(const std::string& key, const torch::Tensor& t) {
    write(key, t.to(torch::kCPU, torch::kFloat64).contiguous(), H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
  }

  /// Writes an integer tensor as int32 (labels and counters).
  void ints(const std::string& key, const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kInt32).contiguous();
    write(key, c, H5T_STD_I32LE, H5T_NATIVE_INT32);
  }

  /// Writes a 0/1 tensor in the chosen flag storage type.
  void flags(const std::string& key, const torch::Tensor& t) {
    switch (opt_.flags) {
      case FlagStorage::BoolEnum: {
        const h5::Handle e = h5::bool_enum_type();
        write(key, t.to(torch::kCPU, torch::kInt8).contiguous(), e.get(), e.get());
        break;
      }
      case FlagStorage::UInt8:
        write(key, t.to(torch::kCPU, torch::kUInt8).contiguous(), H5T_STD_U8LE, H5T_NATIVE_UINT8);
        break;
      case FlagStorage::Int32: ints(key, t); break;
      case FlagStorage::Float32: {
        const auto saved = opt_.floats;
        opt_.floats = FloatStorage::Float32;
        floats(key, t);
        opt_.floats = saved;
        break;
      }
    }
  }

  /// Writes a scalar string dataset (as h5py writes a Python str), creating parent groups.
  void string_scalar(const std::string& key, const std::string& value) {
    h5::Handle type(H5Tcopy(H5T_C_S1));
    H5Tset_size(type.get(), std::max<size_t>(1, value.size()));
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    h5::Handle space(H5Screate(H5S_SCALAR));
    h5::Handle dcpl(H5Pcreate(H5P_DATASET_CREATE));
    H5Pset_obj_track_times(dcpl.get(), false);
    h5::Handle ds(H5Dcreate2(file_.get(), key.c_str(), type.get(), space.get(), lcpl_.get(), dcpl.get(), H5P_DEFAULT));
    if (!ds.valid()) fail(key, "cannot create dataset (" + h5::last_error() + ")");
    const std::string padded = value.empty() ? std::string(1, '\0') : value;
    if (H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, padded.data()) < 0) {
      fail(key, "cannot write data (" + h5::last_error() + ")");
    }
  }

  void string_attr(const char* name, const std::string& value) {
    if (value.empty()) return;
    if (const std::string problem = h5::write_text_attribute(file_.get(), name, value); !problem.empty()) fail("", problem);
  }

  void number_attr(const char* name, double value) {
    if (const std::string problem = h5::write_double_attribute(file_.get(), name, value); !problem.empty()) fail("", problem);
  }

  void close() {
    if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) fail("", "cannot flush (" + h5::last_error() + ")");
    file_.reset();
  }

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw Error("cannot write '" + path_ + "'" + (key.empty() ? "" : ": key '" + key + "'") + ": " +
                problem);
  }

 private:
  void write(const std::string& key, const torch::Tensor& c, hid_t file_type, hid_t mem_type) {
    const std::string problem = h5::write_tensor(file_.get(), key, c, file_type, mem_type, opt_.gzip_level, lcpl_.get());
    if (!problem.empty()) fail(key, problem);
  }

  std::string path_;
  WriteOptions opt_;
  h5::Handle file_;
  h5::Handle lcpl_ = h5::intermediate_groups();  // metadata/policy/fc0/... makes its parents
};

}  // namespace

void write_d4rl(const Dataset& ds, const std::string& path, const WriteOptions& options) {
  std::lock_guard<std::recursive_mutex> lock(h5::library_mutex());
  h5::silence_errors();
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  FileWriter w(path, options);
  try {
    w.create(tmp);
    w.floats("observations", ds.observations);
    w.floats("actions", ds.actions);
    w.floats("rewards", ds.rewards);
    w.flags("terminals", ds.terminals);
    if (options.write_timeouts) w.flags("timeouts", ds.timeouts);
    if (options.write_next_observations && ds.has_next_observations()) {
      w.floats("next_observations", ds.next_observations);
    }
    if (!ds.infos.empty()) w.group("infos");
    for (const auto& [key, t] : ds.infos) {
      const std::string full = key.rfind("infos/", 0) == 0 ? key : "infos/" + key;
      if (t.scalar_type() == torch::kFloat64 && h5::keeps_float64(full)) {
        w.doubles(full, t);
      } else if (t.is_floating_point()) {
        w.floats(full, t);
      } else {
        w.ints(full, t);
      }
    }
    for (const auto& [key, text] : ds.metadata) w.string_scalar(key, text);
    for (const auto& [key, t] : ds.metadata_arrays) {
      if (t.is_floating_point()) {
        w.floats(key, t);
      } else {
        w.ints(key, t);
      }
    }
    w.string_attr("env_name", ds.env_name);
    if (ds.ref_min_score && ds.ref_max_score) {
      w.number_attr("ref_min_score", *ds.ref_min_score);
      w.number_attr("ref_max_score", *ds.ref_max_score);
    }
    w.close();
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) w.fail("", "cannot move the finished file into place (" + ec.message() + ")");
  } catch (...) {
    h5::last_error();
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace vaco
