#include "policy/name_syntax.h"

namespace portcullis::policy {
bool IsValidPolicySubject(std::string_view name) {
  return !name.empty() && name.find_first_of("!*?[]{}") == std::string_view::npos;
}

bool IsValidVersion(std::string_view version) {
  if (version.empty()) return false;
  for (char c : version) {
    if (!IsWordChar(c)) return false;
  }
  return true;
}

bool IsValidScope(std::string_view scope) {
  if (scope.empty() || scope == ".") return true;
  bool segment_start = true;
  bool first_segment = true;
  for (char c : scope) {
    if (segment_start) {
      // The first segment may not start with '_'; later ones may.
      bool ok = first_segment ? (IsAsciiLetter(c) || (c >= '0' && c <= '9')) : IsWordChar(c);
      if (!ok) return false;
      segment_start = false;
    } else if (c == '.') {
      segment_start = true;
      first_segment = false;
    } else if (!IsWordChar(c) && c != '-') {
      return false;
    }
  }
  return !segment_start;
}

bool IsValidSetName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsWordChar(c) && c != '-' && c != '.') return false;
  }
  return true;
}

bool IsValidRuleName(std::string_view name) {
  if (name.empty()) return true;
  if (!IsAsciiLetter(name.front())) return false;
  for (char c : name.substr(1)) {
    if (!IsWordChar(c) && c != '@' && c != '.' && c != '-') return false;
  }
  return true;
}

bool MatchesLegacyNamePattern(std::string_view name) {
  bool segment_start = true;
  for (char c : name) {
    if (segment_start) {
      if (!IsAsciiLetter(c)) return false;
      segment_start = false;
    } else if (c == ':') {
      segment_start = true;
    } else if (!IsWordChar(c) && c != '@' && c != '.' && c != '-' && c != '/') {
      return false;
    }
  }
  return !segment_start;
}

}  // namespace portcullis::policy
