#include "core/data/h5_write.h"

#include <algorithm>
#include <vector>

namespace vaco::h5 {

Handle bool_enum_type() {
  Handle e(H5Tenum_create(H5T_NATIVE_INT8));
  const int8_t no = 0, yes = 1;
  H5Tenum_insert(e.get(), "FALSE", &no);
  H5Tenum_insert(e.get(), "TRUE", &yes);
  return e;
}

Handle intermediate_groups() {
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE));
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  return lcpl;
}

std::string write_tensor(hid_t parent, const std::string& key, const torch::Tensor& t, hid_t file_type,
                         hid_t mem_type, int gzip_level, hid_t lcpl) {
  std::vector<hsize_t> dims;
  for (int64_t i = 0; i < t.dim(); ++i) dims.push_back(hsize_t(t.size(i)));
  Handle space(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(int(dims.size()), dims.data(), nullptr));
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE));
  H5Pset_obj_track_times(dcpl.get(), false);
  if (gzip_level > 0 && t.numel() > 0 && !dims.empty()) {
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::min<hsize_t>(dims[0], 16384);
    H5Pset_chunk(dcpl.get(), int(chunk.size()), chunk.data());
    H5Pset_deflate(dcpl.get(), unsigned(std::min(gzip_level, 9)));
  }
  Handle ds(H5Dcreate2(parent, key.c_str(), file_type, space.get(), lcpl, dcpl.get(), H5P_DEFAULT));
  if (!ds.valid()) return "cannot create dataset (" + last_error() + ")";
  if (t.numel() > 0 && H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.data_ptr()) < 0) {
    return "cannot write data (" + last_error() + ")";
  }
  return "";
}

Handle create_group(hid_t parent, const std::string& name, hid_t lcpl) {
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE));
  H5Pset_obj_track_times(gcpl.get(), false);
  return Handle(H5Gcreate2(parent, name.c_str(), lcpl, gcpl.get(), H5P_DEFAULT));
}

namespace {

std::string write_scalar_attribute(hid_t object, const char* name, hid_t file_type, hid_t mem_type,
                                   const void* value) {
  Handle space(H5Screate(H5S_SCALAR));
  Handle attr(H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!attr.valid() || H5Awrite(attr.get(), mem_type, value) < 0) {
    return "cannot write attribute '" + std::string(name) + "' (" + last_error() + ")";
  }
  return "";
}

}  // namespace

std::string write_text_attribute(hid_t object, const char* name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), std::max<size_t>(1, value.size()));
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  return write_scalar_attribute(object, name, type.get(), type.get(), padded.data());
}

std::string write_int_attribute(hid_t object, const char* name, int64_t value) {
  return write_scalar_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

std::string write_double_attribute(hid_t object, const char* name, double value) {
  return write_scalar_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

}  // namespace vaco::h5
