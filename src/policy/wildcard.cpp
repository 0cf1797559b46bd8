#include "policy/wildcard.h"

#include <string>

namespace portcullis::policy {
namespace {

constexpr char kSeparator = ':';

// Matches `c` against the class body between '[' and ']' (exclusive).
bool ClassMatches(std::string_view body, char c) {
  bool negated = !body.empty() && body[0] == '!';
  if (negated) body.remove_prefix(1);
  bool found = false;
  for (size_t i = 0; i < body.size(); ++i) {
    if (i + 2 < body.size() && body[i + 1] == '-') {
      found |= body[i] <= c && c <= body[i + 2];
      i += 2;
    } else {
      found |= body[i] == c;
    }
  }
  return found != negated;
}

// The index just past the '}' (or ']') closing the group opened at `open`, or npos.
size_t GroupEnd(std::string_view p, size_t open, char opener, char closer) {
  int depth = 0;
  for (size_t i = open; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
    } else if (p[i] == opener) {
      ++depth;
    } else if (p[i] == closer && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

bool GlobMatches(std::string_view p, std::string_view t) {
  while (!p.empty()) {
    switch (p[0]) {
      case '*': {
        bool super = p.size() > 1 && p[1] == '*';
        while (!p.empty() && p[0] == '*') p.remove_prefix(1);
        for (size_t i = 0; i <= t.size(); ++i) {
          if (GlobMatches(p, t.substr(i))) return true;
          if (!super && i < t.size() && t[i] == kSeparator) return false;
        }
        return false;
      }
      case '?':
        if (t.empty() || t[0] == kSeparator) return false;
        p.remove_prefix(1);
        t.remove_prefix(1);
        break;
      case '[': {
        size_t end = GroupEnd(p, 0, '[', ']');
        if (end == std::string_view::npos)
          return !t.empty() && t[0] == '[' && GlobMatches(p.substr(1), t.substr(1));
        if (t.empty() || !ClassMatches(p.substr(1, end - 2), t[0])) return false;
        p.remove_prefix(end);
        t.remove_prefix(1);
        break;
      }
      case '{': {
        size_t end = GroupEnd(p, 0, '{', '}');
        if (end == std::string_view::npos) {
          if (t.empty() || t[0] != '{') return false;
          p.remove_prefix(1);
          t.remove_prefix(1);
          break;
        }
        std::string_view body = p.substr(1, end - 2);
        std::string_view rest = p.substr(end);
        // Try each top-level alternative followed by the rest of the pattern.
        size_t start = 0;
        int depth = 0;
        for (size_t i = 0; i <= body.size(); ++i) {
          if (i < body.size() && body[i] == '\\') {
            ++i;
            continue;
          }
          if (i < body.size() && body[i] == '{') ++depth;
          if (i < body.size() && body[i] == '}') --depth;
          if (i == body.size() || (body[i] == ',' && depth == 0)) {
            std::string candidate(body.substr(start, i - start));
            candidate += rest;
            if (GlobMatches(candidate, t)) return true;
            start = i + 1;
          }
        }
        return false;
      }
      case '\\':
        if (p.size() > 1) p.remove_prefix(1);
        [[fallthrough]];
      default:
        if (t.empty() || t[0] != p[0]) return false;
        p.remove_prefix(1);
        t.remove_prefix(1);
    }
  }
  return t.empty();
}

}  // namespace

bool WildcardMatches(std::string_view pattern, std::string_view text) {
  if (!IsWildcardPattern(pattern)) return pattern == text;
  if (pattern == "*") return true;  // Cerbos's "any action", separators included
  return GlobMatches(pattern, text);
}

}  // namespace portcullis::policy
