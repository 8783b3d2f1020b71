// Reading HDF5 datasets stored raw (unfiltered, little-endian numbers) straight from a memory
// map of their file: HDF5 says where each chunk lies, the copy and conversion need no HDF5 call,
// so many small datasets can be read in parallel.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vaco::h5 {

/// A read-only memory map of a whole file.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  ~MappedFile();

  /// Maps the HDF5 file open as `file` at `path`; empty when it cannot be mapped or when HDF5's
  /// addresses are not plain file offsets (a user block before the superblock).
  static std::optional<MappedFile> for_raw_reads(hid_t file, const std::string& path);

  /// The file's bytes.
  const unsigned char* data() const { return data_; }
  /// The file's size in bytes.
  uint64_t size() const { return size_; }

 private:
  const unsigned char* data_ = nullptr;
  uint64_t size_ = 0;
};

/// One stored block of a dataset: its bytes in the file and the first row and column it holds.
struct RawPiece {
  uint64_t offset = 0;
  uint64_t bytes = 0;
  uint64_t row = 0, col = 0;
};

/// Where a 1-d or 2-d dataset's values lie in its file and how they are stored.
struct RawLayout {
  enum class Number { Float, Signed, Unsigned };
  Number number = Number::Float;
  size_t width = 0;                      ///< bytes per value
  uint64_t rows = 0, cols = 1;           ///< the dataset's shape (1-d: cols 1)
  uint64_t piece_rows = 0, piece_cols = 1;  ///< the shape of every piece (a chunk, or the whole array)
  std::vector<RawPiece> pieces;
};

/// The raw layout of a dataset stored contiguously or in unfiltered, allocated chunks, as
/// little-endian floats, integers or an integer enum (h5py's bool); empty for anything else
/// (compression, fill values, big-endian or compound types), which H5Dread must read.
std::optional<RawLayout> raw_layout(hid_t dataset);

/// Copies rows [first_row, first_row + rows) of a dataset as float32 into `out`, row i of them
/// at out + i * out_stride (out_stride >= cols), from its mapped file; false when a piece lies
/// beyond the end of the file (a truncated file). Calls no HDF5 function: safe on any thread.
bool copy_rows_as_float(const MappedFile& file, const RawLayout& layout, uint64_t first_row, uint64_t rows,
                        float* out, uint64_t out_stride);

}  // namespace vaco::h5
