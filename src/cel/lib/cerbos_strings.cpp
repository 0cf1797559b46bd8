// Cerbos 0.55's string helpers: cel-go's regex library (regex.replace, regex.extract,
// regex.extractAll; RE2 syntax, "\1" group references in replacements) and json.encode.
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "cel/lib/base64.h"
#include "cel/lib/cerbos_parts.h"
#include "cel/lib/lib_util.h"
#include "cel/string_escape.h"
#include "cel/time.h"
#include "cel/utf8.h"
#include "cel/value_ops.h"

namespace portcullis::cel::cerbos {

namespace {

// --- Regular expressions ------------------------------------------------------------------------

using Regex = std::shared_ptr<const RE2>;
using RegexImpl = Value (*)(const RE2&, std::span<const Value>, EvalContext&);

// A compiled pattern, or the error value reporting why it is invalid.
std::variant<Regex, Value> CompileRegex(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(pattern, options);
  if (!re->ok()) return Value::Error("given regex is invalid: " + re->error());
  return Regex(std::move(re));
}

// Replaces the first `limit` matches (all when negative) of `re` in `text` by `rewrite`, where
// "\0".."\9" stand for groups. After an empty match the search moves on by one code point.
Value ReplaceMatches(const RE2& re, std::string_view text, std::string_view rewrite, int64_t limit,
                     EvalContext& ctx) {
  std::string error;
  if (!re.CheckRewriteString(rewrite, &error)) {
    return Value::Error("invalid replacement string: " + error);
  }
  std::vector<re2::StringPiece> groups(1 + re.NumberOfCapturingGroups());
  std::string out;
  size_t pos = 0;
  size_t last_match_end = std::string_view::npos;
  int64_t done = 0;
  while (pos <= text.size() && (limit < 0 || done < limit)) {
    if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, groups.data(),
                  static_cast<int>(groups.size()))) {
      break;
    }
    const size_t start = groups[0].data() - text.data();
    const size_t end = start + groups[0].size();
    if (end == start && start == last_match_end) {  // empty match right after the previous one
      if (start >= text.size()) break;
      size_t next = start;
      detail::DecodeUtf8(text, &next);
      out.append(text.substr(pos, next - pos));
      pos = next;
      continue;
    }
    out.append(text.substr(pos, start - pos));
    re.Rewrite(&out, rewrite, groups.data(), static_cast<int>(groups.size()));
    ++done;
    last_match_end = end;
    pos = end;
    if (end == start) {
      if (start >= text.size()) break;
      size_t next = start;
      detail::DecodeUtf8(text, &next);
      out.append(text.substr(start, next - start));
      pos = next;
    }
  }
  if (pos < text.size()) out.append(text.substr(pos));
  if (!ctx.Charge(static_cast<int64_t>(out.size()))) return Value::Error("work budget exceeded");
  return Value::String(std::move(out));
}

Value Replace(const RE2& re, std::span<const Value> args, EvalContext& ctx) {
  return ReplaceMatches(re, args[0].str(), args[2].str(), -1, ctx);
}

Value ReplaceN(const RE2& re, std::span<const Value> args, EvalContext& ctx) {
  return ReplaceMatches(re, args[0].str(), args[2].str(), args[3].int_value(), ctx);
}

// The text a match stands for: the capture group when the pattern has one, else the whole
// match; nullopt for a group that did not take part.
std::optional<std::string_view> MatchText(const RE2& re,
                                          const std::vector<re2::StringPiece>& groups) {
  if (re.NumberOfCapturingGroups() == 0)
    return std::string_view(groups[0].data(), groups[0].size());
  if (groups[1].data() == nullptr) return std::nullopt;
  return std::string_view(groups[1].data(), groups[1].size());
}

// The pattern quoted as Go's %q does for printable text.
Value TooManyGroups(const RE2& re) {
  std::string quoted = "\"";
  for (char c : re.pattern()) {
    if (c == '\\' || c == '"') quoted += '\\';
    quoted += c;
  }
  return Value::Error("regular expression has more than one capturing group: " + quoted + "\"");
}

Value Extract(const RE2& re, std::span<const Value> args, EvalContext&) {
  if (re.NumberOfCapturingGroups() > 1) return TooManyGroups(re);
  std::vector<re2::StringPiece> groups(1 + re.NumberOfCapturingGroups());
  std::string_view text = args[0].str();
  if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, groups.data(),
                static_cast<int>(groups.size()))) {
    return Value::OptionalNone();
  }
  auto found = MatchText(re, groups);
  if (!found) return Value::OptionalNone();
  return Value::OptionalOf(Value::String(std::string(*found)));
}

Value ExtractAll(const RE2& re, std::span<const Value> args, EvalContext& ctx) {
  if (re.NumberOfCapturingGroups() > 1) return TooManyGroups(re);
  std::vector<re2::StringPiece> groups(1 + re.NumberOfCapturingGroups());
  std::string_view text = args[0].str();
  ListElements out;
  size_t pos = 0;
  size_t last_match_end = std::string_view::npos;
  while (pos <= text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, groups.data(),
                                        static_cast<int>(groups.size()))) {
    const size_t start = groups[0].data() - text.data();
    const size_t end = start + groups[0].size();
    if (!(end == start && start == last_match_end)) {
      if (auto found = MatchText(re, groups)) {
        if (!ctx.Charge(1)) return Value::Error("work budget exceeded");
        out.push_back(Value::String(std::string(*found)));
      }
      last_match_end = end;
    }
    if (end > start) {
      pos = end;
    } else {
      if (start >= text.size()) break;
      pos = start;
      detail::DecodeUtf8(text, &pos);
    }
  }
  return Value::List(std::move(out));
}

// Registers a function whose argument 1 is a pattern; a constant pattern is compiled once (and
// an invalid constant pattern reported when the expression is compiled).
template <RegexImpl kImpl>
void AddRegexFunction(FunctionRegistry& registry, const std::string& name, const std::string& id,
                      std::vector<ArgKind> args) {
  Overload overload;
  overload.id = id;
  overload.args = std::move(args);
  overload.impl = [](std::span<const Value> args, EvalContext& ctx) -> Value {
    auto compiled = CompileRegex(args[1].str());
    if (auto* error = std::get_if<Value>(&compiled)) return *error;
    return kImpl(*std::get<Regex>(compiled), args, ctx);
  };
  overload.specialize =
      [](std::span<const std::optional<Value>> constants) -> std::variant<FunctionImpl, Value> {
    if (constants.size() < 2 || !constants[1] || !constants[1]->is(Kind::kString)) {
      return FunctionImpl(nullptr);
    }
    auto compiled = CompileRegex(constants[1]->str());
    if (auto* error = std::get_if<Value>(&compiled)) return *error;
    return FunctionImpl(
        [re = std::get<Regex>(compiled)](std::span<const Value> args, EvalContext& ctx) {
          return kImpl(*re, args, ctx);
        });
  };
  registry.Add(name, std::move(overload));
}

// --- json.encode --------------------------------------------------------------------------------

void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  for (size_t pos = 0; pos < s.size();) {
    char32_t c = detail::DecodeUtf8(s, &pos);
    if (std::string_view escape = detail::ShortEscape(c); !escape.empty()) {
      out += escape;
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
      // Go's encoding/json escapes <, >, & and U+2028/9 too, for safe embedding in HTML.
      detail::AppendHexEscape(out, "\\u", c, 4);
    } else {
      detail::AppendUtf8(out, c);
    }
  }
  out += '"';
}

// Go's encoding/json number form: shortest round-trip digits, exponent only for very large or
// small magnitudes.
void AppendJsonDouble(double d, std::string& out) {
  char buf[64];
  const double abs = std::fabs(d);
  const auto format = (abs != 0 && (abs < 1e-6 || abs >= 1e21)) ? std::chars_format::scientific
                                                                : std::chars_format::fixed;
  auto result = std::to_chars(buf, buf + sizeof buf, d, format);
  std::string text(buf, result.ptr);
  // C++ pads the exponent to two digits ("1e-07"); Go does not ("1e-7").
  size_t e = text.find('e');
  if (e != std::string::npos && e + 2 < text.size() && text[e + 2] == '0') text.erase(e + 2, 1);
  out += text;
}

bool AppendJson(const Value& v, std::string& out, std::string& error) {
  switch (v.kind()) {
    case Kind::kNull:
      out += "null";
      return true;
    case Kind::kBool:
      out += v.bool_value() ? "true" : "false";
      return true;
    case Kind::kInt:
      out += std::to_string(v.int_value());
      return true;
    case Kind::kUint:
      out += std::to_string(v.uint_value());
      return true;
    case Kind::kDouble:
      if (!std::isfinite(v.double_value())) {
        error = "json: unsupported value: " + *ToCelString(v);
        return false;
      }
      AppendJsonDouble(v.double_value(), out);
      return true;
    case Kind::kString:
      AppendJsonString(v.str(), out);
      return true;
    case Kind::kBytes:
      AppendJsonString(lib::Base64Encode(v.str()), out);
      return true;
    case Kind::kTimestamp:
      AppendJsonString(FormatTimestamp(v.timestamp_value()), out);
      return true;
    case Kind::kDuration:
      AppendJsonString(FormatDuration(v.duration_value()), out);
      return true;
    case Kind::kList:
      out += '[';
      for (size_t i = 0; i < v.list_size(); ++i) {
        if (i > 0) out += ',';
        if (!AppendJson(v.list_at(i), out, error)) return false;
      }
      out += ']';
      return true;
    case Kind::kMap: {
      // Keys sorted, as Go's encoding/json writes maps.
      std::vector<std::pair<std::string, Value>> entries;
      for (size_t i = 0; i < v.map_size(); ++i) {
        Value key = v.map_key_at(i);
        entries.emplace_back(key.is(Kind::kString) ? std::string(key.str()) : *ToCelString(key),
                             v.map_value_at(i));
      }
      std::sort(entries.begin(), entries.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ',';
        AppendJsonString(entries[i].first, out);
        out += ':';
        if (!AppendJson(entries[i].second, out, error)) return false;
      }
      out += '}';
      return true;
    }
    default:
      error = "json: unsupported type: " + std::string(TypeNameOf(v));
      return false;
  }
}

Value JsonEncode(std::span<const Value> args, EvalContext& ctx) {
  std::string out;
  std::string error;
  if (!AppendJson(args[0], out, error)) return Value::Error(std::move(error));
  if (!ctx.Charge(static_cast<int64_t>(out.size()))) return Value::Error("work budget exceeded");
  return Value::String(std::move(out));
}

}  // namespace

void AddStringHelpers(FunctionRegistry& registry) {
  const ArgKind str = ArgKind::Of(Kind::kString);
  const ArgKind i = ArgKind::Of(Kind::kInt);
  AddRegexFunction<Replace>(registry, "regex.replace", "regex_replace_string_string_string",
                            {str, str, str});
  AddRegexFunction<ReplaceN>(registry, "regex.replace", "regex_replace_string_string_string_int",
                             {str, str, str, i});
  AddRegexFunction<Extract>(registry, "regex.extract", "regex_extract_string_string", {str, str});
  AddRegexFunction<ExtractAll>(registry, "regex.extractAll", "regex_extractAll_string_string",
                               {str, str});
  registry.AddGlobal("json.encode", "json_encode_dyn", {ArgKind::Any()}, JsonEncode);
}

}  // namespace portcullis::cel::cerbos
