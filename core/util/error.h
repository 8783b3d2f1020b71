// Error types that carry one user-facing line: what is wrong, and where.
#pragma once
#include <stdexcept>
#include <string>
#include <utility>

namespace vaco {

/// A problem with the user's input or environment (bad file, bad setting); the message is one line.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A setting with a bad value: the message is one line, and `key()` names the setting
/// (a dotted TrainConfig key, e.g. "vaco.meta_lr"), so a form can mark the field it came from.
class SettingError : public Error {
 public:
  /// The error `message` about the setting `key`.
  SettingError(std::string key, const std::string& message) : Error(message), key_(std::move(key)) {}
  /// The dotted key of the setting at fault.
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

/// A command line that cannot be parsed or used; CLIs exit with status 2 for it.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace vaco
