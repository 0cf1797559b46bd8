#include "cel/proto_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <boost/json.hpp>

#include "cel/time.h"
#include "cel/value_ops.h"

namespace portcullis::cel {

namespace {

namespace json = boost::json;

using Result = std::variant<Value, std::string>;

constexpr std::string_view kTypeUrlPrefix = "type.googleapis.com/";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsError(const Result& r) {
  return std::holds_alternative<std::string>(r);
}

std::string_view View(const json::string& s) {
  return {s.data(), s.size()};
}

// Standard base64 with padding.
std::string Base64Encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16 | uint32_t(uint8_t(data[i + 1])) << 8 |
                 uint8_t(data[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64Alphabet[(n >> shift) & 63];
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(data[i + 1])) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Accepts the standard and URL-safe alphabets, with or without padding (as protobuf JSON
// parsers do).
std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      v = 62;
    } else if (c == '/' || c == '_') {
      v = 63;
    } else {
      return std::nullopt;
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out += static_cast<char>((bits >> bit_count) & 0xFF);
    }
  }
  return out;
}

// Integers arrive as JSON strings (protobuf's int64 form) or as numbers.
template <typename T>
std::optional<T> IntegerFrom(const json::value& v) {
  if (v.is_string()) {
    std::string_view s = View(v.get_string());
    T out;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return out;
  }
  if (v.is_int64()) {
    int64_t i = v.get_int64();
    if (i < 0 && std::is_unsigned_v<T>) return std::nullopt;
    if (std::is_same_v<T, int32_t> && (i < INT32_MIN || i > INT32_MAX)) return std::nullopt;
    if (std::is_same_v<T, uint32_t> && i > static_cast<int64_t>(UINT32_MAX)) return std::nullopt;
    return static_cast<T>(i);
  }
  if (v.is_uint64()) {
    uint64_t u = v.get_uint64();
    if (u > static_cast<uint64_t>(std::numeric_limits<T>::max())) return std::nullopt;
    return static_cast<T>(u);
  }
  if (v.is_double()) {
    double d = v.get_double();
    // Only exact integers that fit; kUpper (2^63, 2^32...) is the first value that does not.
    constexpr double kUpper = std::is_signed_v<T>
                                  ? -double(std::numeric_limits<T>::min())
                                  : 2.0 * double(std::numeric_limits<T>::max() / 2 + 1);
    if (std::trunc(d) != d || d < double(std::numeric_limits<T>::min()) || d >= kUpper) {
      return std::nullopt;
    }
    return static_cast<T>(d);
  }
  return std::nullopt;
}

std::optional<double> DoubleFrom(const json::value& v) {
  if (v.is_number()) return v.to_number<double>();
  if (!v.is_string()) return std::nullopt;
  std::string_view s = View(v.get_string());
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  double d;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return d;
}

// Type names a typeValue may carry, mapped to the static names Value::Type requires.
std::optional<std::string_view> StaticTypeName(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      type_names::kNull,     type_names::kBool,      type_names::kInt,      type_names::kUint,
      type_names::kDouble,   type_names::kString,    type_names::kBytes,    type_names::kList,
      type_names::kMap,      type_names::kTimestamp, type_names::kDuration, type_names::kType,
      type_names::kOptional,
  };
  for (std::string_view known : kNames) {
    if (known == name) return known;
  }
  return std::nullopt;
}

// A JSON value as google.protobuf.Value maps it (numbers are doubles), detached from `v`.
Value FromJsonOwned(const json::value& v) {
  return Value::FromJson(v).own();
}

Result ListFromProtoJson(const json::value& list) {
  if (!list.is_object()) return std::string("listValue must be an object");
  ListElements elements;
  if (const json::value* values = list.get_object().if_contains("values")) {
    if (!values->is_array()) return std::string("listValue.values must be an array");
    elements.reserve(values->get_array().size());
    for (const auto& element : values->get_array()) {
      Result r = ValueFromProtoJson(element);
      if (IsError(r)) return r;
      elements.push_back(std::move(std::get<Value>(r)));
    }
  }
  return Value::List(std::move(elements));
}

Result MapFromProtoJson(const json::value& map) {
  if (!map.is_object()) return std::string("mapValue must be an object");
  std::vector<std::pair<Value, Value>> entries;
  if (const json::value* list = map.get_object().if_contains("entries")) {
    if (!list->is_array()) return std::string("mapValue.entries must be an array");
    for (const auto& entry : list->get_array()) {
      const json::object* fields = entry.if_object();
      const json::value* key = fields ? fields->if_contains("key") : nullptr;
      const json::value* value = fields ? fields->if_contains("value") : nullptr;
      if (!key || !value) return std::string("map entry needs a key and a value");
      Result k = ValueFromProtoJson(*key);
      if (IsError(k)) return k;
      Result v = ValueFromProtoJson(*value);
      if (IsError(v)) return v;
      entries.emplace_back(std::move(std::get<Value>(k)), std::move(std::get<Value>(v)));
    }
  }
  Value built = MakeMap(std::move(entries));
  if (built.IsError()) return built.error_message();
  return built;
}

// An objectValue: a message in protobuf's JSON form, `{"@type": URL, ...fields}`. Only the
// well-known types with a CEL value are supported.
Result ObjectFromProtoJson(const json::value& object) {
  const json::object* fields = object.if_object();
  const json::value* type_url = fields ? fields->if_contains("@type") : nullptr;
  if (!type_url || !type_url->is_string()) return std::string("objectValue needs an @type");
  std::string_view type = View(type_url->get_string());
  type = type.substr(type.rfind('/') + 1);  // npos + 1 == 0: a bare name
  const json::value* value = fields->if_contains("value");
  static const json::value kAbsent;
  const json::value& v = value ? *value : kAbsent;
  auto invalid = [&] { return "invalid " + std::string(type) + ": " + json::serialize(v); };

  if (type == "google.protobuf.Timestamp") {
    auto t = v.is_string() ? ParseTimestamp(View(v.get_string())) : std::nullopt;
    if (!t) return invalid();
    return Value::Timestamp(*t);
  }
  if (type == "google.protobuf.Duration") {
    std::string_view text = v.is_string() ? View(v.get_string()) : std::string_view();
    auto d = text.ends_with('s') ? ParseDuration(text) : std::nullopt;
    if (!d) return invalid();
    return Value::Duration(*d);
  }
  if (type == "google.protobuf.Int32Value" || type == "google.protobuf.Int64Value") {
    if (!value) return Value::Int(0);
    std::optional<int64_t> i = type == "google.protobuf.Int32Value"
                                   ? std::optional<int64_t>(IntegerFrom<int32_t>(v))
                                   : IntegerFrom<int64_t>(v);
    if (!i) return invalid();
    return Value::Int(*i);
  }
  if (type == "google.protobuf.UInt32Value" || type == "google.protobuf.UInt64Value") {
    if (!value) return Value::Uint(0);
    std::optional<uint64_t> u = type == "google.protobuf.UInt32Value"
                                    ? std::optional<uint64_t>(IntegerFrom<uint32_t>(v))
                                    : IntegerFrom<uint64_t>(v);
    if (!u) return invalid();
    return Value::Uint(*u);
  }
  if (type == "google.protobuf.FloatValue" || type == "google.protobuf.DoubleValue") {
    if (!value) return Value::Double(0);
    auto d = DoubleFrom(v);
    if (!d) return invalid();
    // A float field holds single precision.
    return Value::Double(type == "google.protobuf.FloatValue" ? double(float(*d)) : *d);
  }
  if (type == "google.protobuf.BoolValue") {
    if (!value) return Value::Bool(false);
    if (!v.is_bool()) return invalid();
    return Value::Bool(v.get_bool());
  }
  if (type == "google.protobuf.StringValue") {
    if (!value) return Value::String("");
    if (!v.is_string()) return invalid();
    return Value::String(std::string(View(v.get_string())));
  }
  if (type == "google.protobuf.BytesValue") {
    if (!value) return Value::Bytes("");
    auto bytes = v.is_string() ? Base64Decode(View(v.get_string())) : std::nullopt;
    if (!bytes) return invalid();
    return Value::Bytes(std::move(*bytes));
  }
  if (type == "google.protobuf.Value") return FromJsonOwned(v);
  if (type == "google.protobuf.Struct") {
    if (!value) return FromJsonOwned(json::object());
    if (!v.is_object()) return invalid();
    return FromJsonOwned(v);
  }
  if (type == "google.protobuf.ListValue") {
    if (!value) return Value::List({});
    if (!v.is_array()) return invalid();
    return FromJsonOwned(v);
  }
  if (type == "google.protobuf.Any") {
    if (!v.is_object()) return invalid();
    return ObjectFromProtoJson(v);  // the packed message, with its own @type
  }
  return "unsupported message type: " + std::string(type);
}

json::value Tagged(std::string_view field, json::value v) {
  json::object out;
  out.emplace(field, std::move(v));
  return out;
}

json::value WellKnownObject(std::string_view type, std::string_view text) {
  json::object object;
  object.emplace("@type", std::string(kTypeUrlPrefix) + std::string(type));
  object.emplace("value", text);
  return Tagged("objectValue", std::move(object));
}

}  // namespace

std::variant<Value, std::string> ValueFromProtoJson(const boost::json::value& proto) {
  const json::object* object = proto.if_object();
  if (!object || object->size() != 1) {
    return "expected a cel.expr.Value with one field, got " + json::serialize(proto);
  }
  const json::key_value_pair& entry = *object->begin();
  std::string_view field(entry.key().data(), entry.key().size());
  const json::value& v = entry.value();
  auto invalid = [&] { return "invalid " + std::string(field) + ": " + json::serialize(v); };

  if (field == "nullValue") {
    if (v.is_null() || (v.is_string() && v.get_string() == "NULL_VALUE")) return Value::Null();
    return invalid();
  }
  if (field == "boolValue") {
    if (!v.is_bool()) return invalid();
    return Value::Bool(v.get_bool());
  }
  if (field == "int64Value") {
    auto i = IntegerFrom<int64_t>(v);
    if (!i) return invalid();
    return Value::Int(*i);
  }
  if (field == "uint64Value") {
    auto u = IntegerFrom<uint64_t>(v);
    if (!u) return invalid();
    return Value::Uint(*u);
  }
  if (field == "doubleValue") {
    auto d = DoubleFrom(v);
    if (!d) return invalid();
    return Value::Double(*d);
  }
  if (field == "stringValue") {
    if (!v.is_string()) return invalid();
    return Value::String(std::string(View(v.get_string())));
  }
  if (field == "bytesValue") {
    auto bytes = v.is_string() ? Base64Decode(View(v.get_string())) : std::nullopt;
    if (!bytes) return invalid();
    return Value::Bytes(std::move(*bytes));
  }
  if (field == "listValue") return ListFromProtoJson(v);
  if (field == "mapValue") return MapFromProtoJson(v);
  if (field == "objectValue") return ObjectFromProtoJson(v);
  if (field == "enumValue") {
    // Enums are ints in CEL; a missing value is the zero enumerator.
    const json::object* fields = v.if_object();
    if (!fields) return invalid();
    const json::value* number = fields->if_contains("value");
    if (!number) return Value::Int(0);
    auto i = IntegerFrom<int32_t>(*number);
    if (!i) return invalid();
    return Value::Int(*i);
  }
  if (field == "typeValue") {
    auto name = v.is_string() ? StaticTypeName(View(v.get_string())) : std::nullopt;
    if (!name) return "unsupported type: " + json::serialize(v);
    return Value::Type(*name);
  }
  return "unsupported cel.expr.Value field: " + std::string(field);
}

std::variant<Value, std::string> ExprValueFromProtoJson(const boost::json::value& proto) {
  const json::object* object = proto.if_object();
  if (!object || object->size() != 1) {
    return "expected a cel.expr.ExprValue with one field, got " + json::serialize(proto);
  }
  const auto& [key, v] = *object->begin();
  if (key == "value") return ValueFromProtoJson(v);
  if (key == "error") {
    // {"errors": [{"message": "..."}, ...]}: the messages, joined.
    std::string message;
    const json::object* fields = v.if_object();
    const json::value* errors = fields ? fields->if_contains("errors") : nullptr;
    if (errors && errors->is_array()) {
      for (const auto& error : errors->get_array()) {
        const json::value* text =
            error.is_object() ? error.get_object().if_contains("message") : nullptr;
        if (!text || !text->is_string()) continue;
        if (!message.empty()) message += "; ";
        message += View(text->get_string());
      }
    }
    return Value::Error(std::move(message));
  }
  if (key == "unknown") {
    // {"exprs": ["1", ...]}: the ids of the unknown expressions.
    UnknownSet set;
    const json::object* fields = v.if_object();
    const json::value* exprs = fields ? fields->if_contains("exprs") : nullptr;
    if (exprs && exprs->is_array()) {
      for (const auto& id : exprs->get_array()) {
        auto n = IntegerFrom<int64_t>(id);
        if (!n) return "invalid unknown expression id: " + json::serialize(id);
        set.attributes.push_back(std::to_string(*n));
      }
    }
    std::sort(set.attributes.begin(), set.attributes.end());
    set.attributes.erase(std::unique(set.attributes.begin(), set.attributes.end()),
                         set.attributes.end());
    return Value::Unknown(std::move(set));
  }
  return "unsupported cel.expr.ExprValue field: " + std::string(key);
}

boost::json::value ValueToProtoJson(const Value& value) {
  switch (value.kind()) {
    case Kind::kNull:
      return Tagged("nullValue", nullptr);
    case Kind::kBool:
      return Tagged("boolValue", value.bool_value());
    case Kind::kInt:
      return Tagged("int64Value", json::string(std::to_string(value.int_value())));
    case Kind::kUint:
      return Tagged("uint64Value", json::string(std::to_string(value.uint_value())));
    case Kind::kDouble: {
      double d = value.double_value();
      if (std::isnan(d)) return Tagged("doubleValue", "NaN");
      if (std::isinf(d)) return Tagged("doubleValue", d > 0 ? "Infinity" : "-Infinity");
      return Tagged("doubleValue", d);
    }
    case Kind::kString:
      return Tagged("stringValue", json::string(value.str()));
    case Kind::kBytes:
      return Tagged("bytesValue", json::string(Base64Encode(value.str())));
    case Kind::kList: {
      // As protobuf JSON omits empty repeated fields, an empty list is {"listValue":{}}.
      json::object list;
      if (size_t n = value.list_size(); n > 0) {
        json::array values;
        values.reserve(n);
        for (size_t i = 0; i < n; ++i) values.push_back(ValueToProtoJson(value.list_at(i)));
        list.emplace("values", std::move(values));
      }
      return Tagged("listValue", std::move(list));
    }
    case Kind::kMap: {
      json::object map;
      if (size_t n = value.map_size(); n > 0) {
        json::array entries;
        entries.reserve(n);
        for (size_t i = 0; i < n; ++i) {
          json::object entry;
          entry.emplace("key", ValueToProtoJson(value.map_key_at(i)));
          entry.emplace("value", ValueToProtoJson(value.map_value_at(i)));
          entries.push_back(std::move(entry));
        }
        map.emplace("entries", std::move(entries));
      }
      return Tagged("mapValue", std::move(map));
    }
    case Kind::kTimestamp:
      return WellKnownObject(type_names::kTimestamp, FormatTimestamp(value.timestamp_value()));
    case Kind::kDuration:
      return WellKnownObject(type_names::kDuration, FormatDuration(value.duration_value()));
    case Kind::kType:
      return Tagged("typeValue", json::string(value.type_name()));
    case Kind::kOptional:
    case Kind::kError:
    case Kind::kUnknown:
      // Not representable (see the header); a readable stand-in rather than a crash.
      return Tagged("stringValue", json::string(DebugString(value)));
  }
  return nullptr;
}

}  // namespace portcullis::cel
