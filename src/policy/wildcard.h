// Cerbos's wildcard matching of actions and resource kinds in rules (verified against 0.55.0).
//
// A pattern without '*' matches only itself: "a?" or "{a,b}" are plain names. A pattern with '*'
// is a glob whose segments are separated by ':': `*` matches any run of characters without ':'
// (possibly empty) — except that the pattern "*" alone matches everything —, `**` any run at all,
// `?` one character other than ':', `[abc]`, `[a-z]` and
// `[!abc]` one character of (not of) a class, `{x,y}` one of the alternatives, `\c` the character
// c. So `*` matches every action, `view:*` matches "view:x" but neither "view" nor "view:x:y", and
// `a:**` matches "a:b:c".
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace portcullis::policy {

// Whether `pattern` is a glob (contains '*') rather than a plain name.
inline bool IsWildcardPattern(std::string_view pattern) {
  return pattern.find('*') != std::string_view::npos;
}

// Whether `text` matches `pattern` (plain names match by equality).
bool WildcardMatches(std::string_view pattern, std::string_view text);

}  // namespace portcullis::policy
