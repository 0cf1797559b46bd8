// cel-go's strings extension (latest version, as Cerbos enables it). Indexes are code points.
#include <algorithm>
#include <string>

#include "cel/lib/lib_util.h"
#include "cel/lib/strings_format.h"
#include "cel/library.h"
#include "cel/string_escape.h"
#include "cel/utf8.h"

namespace portcullis::cel {

namespace {

using detail::DecodeUtf8;
using detail::EncodeUtf8;

Value IndexOutOfRange(int64_t index) {
  return Value::Error("index out of range: " + std::to_string(index));
}

// Position of `sub` in `s` at or after `from`, or -1.
int64_t FindForward(std::u32string_view s, std::u32string_view sub, size_t from) {
  size_t at = s.find(sub, from);
  return at == std::u32string_view::npos ? -1 : static_cast<int64_t>(at);
}

// Position of the last `sub` in `s` starting at or before `from`, or -1.
int64_t FindBackward(std::u32string_view s, std::u32string_view sub, size_t from) {
  size_t at = s.rfind(sub, from);
  return at == std::u32string_view::npos ? -1 : static_cast<int64_t>(at);
}

Value CharAt(std::span<const Value> args, EvalContext&) {
  std::u32string s = DecodeUtf8(args[0].str());
  int64_t i = args[1].int_value();
  if (i < 0 || i > static_cast<int64_t>(s.size())) return IndexOutOfRange(i);
  if (i == static_cast<int64_t>(s.size())) return Value::String("");
  return Value::String(EncodeUtf8(s.substr(i, 1)));
}

Value IndexOf(std::span<const Value> args, EvalContext&) {
  std::u32string s = DecodeUtf8(args[0].str());
  std::u32string sub = DecodeUtf8(args[1].str());
  return Value::Int(FindForward(s, sub, 0));
}

Value IndexOfFrom(std::span<const Value> args, EvalContext&) {
  int64_t from = args[2].int_value();
  if (args[1].str().empty()) return Value::Int(from);
  std::u32string s = DecodeUtf8(args[0].str());
  if (from < 0 || from >= static_cast<int64_t>(s.size())) return IndexOutOfRange(from);
  return Value::Int(FindForward(s, DecodeUtf8(args[1].str()), from));
}

Value LastIndexOf(std::span<const Value> args, EvalContext&) {
  std::u32string s = DecodeUtf8(args[0].str());
  std::u32string sub = DecodeUtf8(args[1].str());
  if (sub.size() > s.size()) return Value::Int(-1);
  return Value::Int(FindBackward(s, sub, s.size()));
}

Value LastIndexOfFrom(std::span<const Value> args, EvalContext&) {
  int64_t from = args[2].int_value();
  if (args[1].str().empty()) return Value::Int(from);
  std::u32string s = DecodeUtf8(args[0].str());
  if (from < 0 || from >= static_cast<int64_t>(s.size())) return IndexOutOfRange(from);
  return Value::Int(FindBackward(s, DecodeUtf8(args[1].str()), from));
}

template <char kFrom, char kTo>
Value MapAsciiCase(std::span<const Value> args, EvalContext&) {
  std::string s(args[0].str());
  for (char& c : s) {
    if (c >= kFrom && c <= kFrom + 25) c = static_cast<char>(c - kFrom + kTo);
  }
  return Value::String(std::move(s));
}

// Go's strings.Replace: at most `limit` replacements (all when negative); an empty `from`
// matches before every code point and at the end.
Value ReplaceN(std::string_view s, std::string_view from, std::string_view to, int64_t limit,
               EvalContext& ctx) {
  std::string out;
  size_t pos = 0;
  int64_t done = 0;
  while (limit < 0 || done < limit) {
    if (from.empty()) {
      out += to;
      ++done;
      if (pos >= s.size()) break;
      size_t next = pos;
      DecodeUtf8(s, &next);
      out.append(s.substr(pos, next - pos));
      pos = next;
      continue;
    }
    size_t at = s.find(from, pos);
    if (at == std::string_view::npos) break;
    out.append(s.substr(pos, at - pos));
    out += to;
    pos = at + from.size();
    ++done;
  }
  if (pos < s.size()) out.append(s.substr(pos));
  if (!ctx.Charge(static_cast<int64_t>(out.size()))) return Value::Error("work budget exceeded");
  return Value::String(std::move(out));
}

Value Replace(std::span<const Value> args, EvalContext& ctx) {
  return ReplaceN(args[0].str(), args[1].str(), args[2].str(), -1, ctx);
}

Value ReplaceLimited(std::span<const Value> args, EvalContext& ctx) {
  return ReplaceN(args[0].str(), args[1].str(), args[2].str(), args[3].int_value(), ctx);
}

Value SplitN(std::string_view s, std::string_view sep, int64_t limit, EvalContext& ctx) {
  std::vector<std::string_view> pieces = lib::SplitN(s, sep, limit);
  if (!ctx.Charge(static_cast<int64_t>(pieces.size()))) {
    return Value::Error("work budget exceeded");
  }
  return lib::StringList(pieces);
}

Value Split(std::span<const Value> args, EvalContext& ctx) {
  return SplitN(args[0].str(), args[1].str(), -1, ctx);
}

Value SplitLimited(std::span<const Value> args, EvalContext& ctx) {
  return SplitN(args[0].str(), args[1].str(), args[2].int_value(), ctx);
}

Value SubstringFrom(std::span<const Value> args, EvalContext&) {
  std::u32string s = DecodeUtf8(args[0].str());
  int64_t start = args[1].int_value();
  if (start < 0 || start > static_cast<int64_t>(s.size())) return IndexOutOfRange(start);
  return Value::String(EncodeUtf8(std::u32string_view(s).substr(start)));
}

Value Substring(std::span<const Value> args, EvalContext&) {
  std::u32string s = DecodeUtf8(args[0].str());
  int64_t start = args[1].int_value();
  int64_t end = args[2].int_value();
  const auto size = static_cast<int64_t>(s.size());
  if (start < 0 || start > size) return IndexOutOfRange(start);
  if (end < 0 || end > size) return IndexOutOfRange(end);
  if (start > end) {
    return Value::Error("invalid substring range. start: " + std::to_string(start) +
                        ", end: " + std::to_string(end));
  }
  return Value::String(EncodeUtf8(std::u32string_view(s).substr(start, end - start)));
}

Value Trim(std::span<const Value> args, EvalContext&) {
  std::string_view s = args[0].str();
  size_t begin = 0;
  while (begin < s.size()) {
    size_t next = begin;
    if (!lib::IsUnicodeSpace(DecodeUtf8(s, &next))) break;
    begin = next;
  }
  size_t end = begin;
  for (size_t pos = begin; pos < s.size();) {
    if (!lib::IsUnicodeSpace(DecodeUtf8(s, &pos))) end = pos;
  }
  return Value::String(std::string(s.substr(begin, end - begin)));
}

Value JoinWith(const Value& list, std::string_view sep, EvalContext& ctx) {
  auto items = lib::ListOfStrings(list);
  if (!items) return NoSuchOverload("join");
  std::string out;
  for (size_t i = 0; i < items->size(); ++i) {
    if (i > 0) out += sep;
    out += (*items)[i];
  }
  if (!ctx.Charge(static_cast<int64_t>(out.size()))) return Value::Error("work budget exceeded");
  return Value::String(std::move(out));
}

Value Join(std::span<const Value> args, EvalContext& ctx) {
  return JoinWith(args[0], "", ctx);
}

Value JoinSeparated(std::span<const Value> args, EvalContext& ctx) {
  return JoinWith(args[0], args[1].str(), ctx);
}

// strings.quote: a double-quoted CEL string literal; invalid UTF-8 becomes U+FFFD.
Value Quote(std::span<const Value> args, EvalContext&) {
  std::string_view s = args[0].str();
  std::string out = "\"";
  for (size_t pos = 0; pos < s.size();) {
    char32_t c = DecodeUtf8(s, &pos);
    if (std::string_view escape = detail::ShortEscape(c); !escape.empty()) {
      out += escape;
      continue;
    }
    switch (c) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        detail::AppendUtf8(out, c);
    }
  }
  out += '"';
  return Value::String(std::move(out));
}

Value Reverse(std::span<const Value> args, EvalContext&) {
  std::u32string s = DecodeUtf8(args[0].str());
  std::reverse(s.begin(), s.end());
  return Value::String(EncodeUtf8(s));
}

Value Format(std::span<const Value> args, EvalContext& ctx) {
  return lib::FormatString(args[0].str(), args[1], ctx);
}

}  // namespace

void AddStringsExtension(FunctionRegistry& registry) {
  const ArgKind str = ArgKind::Of(Kind::kString);
  const ArgKind num = ArgKind::Of(Kind::kInt);
  const ArgKind list = ArgKind::Of(Kind::kList);
  registry.AddMember("charAt", "string_char_at_int", {str, num}, CharAt);
  registry.AddMember("indexOf", "string_index_of_string", {str, str}, IndexOf);
  registry.AddMember("indexOf", "string_index_of_string_int", {str, str, num}, IndexOfFrom);
  registry.AddMember("lastIndexOf", "string_last_index_of_string", {str, str}, LastIndexOf);
  registry.AddMember("lastIndexOf", "string_last_index_of_string_int", {str, str, num},
                     LastIndexOfFrom);
  registry.AddMember("lowerAscii", "string_lower_ascii", {str}, MapAsciiCase<'A', 'a'>);
  registry.AddMember("upperAscii", "string_upper_ascii", {str}, MapAsciiCase<'a', 'A'>);
  registry.AddMember("replace", "string_replace_string_string", {str, str, str}, Replace);
  registry.AddMember("replace", "string_replace_string_string_int", {str, str, str, num},
                     ReplaceLimited);
  registry.AddMember("split", "string_split_string", {str, str}, Split);
  registry.AddMember("split", "string_split_string_int", {str, str, num}, SplitLimited);
  registry.AddMember("substring", "string_substring_int", {str, num}, SubstringFrom);
  registry.AddMember("substring", "string_substring_int_int", {str, num, num}, Substring);
  registry.AddMember("trim", "string_trim", {str}, Trim);
  registry.AddMember("join", "list_join", {list}, Join);
  registry.AddMember("join", "list_join_string", {list, str}, JoinSeparated);
  registry.AddGlobal("strings.quote", "strings_quote", {str}, Quote);
  registry.AddMember("reverse", "string_reverse", {str}, Reverse);
  registry.AddMember("format", "string_format_list", {str, list}, Format);
}

}  // namespace portcullis::cel
