// Cerbos's path functions, with Go's path/filepath semantics on Linux (lexical only; absPath and
// pathHasPrefix resolve relative paths against the process's working directory, as Cerbos does).
#include <unistd.h>

#include <climits>
#include <string>
#include <vector>

#include "cel/lib/cerbos_parts.h"
#include "cel/lib/lib_util.h"
#include "cel/utf8.h"

namespace portcullis::cel::cerbos {

namespace {

// filepath.Clean: collapses "//", "." and "x/.." lexically; "" becomes ".".
std::string Clean(std::string_view path) {
  const bool rooted = !path.empty() && path[0] == '/';
  std::vector<std::string_view> parts;
  for (std::string_view part : lib::SplitN(path, "/", -1)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
        continue;
      }
      if (rooted) continue;  // ".." at the root stays at the root
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out.empty() ? "." : out;
}

// filepath.Join: the non-empty elements joined with "/" and cleaned; "" when all are empty.
std::string Join(const std::vector<std::string_view>& elements) {
  std::string joined;
  for (std::string_view e : elements) {
    if (e.empty()) continue;
    if (!joined.empty()) joined += '/';
    joined += e;
  }
  return joined.empty() ? "" : Clean(joined);
}

std::string Base(std::string_view path) {
  if (path.empty()) return ".";
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path == "/") return "/";
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string Dir(std::string_view path) {
  size_t slash = path.rfind('/');
  return Clean(slash == std::string_view::npos ? "" : path.substr(0, slash + 1));
}

std::string Ext(std::string_view path) {
  for (size_t i = path.size(); i > 0 && path[i - 1] != '/'; --i) {
    if (path[i - 1] == '.') return std::string(path.substr(i - 1));
  }
  return "";
}

std::string Abs(std::string_view path) {
  if (!path.empty() && path[0] == '/') return Clean(path);
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof cwd) == nullptr) return Clean(path);
  return Join({cwd, path});
}

// filepath.Rel: a path to `target` relative to `base`; nullopt when there is none (one path is
// absolute and the other not, or `base` climbs above what `target` shares with it).
std::optional<std::string> Rel(std::string_view base_path, std::string_view target_path) {
  std::string base = Clean(base_path);
  std::string target = Clean(target_path);
  if (base == target) return ".";
  if (base == ".") base.clear();
  const bool base_rooted = !base.empty() && base[0] == '/';
  const bool target_rooted = !target.empty() && target[0] == '/';
  if (base_rooted != target_rooted) return std::nullopt;
  auto parts = [](std::string_view p) {
    std::vector<std::string_view> out;
    for (std::string_view part : lib::SplitN(p, "/", -1)) {
      if (!part.empty()) out.push_back(part);
    }
    return out;
  };
  std::vector<std::string_view> b = parts(base);
  std::vector<std::string_view> t = parts(target);
  size_t common = 0;
  while (common < b.size() && common < t.size() && b[common] == t[common]) ++common;
  std::vector<std::string_view> out;
  for (size_t i = common; i < b.size(); ++i) {
    if (b[i] == "..") return std::nullopt;
    out.push_back("..");
  }
  for (size_t i = common; i < t.size(); ++i) out.push_back(t[i]);
  std::string rel;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0) rel += '/';
    rel += out[i];
  }
  return rel;
}

// --- filepath.Match ----------------------------------------------------------------------------

struct BadPattern {};

// Splits off the next chunk of `pattern`: leading stars (reported in *star), then everything up
// to the next star outside brackets.
std::string_view ScanChunk(std::string_view& pattern, bool* star) {
  *star = false;
  while (!pattern.empty() && pattern[0] == '*') {
    pattern.remove_prefix(1);
    *star = true;
  }
  bool in_brackets = false;
  size_t i = 0;
  for (; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size()) ++i;
    } else if (c == '[') {
      in_brackets = true;
    } else if (c == ']') {
      in_brackets = false;
    } else if (c == '*' && !in_brackets) {
      break;
    }
  }
  std::string_view chunk = pattern.substr(0, i);
  pattern.remove_prefix(i);
  return chunk;
}

// One (possibly escaped) character of a bracket class.
char32_t ClassChar(std::string_view& chunk) {
  if (chunk.empty() || chunk[0] == '-' || chunk[0] == ']') throw BadPattern{};
  if (chunk[0] == '\\') {
    chunk.remove_prefix(1);
    if (chunk.empty()) throw BadPattern{};
  }
  size_t pos = 0;
  char32_t c = detail::DecodeUtf8(chunk, &pos);
  chunk.remove_prefix(pos);
  if (chunk.empty()) throw BadPattern{};
  return c;
}

// Matches `chunk` (no stars) against the start of `s`; the rest of `s` on success. The whole
// chunk is always scanned so that syntax errors surface (throws BadPattern).
std::optional<std::string_view> MatchChunk(std::string_view chunk, std::string_view s) {
  bool failed = false;
  while (!chunk.empty()) {
    if (!failed && s.empty()) failed = true;
    switch (chunk[0]) {
      case '[': {
        char32_t r = 0;
        if (!failed) {
          size_t pos = 0;
          r = detail::DecodeUtf8(s, &pos);
          s.remove_prefix(pos);
        }
        chunk.remove_prefix(1);
        bool negated = !chunk.empty() && chunk[0] == '^';
        if (negated) chunk.remove_prefix(1);
        bool matched = false;
        int ranges = 0;
        while (true) {
          if (!chunk.empty() && chunk[0] == ']' && ranges > 0) {
            chunk.remove_prefix(1);
            break;
          }
          char32_t lo = ClassChar(chunk);
          char32_t hi = lo;
          if (chunk[0] == '-') {
            chunk.remove_prefix(1);
            hi = ClassChar(chunk);
          }
          if (lo <= r && r <= hi) matched = true;
          ++ranges;
        }
        if (matched == negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[0] == '/') failed = true;
          size_t pos = 0;
          detail::DecodeUtf8(s, &pos);
          s.remove_prefix(pos);
        }
        chunk.remove_prefix(1);
        break;
      case '\\':
        chunk.remove_prefix(1);
        if (chunk.empty()) throw BadPattern{};
        [[fallthrough]];
      default:
        if (!failed) {
          if (chunk[0] != s[0]) failed = true;
          s.remove_prefix(1);
        }
        chunk.remove_prefix(1);
    }
  }
  if (failed) return std::nullopt;
  return s;
}

// filepath.Match: '*' (any run of non-'/'), '?' (one non-'/' character), '[...]' classes with
// '^' negation and ranges, '\\' escapes. Throws BadPattern on malformed patterns.
bool Match(std::string_view pattern, std::string_view name) {
  while (!pattern.empty()) {
    bool star;
    std::string_view chunk = ScanChunk(pattern, &star);
    if (star && chunk.empty()) return name.find('/') == std::string_view::npos;
    auto rest = MatchChunk(chunk, name);
    if (rest && (rest->empty() || !pattern.empty())) {
      name = *rest;
      continue;
    }
    bool advanced = false;
    if (star) {
      for (size_t i = 0; i < name.size() && name[i] != '/'; ++i) {
        rest = MatchChunk(chunk, name.substr(i + 1));
        if (rest && !(pattern.empty() && !rest->empty())) {
          name = *rest;
          advanced = true;
          break;
        }
      }
    }
    if (advanced) continue;
    while (!pattern.empty()) MatchChunk(ScanChunk(pattern, &star), "");  // syntax check
    return false;
  }
  return name.empty();
}

// Whether the cleaned `path` matches `pattern`; an error value for a malformed pattern.
Value MatchPath(std::string_view path, std::string_view pattern) {
  try {
    return Value::Bool(Match(pattern, Clean(path)));
  } catch (const BadPattern&) {
    return Value::Error("failed to match pattern \"" + std::string(pattern) + "\" on path \"" +
                        std::string(path) + "\": syntax error in pattern");
  }
}

// --- CEL functions ------------------------------------------------------------------------------

Value BasePath(std::span<const Value> args, EvalContext&) {
  return Value::String(Base(Clean(args[0].str())));
}

Value DirPath(std::span<const Value> args, EvalContext&) {
  return Value::String(Dir(Clean(args[0].str())));
}

Value ExtPath(std::span<const Value> args, EvalContext&) {
  return Value::String(Ext(Clean(args[0].str())));
}

Value AbsPath(std::span<const Value> args, EvalContext&) {
  return Value::String(Abs(args[0].str()));
}

Value JoinPath(std::span<const Value> args, EvalContext&) {
  auto elements = lib::ListOfStrings(args[0]);
  if (!elements) return Value::Error("failed to convert list to string slice");
  return Value::String(Join(*elements));
}

Value VolumeName(std::span<const Value>, EvalContext&) {
  return Value::String("");
}

Value RelPath(std::span<const Value> args, EvalContext&) {
  std::optional<std::string> rel = Rel(args[0].str(), args[1].str());
  if (!rel) {
    return Value::Error("failed to determine relative path of " + std::string(args[1].str()) +
                        ": Rel: can't make " + Clean(args[1].str()) + " relative to " +
                        Clean(args[0].str()));
  }
  return Value::String(std::move(*rel));
}

// True when `path` lies strictly below `prefix` (not equal to it) and its first level below does
// not start with '.', as Cerbos tests the relative path's first character.
Value PathHasPrefix(std::span<const Value> args, EvalContext&) {
  std::optional<std::string> rel = Rel(Abs(args[1].str()), Abs(args[0].str()));
  return Value::Bool(rel && !rel->empty() && (*rel)[0] != '.' && (*rel)[0] != '/');
}

Value PathMatch(std::span<const Value> args, EvalContext&) {
  return MatchPath(args[0].str(), args[1].str());
}

Value PathMatchAnyOf(std::span<const Value> args, EvalContext&) {
  auto patterns = lib::ListOfStrings(args[1]);
  if (!patterns) return Value::Error("failed to convert list to string slice");
  for (std::string_view pattern : *patterns) {
    Value matched = MatchPath(args[0].str(), pattern);
    if (matched.IsError() || matched.bool_value()) return matched;
  }
  return Value::Bool(false);
}

}  // namespace

void AddPaths(FunctionRegistry& registry) {
  const ArgKind str = ArgKind::Of(Kind::kString);
  const ArgKind list = ArgKind::Of(Kind::kList);
  registry.AddGlobal("absPath", "absPath_string", {str}, AbsPath);
  registry.AddGlobal("basePath", "basePath_string", {str}, BasePath);
  registry.AddGlobal("dirPath", "dirPath_string", {str}, DirPath);
  registry.AddGlobal("extPath", "extPath_string", {str}, ExtPath);
  registry.AddGlobal("joinPath", "joinPath_stringarray", {list}, JoinPath);
  registry.AddGlobal("relPath", "relPath_string_string", {str, str}, RelPath);
  registry.AddGlobal("volumeName", "volumeName_string", {str}, VolumeName);
  registry.AddGlobal("pathHasPrefix", "pathHasPrefix_overload", {str, str}, PathHasPrefix);
  registry.AddMember("pathHasPrefix", "pathHasPrefix_member_overload", {str, str}, PathHasPrefix);
  registry.AddGlobal("pathMatch", "pathMatch_overload", {str, str}, PathMatch);
  registry.AddMember("pathMatch", "pathMatch_member_overload", {str, str}, PathMatch);
  registry.AddGlobal("pathMatchAnyOf", "pathMatchAnyOf_overload", {str, list}, PathMatchAnyOf);
  registry.AddMember("pathMatchAnyOf", "pathMatchAnyOf_member_overload", {str, list},
                     PathMatchAnyOf);
}

}  // namespace portcullis::cel::cerbos
