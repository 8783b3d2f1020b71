// Small helpers around the HDF5 C API: owned identifiers, silenced error printing, error text.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace vaco::h5 {

/// Owns an HDF5 identifier (file, dataset, space, type, group, attribute, property list)
/// and closes it with the matching H5*close call.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(o.id_) { o.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& o) noexcept;
  ~Handle() { reset(); }

  /// The raw identifier (negative when invalid).
  hid_t get() const { return id_; }
  /// True when the identifier is valid.
  bool valid() const { return id_ >= 0; }
  /// Closes the identifier now.
  void reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

/// Turns off HDF5's automatic printing of its error stack, for the whole process. Idempotent.
void silence_errors();

/// The most specific message on HDF5's current error stack ("" when empty); clears the stack.
std::string last_error();

/// HDF5 as Debian builds it is not thread-safe: every use goes through this lock.
std::recursive_mutex& library_mutex();

/// True for the keys whose float64 values are written and read as float64 (the simulator state
/// `infos/qpos` and `infos/qvel`, which a replay needs exactly); other keys become float32.
inline bool keeps_float64(const std::string& key) { return key == "infos/qpos" || key == "infos/qvel"; }

/// A readable name for an HDF5 datatype, like "float64", "int8 enum", "string".
std::string type_name(hid_t type);

/// What read_as_float found.
enum class ReadStatus { Ok, WrongType, Failed };

/// Reads all n values of a dataset of floats, integers or an integer enum (h5py's numpy bool)
/// as float32 into `out`.
ReadStatus read_as_float(hid_t dataset, int64_t n, float* out);

/// An attribute of an object as text: strings as they are, one number in shortest form; empty
/// when the attribute is absent or of another kind.
std::optional<std::string> attribute_text(hid_t object, const char* name);

/// An attribute holding one number; empty when absent or not a number.
std::optional<double> attribute_number(hid_t object, const char* name);

}  // namespace vaco::h5
