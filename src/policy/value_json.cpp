#include "policy/value_json.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cel/time.h"
#include "cel/value_ops.h"

namespace portcullis::policy {
namespace {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::optional<boost::json::value> ValueToJson(const cel::Value& value) {
  switch (value.kind()) {
    case cel::Kind::kNull:
      return boost::json::value(nullptr);
    case cel::Kind::kBool:
      return boost::json::value(value.bool_value());
    case cel::Kind::kInt:
      return boost::json::value(static_cast<double>(value.int_value()));
    case cel::Kind::kUint:
      return boost::json::value(static_cast<double>(value.uint_value()));
    case cel::Kind::kDouble:
      return boost::json::value(value.double_value());
    case cel::Kind::kString:
      return boost::json::value(value.str());
    case cel::Kind::kBytes:
      return boost::json::value(Base64(value.str()));
    case cel::Kind::kTimestamp:
      return boost::json::value(cel::FormatTimestamp(value.timestamp_value()));
    case cel::Kind::kDuration:
      return boost::json::value(cel::FormatDuration(value.duration_value()));
    case cel::Kind::kList: {
      boost::json::array array;
      for (size_t i = 0; i < value.list_size(); ++i) {
        std::optional<boost::json::value> element = ValueToJson(value.list_at(i));
        if (!element) return std::nullopt;
        array.push_back(std::move(*element));
      }
      return boost::json::value(std::move(array));
    }
    case cel::Kind::kMap: {
      boost::json::object object;
      for (size_t i = 0; i < value.map_size(); ++i) {
        cel::Value key = value.map_key_at(i);
        std::optional<boost::json::value> entry = ValueToJson(value.map_value_at(i));
        if (!entry) return std::nullopt;
        if (key.is(cel::Kind::kString)) {
          object[key.str()] = std::move(*entry);
        } else {
          std::optional<std::string> text = cel::ToCelString(key);
          if (!text) return std::nullopt;
          object[*text] = std::move(*entry);
        }
      }
      return boost::json::value(std::move(object));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace portcullis::policy
