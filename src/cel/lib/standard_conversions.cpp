#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "cel/lib/lib_util.h"
#include "cel/lib/standard_parts.h"
#include "cel/time.h"
#include "cel/value_ops.h"

namespace portcullis::cel::standard {

namespace {

Value RangeError(std::string_view conversion) {
  return Value::Error(std::string(conversion) + ": range error");
}
Value ConversionError(std::string_view conversion, const Value& v) {
  return Value::Error(std::string(conversion) + ": type conversion error from " + DebugString(v));
}

// Go's strconv.ParseInt / ParseUint in base 10: an optional sign (signed only), then digits.
template <typename Int>
std::variant<Int, Value> ParseInteger(std::string_view conversion, const Value& v) {
  std::string_view text = v.str();
  if (std::is_signed_v<Int> && text.size() > 1 && text[0] == '+') text.remove_prefix(1);
  Int parsed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec == std::errc::result_out_of_range) return RangeError(conversion);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return ConversionError(conversion, v);
  }
  return parsed;
}

template <typename Int>
Value FromParsed(std::variant<Int, Value> parsed) {
  if (auto* error = std::get_if<Value>(&parsed)) return std::move(*error);
  if constexpr (std::is_signed_v<Int>) {
    return Value::Int(std::get<Int>(parsed));
  } else {
    return Value::Uint(std::get<Int>(parsed));
  }
}

Value IntFromDouble(Args a, EvalContext&) {
  double d = a[0].double_value();
  // Exclusive bounds: both ±2^63 as doubles are outside (or at the edge of) the int64 range.
  if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0)) return RangeError("int");
  return Value::Int(static_cast<int64_t>(d));
}

Value UintFromDouble(Args a, EvalContext&) {
  double d = a[0].double_value();
  if (!(d > -1.0 && d < 18446744073709551616.0)) return RangeError("uint");
  return Value::Uint(static_cast<uint64_t>(d));
}

Value DoubleFromString(Args a, EvalContext&) {
  std::string text(a[0].str());
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) {
    return ConversionError("double", a[0]);
  }
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return ConversionError("double", a[0]);
  if (errno == ERANGE && std::isinf(d)) return RangeError("double");
  return Value::Double(d);
}

Value StringOf(Args a, EvalContext&) {
  if (a[0].is(Kind::kString)) return a[0];
  std::optional<std::string> text = ToCelString(a[0]);
  if (!text) {
    if (a[0].is(Kind::kBytes)) return Value::Error("string: invalid UTF-8 in bytes");
    return NoSuchOverload("string");
  }
  return Value::String(std::move(*text));
}

Value BytesFromString(Args a, EvalContext&) {
  // A borrowed string stays borrowed: the bytes view the same memory.
  if (a[0].is_borrowed()) return Value::BorrowedBytes(a[0].str());
  return Value::Bytes(std::string(a[0].str()));
}

Value BoolFromString(Args a, EvalContext&) {
  std::string_view s = a[0].str();
  if (s == "1" || s == "t" || s == "true" || s == "TRUE" || s == "True") return Value::Bool(true);
  if (s == "0" || s == "f" || s == "false" || s == "FALSE" || s == "False") {
    return Value::Bool(false);
  }
  return ConversionError("bool", a[0]);
}

Value TimestampFromString(const Value& text) {
  std::optional<Timestamp> t = ParseTimestamp(text.str());
  if (!t) {
    return Value::Error("timestamp: invalid RFC 3339 timestamp or out of range: " +
                        DebugString(text));
  }
  return Value::Timestamp(*t);
}

Value DurationFromString(const Value& text) {
  std::optional<Duration> d = ParseDuration(text.str());
  if (!d) return Value::Error("duration: invalid duration or out of range: " + DebugString(text));
  return Value::Duration(*d);
}

Value TimestampFromInt(Args a, EvalContext&) {
  int64_t seconds = a[0].int_value();
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) {
    return RangeError("timestamp");
  }
  return Value::Timestamp({seconds, 0});
}

// A string-parsing conversion whose literal argument is checked at compile time.
void AddLiteralCheckedParse(FunctionRegistry& r, const char* name, const char* id,
                            Value (*parse)(const Value&)) {
  Overload overload;
  overload.id = id;
  overload.args = {ArgKind::Of(Kind::kString)};
  overload.impl = [parse](Args a, EvalContext&) { return parse(a[0]); };
  FunctionImpl unspecialized = overload.impl;
  overload.specialize =
      [parse, unspecialized](
          std::span<const std::optional<Value>> constants) -> std::variant<FunctionImpl, Value> {
    if (!constants[0]) return unspecialized;
    Value parsed = parse(*constants[0]);
    if (parsed.IsError()) return parsed;
    return FunctionImpl([parsed](Args, EvalContext&) { return parsed; });
  };
  r.Add(name, std::move(overload));
}

}  // namespace

void AddConversions(FunctionRegistry& r) {
  const ArgKind i = ArgKind::Of(Kind::kInt), u = ArgKind::Of(Kind::kUint),
                d = ArgKind::Of(Kind::kDouble), s = ArgKind::Of(Kind::kString),
                b = ArgKind::Of(Kind::kBytes), bo = ArgKind::Of(Kind::kBool),
                ts = ArgKind::Of(Kind::kTimestamp), du = ArgKind::Of(Kind::kDuration),
                any = ArgKind::Any();

  r.AddGlobal("int", "int64_to_int64", {i}, lib::Identity);
  r.AddGlobal("int", "uint64_to_int64", {u}, [](Args a, EvalContext&) {
    if (a[0].uint_value() > uint64_t(std::numeric_limits<int64_t>::max())) {
      return RangeError("int");
    }
    return Value::Int(int64_t(a[0].uint_value()));
  });
  r.AddGlobal("int", "double_to_int64", {d}, IntFromDouble);
  r.AddGlobal("int", "string_to_int64", {s},
              [](Args a, EvalContext&) { return FromParsed(ParseInteger<int64_t>("int", a[0])); });
  r.AddGlobal("int", "timestamp_to_int64", {ts},
              [](Args a, EvalContext&) { return Value::Int(a[0].timestamp_value().seconds); });

  r.AddGlobal("uint", "uint64_to_uint64", {u}, lib::Identity);
  r.AddGlobal("uint", "int64_to_uint64", {i}, [](Args a, EvalContext&) {
    if (a[0].int_value() < 0) return RangeError("uint");
    return Value::Uint(uint64_t(a[0].int_value()));
  });
  r.AddGlobal("uint", "double_to_uint64", {d}, UintFromDouble);
  r.AddGlobal("uint", "string_to_uint64", {s}, [](Args a, EvalContext&) {
    return FromParsed(ParseInteger<uint64_t>("uint", a[0]));
  });

  r.AddGlobal("double", "double_to_double", {d}, lib::Identity);
  r.AddGlobal("double", "int64_to_double", {i},
              [](Args a, EvalContext&) { return Value::Double(double(a[0].int_value())); });
  r.AddGlobal("double", "uint64_to_double", {u},
              [](Args a, EvalContext&) { return Value::Double(double(a[0].uint_value())); });
  r.AddGlobal("double", "string_to_double", {s}, DoubleFromString);

  r.AddGlobal("string", "to_string", {any}, StringOf);

  r.AddGlobal("bytes", "bytes_to_bytes", {b}, lib::Identity);
  r.AddGlobal("bytes", "string_to_bytes", {s}, BytesFromString);

  r.AddGlobal("bool", "bool_to_bool", {bo}, lib::Identity);
  r.AddGlobal("bool", "string_to_bool", {s}, BoolFromString);

  r.AddGlobal("timestamp", "timestamp_to_timestamp", {ts}, lib::Identity);
  r.AddGlobal("timestamp", "int64_to_timestamp", {i}, TimestampFromInt);
  AddLiteralCheckedParse(r, "timestamp", "string_to_timestamp", TimestampFromString);

  r.AddGlobal("duration", "duration_to_duration", {du}, lib::Identity);
  AddLiteralCheckedParse(r, "duration", "string_to_duration", DurationFromString);

  r.AddGlobal("dyn", "to_dyn", {any}, lib::Identity);
  r.AddGlobal("type", "type", {any},
              [](Args a, EvalContext&) { return Value::Type(TypeNameOf(a[0])); });
}

}  // namespace portcullis::cel::standard
