// Command lines for a POSIX shell: one argument quoted so that the shell reads it back as is.
#pragma once
#include <string>

namespace vaco {

/// `s` as one shell word: plain words as they are, anything else in single quotes.
std::string shell_quote(const std::string& s);

}  // namespace vaco
