// Error types that carry one user-facing line: what is wrong, and where.
#pragma once
#include <stdexcept>
#include <string>

namespace vaco {

/// A problem with the user's input or environment (bad file, bad setting); the message is one line.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A command line that cannot be parsed or used; CLIs exit with status 2 for it.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace vaco
