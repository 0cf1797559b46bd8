#include "pdp/output_value_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "cel/time.h"

namespace portcullis::pdp {
namespace {

constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53) - 1;

void AppendString(std::string_view text, std::string& out) {
  out += boost::json::serialize(boost::json::string(text));
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= uint8_t(bytes[i + 2]);
    text += kAlphabet[(n >> 18) & 63];
    text += kAlphabet[(n >> 12) & 63];
    text += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    text += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return text;
}

// Go's time.RFC3339Nano: the fraction without trailing zeros.
std::string TimestampText(cel::Timestamp t) {
  std::string text = cel::FormatTimestamp(t);  // ...SS[.fff[fff[fff]]]Z
  size_t dot = text.find('.');
  if (dot == std::string::npos) return text;
  size_t last = text.size() - 2;  // before 'Z'
  while (last > dot && text[last] == '0') --last;
  if (last == dot) --last;
  return text.substr(0, last + 1) + "Z";
}

// Go's strconv.FormatFloat(seconds, 'f', -1, 64) + "s".
std::string DurationText(cel::Duration d) {
  double seconds = static_cast<double>(d.seconds) + static_cast<double>(d.nanos) / 1e9;
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed);
  return std::string(buffer, end) + "s";
}

void AppendInteger(bool safe, const std::string& digits, std::string& out) {
  if (safe) {
    out += digits;
  } else {
    out += '"' + digits + '"';
  }
}

}  // namespace

void AppendJsonDouble(double number, std::string& out) {
  char buffer[64];
  double magnitude = std::fabs(number);
  bool exponent = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21);
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, number,
                    exponent ? std::chars_format::scientific : std::chars_format::fixed);
  std::string text(buffer, end);
  // Go writes "e-07" as "e-7".
  if (size_t e = text.find('e');
      e != std::string::npos && text.size() > e + 3 && text[e + 2] == '0')
    text.erase(e + 2, 1);
  out += text;
}

OutputJsonStatus AppendOutputJson(const cel::Value& value, std::string& out, std::string& error) {
  switch (value.kind()) {
    case cel::Kind::kNull:
      out += "null";
      return OutputJsonStatus::kOk;
    case cel::Kind::kBool:
      out += value.bool_value() ? "true" : "false";
      return OutputJsonStatus::kOk;
    case cel::Kind::kInt: {
      int64_t n = value.int_value();
      AppendInteger(n >= -kMaxSafeInteger && n <= kMaxSafeInteger, std::to_string(n), out);
      return OutputJsonStatus::kOk;
    }
    case cel::Kind::kUint: {
      uint64_t n = value.uint_value();
      AppendInteger(n <= static_cast<uint64_t>(kMaxSafeInteger), std::to_string(n), out);
      return OutputJsonStatus::kOk;
    }
    case cel::Kind::kDouble:
      if (!std::isfinite(value.double_value())) return OutputJsonStatus::kNotFinite;
      AppendJsonDouble(value.double_value(), out);
      return OutputJsonStatus::kOk;
    case cel::Kind::kString:
      AppendString(value.str(), out);
      return OutputJsonStatus::kOk;
    case cel::Kind::kBytes:
      AppendString(Base64(value.str()), out);
      return OutputJsonStatus::kOk;
    case cel::Kind::kTimestamp:
      AppendString(TimestampText(value.timestamp_value()), out);
      return OutputJsonStatus::kOk;
    case cel::Kind::kDuration:
      AppendString(DurationText(value.duration_value()), out);
      return OutputJsonStatus::kOk;
    case cel::Kind::kList: {
      out += '[';
      for (size_t i = 0; i < value.list_size(); ++i) {
        if (i > 0) out += ',';
        OutputJsonStatus status = AppendOutputJson(value.list_at(i), out, error);
        if (status != OutputJsonStatus::kOk) return status;
      }
      out += ']';
      return OutputJsonStatus::kOk;
    }
    case cel::Kind::kMap: {
      // Keys are kept as Values: a string Value may hold its text inline.
      std::vector<std::pair<cel::Value, size_t>> entries;  // key, index
      for (size_t i = 0; i < value.map_size(); ++i) {
        cel::Value key = value.map_key_at(i);
        if (!key.is(cel::Kind::kString)) {
          std::string_view type = cel::TypeNameOf(key);
          error = key.is(cel::Kind::kBool)
                      ? "type conversion error from bool to 'string'"
                      : "unsupported type conversion from '" + std::string(type) + "' to string";
          return OutputJsonStatus::kUnconvertible;
        }
        entries.emplace_back(key, i);
      }
      std::sort(entries.begin(), entries.end(),
                [](const auto& a, const auto& b) { return a.first.str() < b.first.str(); });
      out += '{';
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ',';
        AppendString(entries[i].first.str(), out);
        out += ':';
        OutputJsonStatus status =
            AppendOutputJson(value.map_value_at(entries[i].second), out, error);
        if (status != OutputJsonStatus::kOk) return status;
      }
      out += '}';
      return OutputJsonStatus::kOk;
    }
    default:
      error = "type conversion not supported for '" + std::string(cel::TypeNameOf(value)) + "'";
      return OutputJsonStatus::kUnconvertible;
  }
}

}  // namespace portcullis::pdp
