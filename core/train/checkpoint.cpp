#include "core/train/checkpoint.h"

#include <torch/serialize.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/train/step_files.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

namespace fs = std::filesystem;

// Flushes a file or folder to the disk; false when it cannot be opened or synced.
bool fsync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Saves `archive` to `path` through a synced temporary file and a rename; throws vaco::Error.
void save_archive_atomically(torch::serialize::OutputArchive& archive, const std::string& path, const char* what) {
  const std::string tmp = path + ".tmp";
  try {
    archive.save_to(tmp);
  } catch (const c10::Error& e) {
    throw Error(path + ": cannot write the " + what + " (" + e.what_without_backtrace() + ")");
  }
  if (!fsync_path(tmp, false)) throw Error(path + ": cannot write the " + what + " (fsync failed)");
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw Error(path + ": cannot write the " + what + " (" + ec.message() + ")");
  const fs::path folder = fs::path(path).parent_path();
  (void)fsync_path(folder.empty() ? "." : folder.string(), true);  // the rename itself; best effort
}

}  // namespace

void save_module_file(const torch::nn::Module& module, const std::string& path) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  save_archive_atomically(archive, path, "module");
}

void save_checkpoint(const CheckpointParts& parts, const std::string& path) {
  torch::serialize::OutputArchive archive;
  for (const auto& [name, m] : parts.modules) {
    torch::serialize::OutputArchive sub;
    m->save(sub);
    archive.write("module/" + name, sub);
  }
  for (const auto& [name, o] : parts.optimizers) {
    torch::serialize::OutputArchive sub;
    o->save(sub);
    archive.write("optimizer/" + name, sub);
  }
  for (const auto& [name, g] : parts.generators) archive.write("generator/" + name, g->get_state());
  for (const auto& [name, c] : parts.counters) archive.write("counter/" + name, torch::tensor(*c, torch::kInt64));
  for (const auto& [name, t] : parts.tensors) archive.write("tensor/" + name, *t);
  for (const auto& [name, m] : parts.metrics) {
    torch::serialize::OutputArchive sub;
    m->save(sub);
    archive.write("metrics/" + name, sub);
  }
  save_archive_atomically(archive, path, "checkpoint");
}

void load_checkpoint(const CheckpointParts& parts, const std::string& path, torch::Device device) {
  if (!std::filesystem::exists(path)) throw Error(path + ": no checkpoint");
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path, device);
    for (const auto& [name, m] : parts.modules) {
      torch::serialize::InputArchive sub;
      archive.read("module/" + name, sub);
      m->load(sub);
    }
    for (const auto& [name, o] : parts.optimizers) {
      torch::serialize::InputArchive sub;
      archive.read("optimizer/" + name, sub);
      o->load(sub);
    }
    for (const auto& [name, g] : parts.generators) {
      torch::Tensor state;
      archive.read("generator/" + name, state);
      g->set_state(state);
    }
    for (const auto& [name, c] : parts.counters) {
      torch::Tensor v;
      archive.read("counter/" + name, v);
      *c = v.item<int64_t>();
    }
    for (const auto& [name, t] : parts.tensors) archive.read("tensor/" + name, *t);
    for (const auto& [name, m] : parts.metrics) {
      torch::serialize::InputArchive sub;
      if (archive.try_read("metrics/" + name, sub)) {
        m->load(sub);
      } else {
        (void)m->drain();  // an older checkpoint: no sums in progress
      }
    }
  } catch (const c10::Error& e) {
    throw Error(path + ": cannot read the checkpoint (" + e.what_without_backtrace() + ")");
  } catch (const Error& e) {
    throw Error(path + ": cannot read the checkpoint (" + e.what() + ")");
  }
}

std::string checkpoint_file_name(int64_t step) {
  char name[40];
  std::snprintf(name, sizeof name, "step-%09lld.pt", (long long)step);
  return name;
}

std::vector<std::string> list_checkpoints(const std::string& dir) { return list_step_files(dir, ".pt"); }

std::string load_first_readable(const std::vector<std::string>& candidates,
                                const std::function<void(const std::string&)>& load, std::vector<std::string>& notes,
                                const std::string& what) {
  if (candidates.empty()) throw Error(what + ": no checkpoint to resume from (checkpoints/ is empty)");
  for (size_t i = 0; i < candidates.size(); ++i) {
    try {
      load(candidates[i]);
      return candidates[i];
    } catch (const Error& e) {
      if (i + 1 == candidates.size()) throw;
      const std::string text = e.what();
      notes.push_back(text.substr(0, text.find('\n')) + "; resuming from the older " +
                      fs::path(candidates[i + 1]).filename().string() + " instead");
    }
  }
  return {};
}

void prune_checkpoints(const std::string& dir, int64_t keep) {
  const std::vector<std::string> files = list_checkpoints(dir);
  std::error_code ec;
  for (size_t i = size_t(std::max<int64_t>(keep, 0)); i < files.size(); ++i) fs::remove(files[i], ec);
}

}  // namespace vaco::train
