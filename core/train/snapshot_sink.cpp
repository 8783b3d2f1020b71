#include "core/train/snapshot_sink.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/analysis/snapshot_json.h"
#include "core/util/error.h"

namespace vaco::train {

namespace fs = std::filesystem;

SnapshotSink::SnapshotSink(const std::string& dir) : dir_(dir) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw Error(dir_ + ": cannot create the snapshot folder (" + ec.message() + ")");
}

std::string SnapshotSink::path_for(int64_t step) const {
  char name[40];
  std::snprintf(name, sizeof(name), "step-%09lld.json", static_cast<long long>(step));
  return (fs::path(dir_) / name).string();
}

void SnapshotSink::on_snapshot(const analysis::AnalysisSnapshot& s) {
  const std::string path = path_for(s.step), tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << analysis::snapshot_to_json(s).dump() << "\n";
    if (!out) throw Error(tmp + ": cannot write the snapshot");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw Error(path + ": cannot write the snapshot (" + ec.message() + ")");
}

}  // namespace vaco::train
