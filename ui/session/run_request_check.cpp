// The only GUI translation unit (with dataset_service.cpp) that builds TrainConfigs; core
// headers come before any Qt header (Qt's `slots` macro breaks torch's headers).
#include <torch/cuda.h>

#include <algorithm>
#include <exception>

#include "core/train/algorithms.h"
#include "core/train/config_notes.h"
#include "core/train/train_config.h"
#include "core/util/cuda_backend.h"
#include "core/util/error.h"

#include "ui/session/run_request_check.h"
#include "ui/session/run_request_config.h"

namespace vaco::ui {

train::TrainConfig toTrainConfig(const RunRequest& request) {
  train::TrainConfig config;
  for (const QString& o : runOverrides(request)) train::apply_override(config, o.toStdString());
  config.validate();
  return config;
}

RunRequestProblem checkRunRequest(const RunRequest& request) {
  try {
    (void)toTrainConfig(request);
    return {};
  } catch (const SettingError& e) {
    return {QString::fromStdString(e.what()), QString::fromStdString(e.key())};
  } catch (const std::exception& e) {
    return {QString::fromStdString(e.what()), {}};
  } catch (...) {
    return {QStringLiteral("the run settings could not be checked"), {}};
  }
}

QStringList runRequestNotes(const RunRequest& request) {
  QStringList notes;
  try {
    for (const std::string& n : train::config_notes(toTrainConfig(request))) notes << QString::fromStdString(n);
  } catch (const std::exception&) {
    // checkRunRequest names what is wrong; an invalid request has no notes.
  }
  return notes;
}

QStringList availableDevices() {
  QStringList devices{"auto", "cpu"};
  if (cuda_available()) {
    const int count = int(torch::cuda::device_count());
    for (int i = 0; i < count; ++i) devices << QStringLiteral("cuda:%1").arg(i);
  }
  return devices;
}

QStringList availableAlgorithms() {
  QStringList names;
  for (const auto& spec : train::algorithms()) names << QString::fromStdString(spec.name);
  return names;
}

bool algorithmLearnsWeights(const QString& algo) {
  const train::AlgoSpec* spec = train::find_algorithm(algo.toStdString());
  return spec && spec->learned_weights;
}

QString defaultAlgorithm() { return QString::fromStdString(train::algorithms().front().name); }

QString algorithmLabel(const QString& algo) {
  const train::AlgoSpec* spec = train::find_algorithm(algo.toStdString());
  return spec ? QString::fromStdString(spec->label) : algo;
}

QString policyLossText(const QString& algo) {
  const train::AlgoSpec* spec = train::find_algorithm(algo.toStdString());
  return spec ? QString::fromStdString(spec->policy_loss) : QString();
}

QString settingDefault(const QString& key) {
  if (key.isEmpty()) return {};
  static const nlohmann::json defaults = train::config_to_json(train::TrainConfig{});
  std::string pointer = "/" + key.toStdString();
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  try {
    const nlohmann::json::json_pointer ptr(pointer);
    if (!defaults.contains(ptr)) return {};
    const nlohmann::json& value = defaults.at(ptr);
    if (value.is_object()) return {};
    if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    return QString::fromStdString(value.dump());
  } catch (const std::exception&) {
    return {};  // not a valid key (e.g. a stray '~')
  }
}

}  // namespace vaco::ui
