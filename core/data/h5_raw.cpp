#include "core/data/h5_raw.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "core/data/h5_util.h"

namespace vaco::h5 {

// ---- the mapped file -----------------------------------------------------------------------

MappedFile::MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_) {
  o.data_ = nullptr;
  o.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (data_) munmap(const_cast<unsigned char*>(data_), size_);
    data_ = o.data_;
    size_ = o.size_;
    o.data_ = nullptr;
    o.size_ = 0;
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_) munmap(const_cast<unsigned char*>(data_), size_);
}

std::optional<MappedFile> MappedFile::for_raw_reads(hid_t file, const std::string& path) {
  Handle fcpl(H5Fget_create_plist(file));
  hsize_t user_block = 1;
  if (!fcpl.valid() || H5Pget_userblock(fcpl.get(), &user_block) < 0 || user_block != 0) {
    last_error();
    return std::nullopt;
  }
  Handle fapl(H5Fget_access_plist(file));
  if (!fapl.valid() || H5Pget_driver(fapl.get()) != H5FD_SEC2) {
    last_error();
    return std::nullopt;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  MappedFile m;
  if (fstat(fd, &st) == 0 && st.st_size > 0) {
    void* p = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      m.data_ = static_cast<const unsigned char*>(p);
      m.size_ = uint64_t(st.st_size);
    }
  }
  ::close(fd);
  if (!m.data_) return std::nullopt;
  return m;
}

// ---- layouts -------------------------------------------------------------------------------

namespace {

// The number kind and width of a little-endian float, integer or integer-enum type; false for
// any other type, and on a big-endian host.
bool raw_number(hid_t type, RawLayout& layout) {
  if (H5Tequal(H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE) <= 0 || H5Tequal(H5T_NATIVE_INT, H5T_STD_I32LE) <= 0) return false;
  H5T_class_t cls = H5Tget_class(type);
  Handle super;
  if (cls == H5T_ENUM) {
    super = Handle(H5Tget_super(type));
    if (!super.valid()) return false;
    type = super.get();
    cls = H5Tget_class(type);
  }
  layout.width = H5Tget_size(type);
  if (cls == H5T_FLOAT) {
    layout.number = RawLayout::Number::Float;
    return H5Tequal(type, H5T_IEEE_F32LE) > 0 || H5Tequal(type, H5T_IEEE_F64LE) > 0;
  }
  if (cls != H5T_INTEGER || H5Tget_order(type) != H5T_ORDER_LE) return false;
  if (layout.width != 1 && layout.width != 2 && layout.width != 4 && layout.width != 8) return false;
  layout.number = H5Tget_sign(type) == H5T_SGN_NONE ? RawLayout::Number::Unsigned : RawLayout::Number::Signed;
  return true;
}

// Every chunk of an unfiltered chunked dataset, each allocated at its full size; false otherwise.
bool chunk_pieces(hid_t dataset, hid_t dcpl, int rank, RawLayout& layout) {
#if H5_VERSION_GE(1, 10, 5)
  if (H5Pget_nfilters(dcpl) != 0) return false;
  hsize_t chunk[2] = {0, 1};
  if (H5Pget_chunk(dcpl, rank, chunk) != rank || chunk[0] == 0 || chunk[1] == 0) return false;
  layout.piece_rows = chunk[0];
  layout.piece_cols = rank == 2 ? chunk[1] : 1;
  const uint64_t bytes = layout.piece_rows * layout.piece_cols * layout.width;
  for (uint64_t r = 0; r < layout.rows; r += layout.piece_rows) {
    for (uint64_t c = 0; c < layout.cols; c += layout.piece_cols) {
      hsize_t coord[2] = {r, c};
      unsigned filter_mask = 0;
      haddr_t addr = HADDR_UNDEF;
      hsize_t size = 0;
      if (H5Dget_chunk_info_by_coord(dataset, coord, &filter_mask, &addr, &size) < 0 || addr == HADDR_UNDEF ||
          size != bytes) {
        last_error();
        return false;
      }
      layout.pieces.push_back({uint64_t(addr), bytes, r, c});
    }
  }
  return true;
#else
  (void)dataset, (void)dcpl, (void)rank, (void)layout;
  return false;
#endif
}

}  // namespace

std::optional<RawLayout> raw_layout(hid_t dataset) {
  RawLayout layout;
  Handle type(H5Dget_type(dataset));
  if (!type.valid() || !raw_number(type.get(), layout)) return std::nullopt;
  Handle space(H5Dget_space(dataset));
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank != 1 && rank != 2) return std::nullopt;
  hsize_t dims[2] = {0, 1};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  layout.rows = dims[0];
  layout.cols = rank == 2 ? dims[1] : 1;
  if (layout.rows * layout.cols == 0) return layout;
  Handle dcpl(H5Dget_create_plist(dataset));
  if (!dcpl.valid()) return std::nullopt;
  const H5D_layout_t kind = H5Pget_layout(dcpl.get());
  if (kind == H5D_CONTIGUOUS) {
    const haddr_t addr = H5Dget_offset(dataset);
    if (addr == HADDR_UNDEF) {
      last_error();
      return std::nullopt;
    }
    layout.piece_rows = layout.rows;
    layout.piece_cols = layout.cols;
    layout.pieces.push_back({uint64_t(addr), layout.rows * layout.cols * layout.width, 0, 0});
    return layout;
  }
  if (kind == H5D_CHUNKED && chunk_pieces(dataset, dcpl.get(), rank, layout)) return layout;
  return std::nullopt;
}

// ---- copies --------------------------------------------------------------------------------

namespace {

using Convert = void (*)(const unsigned char* src, float* dst, uint64_t n);

template <typename T>
void convert(const unsigned char* src, float* dst, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, src + i * sizeof(T), sizeof(T));
    dst[i] = float(v);
  }
}

// The converter of an integer type of `width` bytes, from the four widths' types.
template <typename T1, typename T2, typename T4, typename T8>
Convert integer_converter(size_t width) {
  switch (width) {
    case 1: return convert<T1>;
    case 2: return convert<T2>;
    case 4: return convert<T4>;
    default: return convert<T8>;
  }
}

Convert converter(const RawLayout& layout) {
  switch (layout.number) {
    case RawLayout::Number::Float: return layout.width == 8 ? convert<double> : convert<float>;
    case RawLayout::Number::Signed: return integer_converter<int8_t, int16_t, int32_t, int64_t>(layout.width);
    case RawLayout::Number::Unsigned: return integer_converter<uint8_t, uint16_t, uint32_t, uint64_t>(layout.width);
  }
  return nullptr;
}

}  // namespace

bool copy_rows_as_float(const MappedFile& file, const RawLayout& layout, uint64_t first_row, uint64_t rows,
                        float* out, uint64_t out_stride) {
  const Convert conv = converter(layout);
  const uint64_t end_row = std::min(first_row + rows, layout.rows);
  for (const RawPiece& p : layout.pieces) {
    if (p.offset > file.size() || p.bytes > file.size() - p.offset) return false;
    const uint64_t r0 = std::max(p.row, first_row), r1 = std::min(p.row + layout.piece_rows, end_row);
    const uint64_t c0 = p.col, c1 = std::min(p.col + layout.piece_cols, layout.cols);
    if (r0 >= r1 || c0 >= c1) continue;
    const unsigned char* src = file.data() + p.offset;
    if (c0 == 0 && c1 == layout.cols && layout.piece_cols == layout.cols && out_stride == layout.cols) {
      conv(src + (r0 - p.row) * layout.cols * layout.width, out + (r0 - first_row) * out_stride, (r1 - r0) * layout.cols);
      continue;
    }
    for (uint64_t r = r0; r < r1; ++r) {
      conv(src + ((r - p.row) * layout.piece_cols) * layout.width, out + (r - first_row) * out_stride + c0, c1 - c0);
    }
  }
  return true;
}

}  // namespace vaco::h5
