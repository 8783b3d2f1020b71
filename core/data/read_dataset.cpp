#include "core/data/read_dataset.h"

#include "core/data/minari_reader.h"

namespace vaco {

Dataset read_dataset(const std::string& source, const ReadOptions& options) {
  if (minari_data_file(source)) return read_minari(source, options);
  return read_d4rl(source, options);
}

}  // namespace vaco
