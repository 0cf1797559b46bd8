// The syntax Cerbos 0.55 requires of names, versions and scopes in policy files (its validation
// patterns, as the binary reports them). `\w` is ASCII [A-Za-z0-9_].
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace portcullis::policy {

inline bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

inline bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Resource kinds, principal ids, role names: `^[^!*?\[\]{}]+$` (no glob characters).
bool IsValidPolicySubject(std::string_view name);

// Versions: `^\w+$` (role policies also accept "").
bool IsValidVersion(std::string_view version);

// Scopes: `^(^$|\.|[0-9a-zA-Z][\w\-]*(\.\w[\w\-]*)*)$`, e.g. "", ".", "acme", "acme.hr-uk".
bool IsValidScope(std::string_view scope);

// Names of derived-roles sets, derived roles, export policies and imports: `^[\w\-\.]+$`.
bool IsValidSetName(std::string_view name);

// Rule names: `^([a-zA-Z][\w@.\-]*)*$` (empty = unnamed).
bool IsValidRuleName(std::string_view name);

// Cerbos's pre-0.30 pattern for resource kinds and principal ids,
// `^[A-Za-z][\w@.\-/]*(:[A-Za-z][\w@.\-/]*)*$`; such names are sanitized in policy ids.
bool MatchesLegacyNamePattern(std::string_view name);

}  // namespace portcullis::policy
