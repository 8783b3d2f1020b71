#include "core/data/h5_util.h"

#include <cstring>
#include <mutex>
#include <sstream>
#include <vector>

namespace vaco::h5 {

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Handle::reset() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE: H5Fclose(id_); break;
    case H5I_GROUP: H5Gclose(id_); break;
    case H5I_DATASET: H5Dclose(id_); break;
    case H5I_DATASPACE: H5Sclose(id_); break;
    case H5I_DATATYPE: H5Tclose(id_); break;
    case H5I_ATTR: H5Aclose(id_); break;
    case H5I_GENPROP_LST: H5Pclose(id_); break;
    default: break;
  }
  id_ = H5I_INVALID_HID;
}

void silence_errors() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

namespace {
herr_t keep_innermost(unsigned n, const H5E_error2_t* err, void* out) {
  // Walking downward visits the API call first and the place the error arose last.
  if (err && err->desc && err->desc[0]) *static_cast<std::string*>(out) = err->desc;
  return 0;
}
}  // namespace

std::string last_error() {
  std::string msg;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &msg);
  H5Eclear2(H5E_DEFAULT);
  return msg;
}

std::recursive_mutex& library_mutex() {
  static std::recursive_mutex m;
  return m;
}

std::string type_name(hid_t type) {
  const size_t bytes = H5Tget_size(type);
  const std::string bits = std::to_string(bytes * 8);
  switch (H5Tget_class(type)) {
    case H5T_FLOAT: return "float" + bits;
    case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + bits;
    case H5T_ENUM: {
      Handle super(H5Tget_super(type));
      return (super.valid() ? type_name(super.get()) : std::string("?")) + " enum";
    }
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    case H5T_BITFIELD: return "bitfield" + bits;
    case H5T_OPAQUE: return "opaque";
    case H5T_REFERENCE: return "reference";
    case H5T_ARRAY: return "array";
    case H5T_VLEN: return "vlen";
    default: return "unknown type";
  }
}

namespace {

// Converts n native integers of `width` bytes to floats (a plain loop: no thread pool for 1 MB).
void widen_integers(const unsigned char* src, size_t width, bool is_signed, int64_t n, float* dst) {
  const auto convert = [&](auto tag) {
    using T = decltype(tag);
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, src + size_t(i) * sizeof(T), sizeof(T));
      dst[i] = float(v);
    }
  };
  switch (width) {
    case 1: is_signed ? convert(int8_t{}) : convert(uint8_t{}); break;
    case 2: is_signed ? convert(int16_t{}) : convert(uint16_t{}); break;
    case 4: is_signed ? convert(int32_t{}) : convert(uint32_t{}); break;
    default: is_signed ? convert(int64_t{}) : convert(uint64_t{}); break;
  }
}

}  // namespace

ReadStatus read_as_float(hid_t dataset, int64_t n, float* out) {
  Handle type(H5Dget_type(dataset));
  const H5T_class_t cls = type.valid() ? H5Tget_class(type.get()) : H5T_NO_CLASS;
  constexpr int64_t kMaxWideValues = int64_t(1) << 22;  // 32 MB of doubles at most, held for one read
  if (cls == H5T_FLOAT && n > 0 && n <= kMaxWideValues && H5Tequal(type.get(), H5T_NATIVE_DOUBLE) > 0) {
    // HDF5 narrows doubles through its type-conversion buffer, chunk by chunk; for the small
    // per-episode arrays of a Minari file reading the doubles as stored and narrowing them here
    // is faster. Larger arrays keep HDF5's conversion, which needs no second copy. The buffer is
    // kept between reads: a fresh one per episode would be mapped and faulted in each time.
    thread_local std::vector<double> wide;
    wide.resize(static_cast<size_t>(n));
    if (H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, wide.data()) < 0) return ReadStatus::Failed;
    for (int64_t i = 0; i < n; ++i) out[i] = float(wide[size_t(i)]);
    return ReadStatus::Ok;
  }
  if (cls == H5T_FLOAT || cls == H5T_INTEGER) {
    if (n == 0) return ReadStatus::Ok;
    return H5Dread(dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0 ? ReadStatus::Failed
                                                                                      : ReadStatus::Ok;
  }
  if (cls != H5T_ENUM) return ReadStatus::WrongType;
  // h5py stores numpy bool as an enum over int8 (FALSE=0, TRUE=1): read the raw integers.
  Handle super(H5Tget_super(type.get()));
  const size_t width = super.valid() ? H5Tget_size(super.get()) : 0;
  const bool is_signed = super.valid() && H5Tget_sign(super.get()) != H5T_SGN_NONE;
  Handle mem(H5Tget_native_type(type.get(), H5T_DIR_ASCEND));
  if (!mem.valid() || (width != 1 && width != 2 && width != 4 && width != 8)) return ReadStatus::WrongType;
  if (n == 0) return ReadStatus::Ok;
  std::vector<unsigned char> raw(size_t(n) * width);
  if (H5Dread(dataset, mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) return ReadStatus::Failed;
  widen_integers(raw.data(), width, is_signed, n, out);
  return ReadStatus::Ok;
}

namespace {

// An open attribute with its type class and number of values; empty when absent.
struct OpenAttribute {
  Handle attr, type;
  H5T_class_t cls = H5T_NO_CLASS;
  hssize_t count = -1;
};

std::optional<OpenAttribute> open_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) {
    last_error();
    return std::nullopt;
  }
  OpenAttribute a;
  a.attr = Handle(H5Aopen(object, name, H5P_DEFAULT));
  if (!a.attr.valid()) {
    last_error();
    return std::nullopt;
  }
  a.type = Handle(H5Aget_type(a.attr.get()));
  Handle space(H5Aget_space(a.attr.get()));
  a.cls = a.type.valid() ? H5Tget_class(a.type.get()) : H5T_NO_CLASS;
  a.count = space.valid() ? H5Sget_simple_extent_npoints(space.get()) : -1;
  return a;
}

}  // namespace

std::optional<std::string> attribute_text(hid_t object, const char* name) {
  const std::optional<OpenAttribute> a = open_attribute(object, name);
  if (!a || a->count != 1) return std::nullopt;
  std::optional<std::string> value;
  if (a->cls == H5T_STRING && H5Tis_variable_str(a->type.get()) > 0) {
    Handle mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(a->type.get()));
    char* s = nullptr;
    if (H5Aread(a->attr.get(), mem.get(), &s) >= 0 && s) {
      value = std::string(s);
      H5free_memory(s);
    }
  } else if (a->cls == H5T_STRING) {
    const size_t size = H5Tget_size(a->type.get());
    if (size > 0 && size <= (size_t{1} << 24)) {
      std::vector<char> buf(size + 1, '\0');
      if (H5Aread(a->attr.get(), a->type.get(), buf.data()) >= 0) value = std::string(buf.data());
    }
  } else if (const auto number = attribute_number(object, name)) {
    std::ostringstream o;
    o.precision(17);
    o << *number;
    value = o.str();
  }
  last_error();
  return value;
}

std::optional<double> attribute_number(hid_t object, const char* name) {
  const std::optional<OpenAttribute> a = open_attribute(object, name);
  double v = 0.0;
  const bool ok = a && (a->cls == H5T_INTEGER || a->cls == H5T_FLOAT) && a->count == 1 &&
                  H5Aread(a->attr.get(), H5T_NATIVE_DOUBLE, &v) >= 0;
  last_error();
  return ok ? std::optional<double>(v) : std::nullopt;
}

}  // namespace vaco::h5
