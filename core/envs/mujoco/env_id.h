// How environment ids compare: case, '_' and ' ' aside ("Half_Cheetah-v5" ~ "halfcheetah-v5").
#pragma once
#include <cctype>
#include <string>

namespace vaco {

/// The id lower-cased without '_' and ' ', the key under which two spellings of one id match.
inline std::string env_id_key(const std::string& id) {
  std::string key;
  for (char c : id) {
    if (c != '_' && c != ' ') key += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

}  // namespace vaco
