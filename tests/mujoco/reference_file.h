// Reading the raw little-endian float64 files that tests/reference/*_trajectory.py write.
#pragma once
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace vaco::test {

/// Every float64 of the file at `path` (empty when it cannot be read).
inline std::vector<double> read_doubles(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<double> out(bytes.size() / sizeof(double));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(double));
  return out;
}

/// Takes a reference file's values front to back; throws when more are asked than it holds.
class Reader {
 public:
  explicit Reader(std::vector<double> v) : v_(std::move(v)) {}
  /// The next n values.
  std::vector<double> take(size_t n) {
    if (pos_ + n > v_.size()) throw std::runtime_error("trajectory file is too short");
    std::vector<double> out(v_.begin() + long(pos_), v_.begin() + long(pos_ + n));
    pos_ += n;
    return out;
  }
  /// The next value.
  double one() { return take(1)[0]; }
  /// Whether every value was taken.
  bool done() const { return pos_ == v_.size(); }

 private:
  std::vector<double> v_;
  size_t pos_ = 0;
};

}  // namespace vaco::test
