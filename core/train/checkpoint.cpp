#include "core/train/checkpoint.h"

#include <torch/serialize.h>

#include <filesystem>

#include "core/util/error.h"

namespace vaco::train {

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
  const std::string tmp = path + ".tmp";
  try {
    archive.save_to(tmp);
  } catch (const c10::Error& e) {
    throw Error(path + ": cannot write the checkpoint (" + e.what_without_backtrace() + ")");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(path + ": cannot write the checkpoint (" + ec.message() + ")");
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
  } catch (const c10::Error& e) {
    throw Error(path + ": cannot read the checkpoint (" + e.what_without_backtrace() + ")");
  }
}

}  // namespace vaco::train
