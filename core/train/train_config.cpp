#include "core/train/train_config.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <variant>

#include "core/data/normalization.h"
#include "core/util/error.h"

namespace vaco::train {
namespace {

using nlohmann::json;

// A setting: a dotted key and a typed pointer into the config.
using FieldPtr = std::variant<std::string*, int64_t*, uint64_t*, double*, bool*, algos::WeightNormalization*,
                              algos::NoiseDecay*, algos::NoiseTarget*, algos::MetaGradient*>;
using Fields = std::vector<std::pair<std::string, FieldPtr>>;

// Every serialized setting of the config, in file order.
Fields fields_of(TrainConfig& c) {
  return {
      {"algo", &c.algo},
      {"steps", &c.steps},
      {"value_steps", &c.value_steps},
      {"seed", &c.seed},
      {"device", &c.device},
      {"threads", &c.threads},
      {"batch_size", &c.batch_size},
      {"hidden", &c.hidden},
      {"depth", &c.depth},
      {"reward_transform", &c.reward_transform},
      {"log_every", &c.log_every},
      {"eval_every", &c.eval_every},
      {"eval_episodes", &c.eval_episodes},
      {"checkpoint_every", &c.checkpoint_every},
      {"snapshot_every", &c.snapshot_every},
      {"checkpoint_keep", &c.checkpoint_keep},
      {"value.lr", &c.value.lr},
      {"value.gamma", &c.value.gamma},
      {"value.expectile", &c.value.expectile},
      {"value.target_tau", &c.value.target_tau},
      {"vaco.policy_lr", &c.vaco.policy_lr},
      {"vaco.meta_lr", &c.vaco.meta_lr},
      {"vaco.inner_lr", &c.vaco.inner_lr},
      {"vaco.normalization", &c.vaco.normalization},
      {"vaco.standardize_q_input", &c.vaco.standardize_q_input},
      {"vaco.sigma0", &c.vaco.sigma0},
      {"vaco.sigma_end", &c.vaco.sigma_end},
      {"vaco.decay", &c.vaco.decay},
      {"vaco.noise_on", &c.vaco.noise_on},
      {"vaco.normalize_outer_q", &c.vaco.normalize_outer_q},
      {"vaco.q_norm_alpha", &c.vaco.q_norm_alpha},
      {"vaco.reuse_inner_weights", &c.vaco.reuse_inner_weights},
      {"vaco.meta_gradient", &c.vaco.meta_gradient},
      {"vaco.update_critic", &c.vaco.update_critic},
      {"vaco.scorer_use_state", &c.vaco.scorer.use_state},
      {"vaco.scorer_use_value", &c.vaco.scorer.use_value},
      {"vaco.guard.uniform_blend", &c.vaco.guard.uniform_blend},
      {"vaco.guard.kl_penalty", &c.vaco.guard.kl_penalty},
      {"vaco.guard.ess_floor", &c.vaco.guard.ess_floor},
      {"bc.lr", &c.bc.lr},
      {"weighted_bc.lr", &c.weighted_bc.lr},
      {"weighted_bc.awr_beta", &c.weighted_bc.awr_beta},
      {"weighted_bc.awr_clip", &c.weighted_bc.awr_clip},
      {"iql.actor_lr", &c.iql.actor_lr},
      {"iql.beta", &c.iql.beta},
      {"iql.max_weight", &c.iql.max_weight},
      {"iql.update_critic", &c.iql.update_critic},
      {"iql.actor_lr_cosine", &c.iql.actor_lr_cosine},
      {"td3bc.actor_lr", &c.td3bc.actor_lr},
      {"td3bc.critic_lr", &c.td3bc.critic_lr},
      {"td3bc.gamma", &c.td3bc.gamma},
      {"td3bc.tau", &c.td3bc.tau},
      {"td3bc.alpha", &c.td3bc.alpha},
      {"td3bc.policy_noise", &c.td3bc.policy_noise},
      {"td3bc.noise_clip", &c.td3bc.noise_clip},
      {"td3bc.policy_freq", &c.td3bc.policy_freq},
  };
}

// Names of the enum values, as the files and --set spell them.
template <class E>
const std::vector<std::pair<E, std::string>>& enum_names();
template <>
const std::vector<std::pair<algos::WeightNormalization, std::string>>& enum_names() {
  static const std::vector<std::pair<algos::WeightNormalization, std::string>> v{
      {algos::WeightNormalization::SigmoidMean, "sigmoid-mean"},
      {algos::WeightNormalization::SoftmaxBatch, "softmax"},
      {algos::WeightNormalization::Sigmoid, "none"},
      {algos::WeightNormalization::Ones, "ones"}};
  return v;
}
template <>
const std::vector<std::pair<algos::NoiseDecay, std::string>>& enum_names() {
  static const std::vector<std::pair<algos::NoiseDecay, std::string>> v{
      {algos::NoiseDecay::Linear, "linear"}, {algos::NoiseDecay::Exponential, "exp"}, {algos::NoiseDecay::Cosine, "cosine"}};
  return v;
}
template <>
const std::vector<std::pair<algos::NoiseTarget, std::string>>& enum_names() {
  static const std::vector<std::pair<algos::NoiseTarget, std::string>> v{{algos::NoiseTarget::Action, "action"},
                                                                          {algos::NoiseTarget::State, "state"}};
  return v;
}
template <>
const std::vector<std::pair<algos::MetaGradient, std::string>>& enum_names() {
  static const std::vector<std::pair<algos::MetaGradient, std::string>> v{
      {algos::MetaGradient::ForwardMode, "forward"}, {algos::MetaGradient::DoubleBackward, "double-backward"}};
  return v;
}

template <class E>
std::string enum_to_string(E e) {
  for (const auto& [v, n] : enum_names<E>())
    if (v == e) return n;
  return "?";
}

template <class E>
E enum_from_string(const std::string& key, const std::string& s) {
  std::string expected;
  for (const auto& [v, n] : enum_names<E>()) {
    if (n == s) return v;
    expected += (expected.empty() ? "" : ", ") + n;
  }
  throw Error("setting " + key + ": unknown value '" + s + "' (expected " + expected + ")");
}

// The field's value as JSON.
json field_to_json(const FieldPtr& f) {
  return std::visit(
      [](auto* p) -> json {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_enum_v<T>) {
          return enum_to_string(*p);
        } else {
          return *p;
        }
      },
      f);
}

std::string type_name(const FieldPtr& f) {
  return std::visit(
      [](auto* p) -> std::string {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::string> || std::is_enum_v<T>) return "a string";
        else if constexpr (std::is_same_v<T, bool>) return "true or false";
        else if constexpr (std::is_same_v<T, double>) return "a number";
        else if constexpr (std::is_same_v<T, uint64_t>) return "a non-negative integer";
        else return "an integer";
      },
      f);
}

// Sets the field from JSON; throws vaco::Error naming the key on a type mismatch.
void field_from_json(const std::string& key, const FieldPtr& f, const json& v) {
  const auto bad = [&] { return Error("setting " + key + " must be " + type_name(f) + ", got " + v.dump()); };
  std::visit(
      [&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::string>) {
          if (!v.is_string()) throw bad();
          *p = v.get<std::string>();
        } else if constexpr (std::is_enum_v<T>) {
          if (!v.is_string()) throw bad();
          *p = enum_from_string<T>(key, v.get<std::string>());
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!v.is_boolean()) throw bad();
          *p = v.get<bool>();
        } else if constexpr (std::is_same_v<T, double>) {
          if (!v.is_number()) throw bad();
          *p = v.get<double>();
        } else if constexpr (std::is_same_v<T, uint64_t>) {
          if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0))
            throw bad();
          *p = v.get<uint64_t>();
        } else {
          if (!v.is_number_integer()) throw bad();
          *p = v.get<int64_t>();
        }
      },
      f);
}

// Flattens nested objects into dotted keys.
void flatten(const json& j, const std::string& prefix, std::map<std::string, json>& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object()) flatten(*it, key, out);
    else out[key] = *it;
  }
}

// Parses an override's text as the field's JSON value.
json parse_override_value(const std::string& key, const FieldPtr& f, const std::string& text) {
  return std::visit(
      [&](auto* p) -> json {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::string> || std::is_enum_v<T>) {
          return text;
        } else if constexpr (std::is_same_v<T, bool>) {
          if (text == "true" || text == "1") return true;
          if (text == "false" || text == "0") return false;
          throw Error("setting " + key + " must be true or false, got '" + text + "'");
        } else {
          json v = json::parse(text, nullptr, false);
          if (v.is_discarded() || !v.is_number())
            throw Error("setting " + key + " must be " + type_name(f) + ", got '" + text + "'");
          return v;
        }
      },
      f);
}

void require_at_least(const std::string& name, int64_t value, int64_t lo) {
  if (value < lo) throw Error(name + " must be >= " + std::to_string(lo) + ", got " + std::to_string(value));
}

}  // namespace

const std::vector<std::string>& algorithm_names() {
  static const std::vector<std::string> names{"vaco", "bc", "bc-recip", "awr", "iql", "td3bc"};
  return names;
}

bool TrainConfig::needs_value_phase() const {
  return algo == "vaco" || algo == "bc-recip" || algo == "awr" || algo == "iql";
}

void TrainConfig::validate() const {
  const auto& names = algorithm_names();
  if (std::find(names.begin(), names.end(), algo) == names.end())
    throw Error("unknown algorithm '" + algo + "' (expected vaco, bc, bc-recip, awr, iql or td3bc)");
  require_at_least("steps", steps, 0);
  require_at_least("value_steps", value_steps, 0);
  require_at_least("threads", threads, 1);
  require_at_least("batch_size", batch_size, 1);
  require_at_least("hidden", hidden, 1);
  require_at_least("depth", depth, 1);
  require_at_least("log_every", log_every, 1);
  require_at_least("eval_every", eval_every, 0);
  require_at_least("eval_episodes", eval_episodes, 0);
  require_at_least("checkpoint_every", checkpoint_every, 0);
  require_at_least("snapshot_every", snapshot_every, 0);
  require_at_least("checkpoint_keep", checkpoint_keep, 1);
  if (reward_transform != "auto") (void)parse_reward_transform(reward_transform);
  if (needs_value_phase()) value.validate();
  if (algo == "vaco") {
    algos::VacoConfig v = vaco;
    v.schedule_steps = std::max<int64_t>(1, steps);
    v.validate();
  }
  if (algo == "bc") bc.validate();
  if (algo == "bc-recip" || algo == "awr") weighted_bc.validate();
  if (algo == "iql") iql.validate();
  if (algo == "td3bc") td3bc.validate();
  (void)resolve_device(device);
}

json config_to_json(const TrainConfig& config) {
  TrainConfig copy = config;
  json j = json::object();
  for (const auto& [key, field] : fields_of(copy)) j[json::json_pointer("/" + [&] {
    std::string p = key;
    std::replace(p.begin(), p.end(), '.', '/');
    return p;
  }())] = field_to_json(field);
  return j;
}

TrainConfig config_from_json(const json& j) {
  if (!j.is_object()) throw Error("config must be a JSON object");
  std::map<std::string, json> flat;
  flatten(j, "", flat);
  TrainConfig c;
  const Fields fields = fields_of(c);
  for (const auto& [key, value] : flat) {
    const auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
    if (it == fields.end()) throw Error("unknown setting '" + key + "'");
    field_from_json(key, it->second, value);
  }
  return c;
}

TrainConfig load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open the config file");
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(path + ": not valid JSON");
  try {
    return config_from_json(j);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

void save_config(const TrainConfig& config, const std::string& path) {
  std::ofstream out(path);
  out << config_to_json(config).dump(2) << "\n";
  if (!out) throw Error(path + ": cannot write the config file");
}

void apply_override(TrainConfig& config, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error("--set expects key=value, got '" + assignment + "'");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  const Fields fields = fields_of(config);
  const auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
  if (it == fields.end()) throw Error("unknown setting '" + key + "'");
  field_from_json(key, it->second, parse_override_value(key, it->second, text));
}

torch::Device resolve_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
    int64_t index = 0;
    if (name.size() > 5) {
      const std::string digits = name.substr(5);
      if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit) || digits.size() > 4)
        throw Error("bad device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
      index = std::stoll(digits);
    }
    if (!torch::cuda::is_available()) throw Error("device " + name + " asked for, but CUDA is not available");
    const int64_t count = int64_t(torch::cuda::device_count());
    if (index >= count)
      throw Error("device " + name + " asked for, but only " + std::to_string(count) + " CUDA device(s) exist");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  throw Error("bad device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
}

}  // namespace vaco::train
