#include "core/train/config_fields.h"

#include <algorithm>
#include <fstream>
#include <map>

#include "core/util/error.h"

namespace vaco::train {
namespace {

using nlohmann::json;

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
      {algos::MetaGradient::ForwardMode, "forward"},
      {algos::MetaGradient::DoubleBackward, "double-backward"},
      {algos::MetaGradient::Diagonal, "diagonal"},
      {algos::MetaGradient::Difference, "difference"}};
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
  throw SettingError(key, "setting " + key + ": unknown value '" + s + "' (expected " + expected + ")");
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
  const auto bad = [&] { return SettingError(key, "setting " + key + " must be " + type_name(f) + ", got " + v.dump()); };
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
          throw SettingError(key, "setting " + key + " must be true or false, got '" + text + "'");
        } else {
          json v = json::parse(text, nullptr, false);
          if (v.is_discarded() || !v.is_number())
            throw SettingError(key, "setting " + key + " must be " + type_name(f) + ", got '" + text + "'");
          return v;
        }
      },
      f);
}


// The field called `key`; throws vaco::Error when there is none.
const FieldPtr& find_field(const Fields& fields, const std::string& key) {
  const auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
  if (it == fields.end()) throw SettingError(key, "unknown setting '" + key + "'");
  return it->second;
}

}  // namespace

json fields_to_json(const Fields& fields) {
  json j = json::object();
  for (const auto& [key, field] : fields) {
    std::string pointer = "/" + key;
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    j[json::json_pointer(pointer)] = field_to_json(field);
  }
  return j;
}

void fields_from_json(const Fields& fields, const json& j) {
  if (!j.is_object()) throw Error("config must be a JSON object");
  std::map<std::string, json> flat;
  flatten(j, "", flat);
  for (const auto& [key, value] : flat) field_from_json(key, find_field(fields, key), value);
}

void apply_field_override(const Fields& fields, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw Error("--set expects key=value, got '" + assignment + "'");
  const std::string key = assignment.substr(0, eq);
  const FieldPtr& field = find_field(fields, key);
  field_from_json(key, field, parse_override_value(key, field, assignment.substr(eq + 1)));
}

void require_at_least(const std::string& name, int64_t value, int64_t lo) {
  if (value < lo) throw SettingError(name, name + " must be >= " + std::to_string(lo) + ", got " + std::to_string(value));
}

json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open the file");
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(path + ": not valid JSON");
  return j;
}

void write_json_file(const json& j, const std::string& path) {
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  if (!out) throw Error(path + ": cannot write the file");
}

}  // namespace vaco::train
