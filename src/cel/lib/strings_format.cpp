#include "cel/lib/strings_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "cel/lib/lib_util.h"
#include "cel/utf8.h"
#include "cel/value_ops.h"

namespace portcullis::cel::lib {

namespace {

// Why a value could not be formatted; becomes "error during formatting: <message>".
struct FormatFailure {
  std::string message;
};

FormatFailure WrongKind(std::string_view what, const Value& v) {
  return {std::string(what) + ", was given " + std::string(TypeNameOf(v))};
}

// NaN and infinities are spelled as in cel-go for every clause that accepts doubles.
const char* NonFiniteName(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  return nullptr;
}

// The %s rendering; lists and maps render their elements the same way, map entries sorted by
// their rendered keys.
bool AppendAsString(const Value& v, std::string& out, FormatFailure& failure) {
  switch (v.kind()) {
    case Kind::kNull:
      out += "null";
      return true;
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kType:
      out += v.str();
      return true;
    case Kind::kDouble:
      if (const char* name = NonFiniteName(v.double_value())) {
        out += name;
        return true;
      }
      out += *ToCelString(v);
      return true;
    case Kind::kBool:
    case Kind::kInt:
    case Kind::kUint:
    case Kind::kTimestamp:
    case Kind::kDuration:
      out += *ToCelString(v);
      return true;
    case Kind::kList: {
      out += '[';
      for (size_t i = 0; i < v.list_size(); ++i) {
        if (i > 0) out += ", ";
        if (!AppendAsString(v.list_at(i), out, failure)) return false;
      }
      out += ']';
      return true;
    }
    case Kind::kMap: {
      std::vector<std::pair<std::string, std::string>> entries;
      for (size_t i = 0; i < v.map_size(); ++i) {
        std::string key;
        std::string value;
        if (!AppendAsString(v.map_key_at(i), key, failure) ||
            !AppendAsString(v.map_value_at(i), value, failure)) {
          return false;
        }
        entries.emplace_back(std::move(key), std::move(value));
      }
      std::sort(entries.begin(), entries.end());
      out += '{';
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ", ";
        out += entries[i].first + ": " + entries[i].second;
      }
      out += '}';
      return true;
    }
    default:
      failure = WrongKind(
          "string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, "
          "types, durations, and timestamps",
          v);
      return false;
  }
}

// Magnitude of an int or uint in `base`, with a leading '-' for negative ints.
std::string IntegerInBase(const Value& v, unsigned base, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  bool negative = v.is(Kind::kInt) && v.int_value() < 0;
  uint64_t magnitude = v.is(Kind::kUint) ? v.uint_value()
                       : negative        ? 0 - static_cast<uint64_t>(v.int_value())
                                         : static_cast<uint64_t>(v.int_value());
  std::string out;
  do {
    out.push_back(digits[magnitude % base]);
    magnitude /= base;
  } while (magnitude != 0);
  if (negative) out.push_back('-');
  std::reverse(out.begin(), out.end());
  return out;
}

bool IsInteger(const Value& v) {
  return v.is(Kind::kInt) || v.is(Kind::kUint);
}

// %f and %e: doubles (ints and uints are converted), `precision` digits after the point.
bool AppendFloating(const Value& v, char verb, int precision, std::string& out,
                    FormatFailure& failure) {
  double d;
  if (v.is(Kind::kDouble)) {
    d = v.double_value();
  } else if (v.is(Kind::kInt)) {
    d = static_cast<double>(v.int_value());
  } else if (v.is(Kind::kUint)) {
    d = static_cast<double>(v.uint_value());
  } else {
    failure = WrongKind(verb == 'f' ? "fixed-point clause can only be used on doubles"
                                    : "scientific clause can only be used on doubles",
                        v);
    return false;
  }
  if (const char* name = NonFiniteName(d)) {
    out += name;
    return true;
  }
  const char format[] = {'%', '.', '*', verb, '\0'};
  int size = std::snprintf(nullptr, 0, format, precision, d);
  std::string text(static_cast<size_t>(size) + 1, '\0');
  std::snprintf(text.data(), text.size(), format, precision, d);
  text.resize(static_cast<size_t>(size));
  out += text;
  return true;
}

bool AppendClause(const Value& v, char verb, int precision, std::string& out,
                  FormatFailure& failure) {
  switch (verb) {
    case 's':
      return AppendAsString(v, out, failure);
    case 'd':
      if (IsInteger(v)) {
        out += IntegerInBase(v, 10, false);
        return true;
      }
      if (v.is(Kind::kDouble) && NonFiniteName(v.double_value())) {
        out += NonFiniteName(v.double_value());
        return true;
      }
      failure = WrongKind("decimal clause can only be used on integers", v);
      return false;
    case 'f':
    case 'e':
      return AppendFloating(v, verb, precision, out, failure);
    case 'b':
      if (IsInteger(v)) {
        out += IntegerInBase(v, 2, false);
        return true;
      }
      if (v.is(Kind::kBool)) {
        out += v.bool_value() ? '1' : '0';
        return true;
      }
      failure = WrongKind("only integers and bools can be formatted as binary", v);
      return false;
    case 'o':
      if (IsInteger(v)) {
        out += IntegerInBase(v, 8, false);
        return true;
      }
      failure = WrongKind("octal clause can only be used on integers", v);
      return false;
    default: {  // 'x' or 'X'
      const bool upper = verb == 'X';
      if (IsInteger(v)) {
        out += IntegerInBase(v, 16, upper);
        return true;
      }
      if (v.is(Kind::kString) || v.is(Kind::kBytes)) {
        const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        for (unsigned char c : v.str()) {
          out.push_back(digits[c >> 4]);
          out.push_back(digits[c & 0xF]);
        }
        return true;
      }
      failure = WrongKind("only integers, byte buffers, and strings can be formatted as hex", v);
      return false;
    }
  }
}

Value ClauseError(std::string message) {
  return Value::Error("could not parse formatting clause: " + std::move(message));
}

}  // namespace

Value FormatString(std::string_view pattern, const Value& args, EvalContext& ctx) {
  std::string out;
  size_t next_arg = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      out.push_back(pattern[i]);
      continue;
    }
    if (++i >= pattern.size()) return ClauseError("unexpected end of format string");
    if (pattern[i] == '%') {
      out.push_back('%');
      continue;
    }
    int precision = 6;
    if (pattern[i] == '.') {
      size_t digits_start = ++i;
      int64_t parsed = 0;
      while (i < pattern.size() && pattern[i] >= '0' && pattern[i] <= '9') {
        parsed = std::min<int64_t>(parsed * 10 + (pattern[i] - '0'), 1'000'000'000);
        ++i;
      }
      if (i == digits_start) return ClauseError("error while parsing precision");
      if (!ctx.Charge(parsed)) return Value::Error("work budget exceeded");
      precision = static_cast<int>(parsed);
      if (i >= pattern.size()) return ClauseError("unexpected end of format string");
    }
    size_t verb_end = i;
    char32_t verb = detail::DecodeUtf8(pattern, &verb_end);
    if (std::string_view("sdfeboxX").find(static_cast<char>(verb)) == std::string_view::npos ||
        verb > 0x7F) {
      std::string name;
      detail::AppendUtf8(name, verb);
      return ClauseError("unrecognized formatting clause \"" + name + "\"");
    }
    i = verb_end - 1;
    if (next_arg >= args.list_size()) {
      return Value::Error("index " + std::to_string(next_arg) + " out of range");
    }
    FormatFailure failure;
    if (!AppendClause(args.list_at(next_arg++), static_cast<char>(verb), precision, out, failure)) {
      return Value::Error("error during formatting: " + failure.message);
    }
  }
  if (!ctx.Charge(static_cast<int64_t>(out.size()))) return Value::Error("work budget exceeded");
  return Value::String(std::move(out));
}

}  // namespace portcullis::cel::lib
