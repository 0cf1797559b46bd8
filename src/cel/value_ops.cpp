#include "cel/value_ops.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "cel/map_builder.h"
#include "cel/string_escape.h"
#include "cel/time.h"
#include "cel/utf8.h"

namespace portcullis::cel {

namespace {

bool IsNumber(Kind k) {
  return k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble;
}

template <typename T>
int Order(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareIntUint(int64_t i, uint64_t u) {
  if (i < 0) return -1;
  return Order(static_cast<uint64_t>(i), u);
}

// An integer is compared with a double by converting it to double, as cel-go does: the
// conformance data expects 9223372036854775807 == 9223372036854775808.0 (both are 2^63 as
// doubles).
std::optional<int> CompareIntDouble(int64_t i, double d) {
  if (std::isnan(d)) return std::nullopt;
  return Order(static_cast<double>(i), d);
}

std::optional<int> CompareUintDouble(uint64_t u, double d) {
  if (std::isnan(d)) return std::nullopt;
  return Order(static_cast<double>(u), d);
}

std::optional<int> Negated(std::optional<int> c) {
  if (!c) return c;
  return -*c;
}

// REQUIRES: both are numbers.
std::optional<int> CompareNumbers(const Value& a, const Value& b) {
  switch (a.kind()) {
    case Kind::kInt:
      switch (b.kind()) {
        case Kind::kInt:
          return Order(a.int_value(), b.int_value());
        case Kind::kUint:
          return CompareIntUint(a.int_value(), b.uint_value());
        default:
          return CompareIntDouble(a.int_value(), b.double_value());
      }
    case Kind::kUint:
      switch (b.kind()) {
        case Kind::kInt:
          return -CompareIntUint(b.int_value(), a.uint_value());
        case Kind::kUint:
          return Order(a.uint_value(), b.uint_value());
        default:
          return CompareUintDouble(a.uint_value(), b.double_value());
      }
    default:
      switch (b.kind()) {
        case Kind::kInt:
          return Negated(CompareIntDouble(b.int_value(), a.double_value()));
        case Kind::kUint:
          return Negated(CompareUintDouble(b.uint_value(), a.double_value()));
        default: {
          double x = a.double_value(), y = b.double_value();
          if (std::isnan(x) || std::isnan(y)) return std::nullopt;
          return Order(x, y);
        }
      }
  }
}

template <typename T>
int CompareTime(T a, T b) {
  int c = Order(a.seconds, b.seconds);
  return c != 0 ? c : Order(a.nanos, b.nanos);
}

bool ListsEqual(const Value& a, const Value& b) {
  size_t n = a.list_size();
  if (n != b.list_size()) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!Equal(a.list_at(i), b.list_at(i))) return false;
  }
  return true;
}

bool MapsEqual(const Value& a, const Value& b) {
  size_t n = a.map_size();
  if (n != b.map_size()) return false;
  for (size_t i = 0; i < n; ++i) {
    auto other = b.map_find(a.map_key_at(i));
    if (!other || !Equal(a.map_value_at(i), *other)) return false;
  }
  return true;
}

// Go's "%g" (strconv.FormatFloat(d, 'g', -1, 64)), which cel-go uses for string(double): the
// shortest digits that round-trip, in exponent form when the decimal exponent is < -4 or >= 6.
std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, end - buf);  // e.g. "-1.2345e+02"
  size_t e = sci.find('e');
  bool negative = sci[0] == '-';
  std::string digits;
  for (char c : sci.substr(negative ? 1 : 0, e - (negative ? 1 : 0))) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);

  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += exponent < 0 ? "e-" : "e+";
    int magnitude = std::abs(exponent);
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
  } else if (exponent < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out += digits;
  } else if (static_cast<size_t>(exponent) + 1 >= digits.size()) {
    out += digits;
    out.append(exponent + 1 - digits.size(), '0');
  } else {
    out.append(digits, 0, exponent + 1);
    out += '.';
    out.append(digits, exponent + 1);
  }
  return out;
}

// Drops trailing zeros of the fraction that precedes `suffix` ("1.500s" -> "1.5s").
std::string TrimFraction(std::string text, size_t suffix_length) {
  size_t suffix_start = text.size() - suffix_length;
  size_t dot = text.rfind('.', suffix_start);
  if (dot == std::string::npos) return text;
  size_t last = suffix_start;
  while (last > dot + 1 && text[last - 1] == '0') --last;
  if (last == dot + 1) last = dot;
  text.erase(last, suffix_start - last);
  return text;
}

void AppendQuoted(std::string& out, std::string_view s, bool bytes) {
  if (bytes) out += 'b';
  out += '"';
  for (unsigned char c : s) {
    if (std::string_view escape = detail::ShortEscape(c); !escape.empty()) {
      out += escape;
    } else if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) {
      // Strings keep their UTF-8 sequences; bytes show every non-ASCII byte escaped.
      detail::AppendHexEscape(out, "\\x", c, 2);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void AppendDebug(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
    case Kind::kInt:
      out += *ToCelString(v);
      return;
    case Kind::kUint:
      out += *ToCelString(v);
      out += 'u';
      return;
    case Kind::kDouble: {
      std::string text = FormatDouble(v.double_value());
      // Keep a double recognisable as one: "1" -> "1.0".
      if (text.find_first_of(".eIN") == std::string::npos) text += ".0";
      out += text;
      return;
    }
    case Kind::kString:
      AppendQuoted(out, v.str(), false);
      return;
    case Kind::kBytes:
      AppendQuoted(out, v.str(), true);
      return;
    case Kind::kList: {
      out += '[';
      for (size_t i = 0, n = v.list_size(); i < n; ++i) {
        if (i > 0) out += ", ";
        AppendDebug(out, v.list_at(i));
      }
      out += ']';
      return;
    }
    case Kind::kMap: {
      out += '{';
      for (size_t i = 0, n = v.map_size(); i < n; ++i) {
        if (i > 0) out += ", ";
        AppendDebug(out, v.map_key_at(i));
        out += ": ";
        AppendDebug(out, v.map_value_at(i));
      }
      out += '}';
      return;
    }
    case Kind::kTimestamp:
      out += "timestamp(\"";
      out += *ToCelString(v);
      out += "\")";
      return;
    case Kind::kDuration:
      out += "duration(\"";
      out += *ToCelString(v);
      out += "\")";
      return;
    case Kind::kType:
      out += v.type_name();
      return;
    case Kind::kOptional:
      if (!v.optional_has_value()) {
        out += "optional.none()";
        return;
      }
      out += "optional.of(";
      AppendDebug(out, v.optional_value());
      out += ')';
      return;
    case Kind::kError:
      out += "error(";
      AppendQuoted(out, v.error_message(), false);
      out += ')';
      return;
    case Kind::kUnknown: {
      out += "unknown{";
      const auto& attributes = v.unknown_set().attributes;
      for (size_t i = 0; i < attributes.size(); ++i) {
        if (i > 0) out += ", ";
        out += attributes[i];
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

bool Equal(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) {
    if (IsNumber(a.kind()) && IsNumber(b.kind())) return CompareNumbers(a, b) == 0;
    return false;
  }
  switch (a.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return a.bool_value() == b.bool_value();
    case Kind::kInt:
      return a.int_value() == b.int_value();
    case Kind::kUint:
      return a.uint_value() == b.uint_value();
    case Kind::kDouble:
      return a.double_value() == b.double_value();
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kType:
      return a.str() == b.str();
    case Kind::kList:
      return ListsEqual(a, b);
    case Kind::kMap:
      return MapsEqual(a, b);
    case Kind::kTimestamp:
      return a.timestamp_value() == b.timestamp_value();
    case Kind::kDuration:
      return a.duration_value() == b.duration_value();
    case Kind::kOptional:
      if (a.optional_has_value() != b.optional_has_value()) return false;
      return !a.optional_has_value() || Equal(a.optional_value(), b.optional_value());
    case Kind::kError:
    case Kind::kUnknown:
      return false;
  }
  return false;
}

std::optional<int> Compare(const Value& a, const Value& b) {
  if (IsNumber(a.kind()) && IsNumber(b.kind())) return CompareNumbers(a, b);
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case Kind::kBool:
      return Order(a.bool_value(), b.bool_value());
    case Kind::kString:
    case Kind::kBytes: {
      // Bytewise order of UTF-8 is code point order.
      int c = a.str().compare(b.str());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kTimestamp:
      return CompareTime(a.timestamp_value(), b.timestamp_value());
    case Kind::kDuration:
      return CompareTime(a.duration_value(), b.duration_value());
    default:
      return std::nullopt;
  }
}

Value MakeMap(std::vector<std::pair<Value, Value>> entries) {
  detail::MapBuilder map;
  map.Reserve(entries.size());
  for (auto& [key, value] : entries) {
    if (auto rejected = map.Insert(std::move(key), std::move(value))) return std::move(*rejected);
  }
  return map.Build();
}

std::optional<std::string> ToCelString(const Value& v) {
  switch (v.kind()) {
    case Kind::kBool:
      return v.bool_value() ? "true" : "false";
    case Kind::kInt:
      return std::to_string(v.int_value());
    case Kind::kUint:
      return std::to_string(v.uint_value());
    case Kind::kDouble:
      return FormatDouble(v.double_value());
    case Kind::kString:
      return std::string(v.str());
    case Kind::kBytes:
      if (!detail::IsValidUtf8(v.str())) return std::nullopt;
      return std::string(v.str());
    case Kind::kTimestamp:
      return TrimFraction(FormatTimestamp(v.timestamp_value()), 1);
    case Kind::kDuration:
      return TrimFraction(FormatDuration(v.duration_value()), 1);
    case Kind::kType:
      return std::string(v.type_name());  // as cel-go
    default:
      return std::nullopt;
  }
}

std::string DebugString(const Value& v) {
  std::string out;
  AppendDebug(out, v);
  return out;
}

}  // namespace portcullis::cel
