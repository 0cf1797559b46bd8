#include "gateway/strict_json.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

namespace portcullis::gateway {
namespace {

namespace json = boost::json;

// How much of a key an error message quotes.
constexpr size_t kQuotedKeyBytes = 64;

// What the handler itself rejected (Boost.JSON's own errors come as error codes).
struct HandlerFailure {
  JsonErrorKind kind;
  std::string key;  // the duplicate key
};

// The SAX handler of basic_parser: builds the value with a value_stack, as json::parser does,
// and enforces what json::parser does not: unique keys, finite numbers, the runtime limits.
class StrictHandler {
 public:
  // Boost.JSON's compile-time limits are lifted; the runtime limits below apply instead.
  static constexpr size_t max_array_size = static_cast<size_t>(-1);
  static constexpr size_t max_object_size = static_cast<size_t>(-1);
  static constexpr size_t max_string_size = static_cast<size_t>(-1);
  static constexpr size_t max_key_size = static_cast<size_t>(-1);

  StrictHandler(const JsonLimits& limits, json::storage_ptr storage)
      : limits_(limits), storage_(std::move(storage)) {}

  const std::optional<HandlerFailure>& failure() const { return failure_; }
  json::value Release() { return values_.release(); }

  bool on_document_begin(json::error_code&) {
    values_.reset(storage_);
    return true;
  }
  bool on_document_end(json::error_code&) { return true; }

  bool on_array_begin(json::error_code& ec) { return CountValue(ec); }
  bool on_array_end(size_t n, json::error_code&) {
    values_.push_array(n);
    return true;
  }

  bool on_object_begin(json::error_code& ec) {
    if (!CountValue(ec)) return false;
    // One key set per open object, reused by later objects at the same depth.
    if (key_sets_.size() == open_objects_) key_sets_.emplace_back();
    key_sets_[open_objects_++].clear();
    return true;
  }
  bool on_object_end(size_t n, json::error_code&) {
    --open_objects_;
    values_.push_object(n);
    return true;
  }

  bool on_string_part(json::string_view part, size_t total, json::error_code& ec) {
    if (!FitsStringLimit(total, ec)) return false;
    values_.push_chars(part);
    return true;
  }
  bool on_string(json::string_view last, size_t total, json::error_code& ec) {
    if (!FitsStringLimit(total, ec) || !CountValue(ec)) return false;
    values_.push_string(last);
    return true;
  }

  // Keys arrive unescaped, possibly in parts; they are compared whole, after unescaping.
  bool on_key_part(json::string_view part, size_t total, json::error_code& ec) {
    if (!FitsStringLimit(total, ec)) return false;
    key_.append(part.data(), part.size());
    return true;
  }
  bool on_key(json::string_view last, size_t total, json::error_code& ec) {
    if (!FitsStringLimit(total, ec)) return false;
    key_.append(last.data(), last.size());
    // A set ordered by comparison, not a hash set: no crafted keys can make it quadratic.
    if (!key_sets_[open_objects_ - 1].insert(key_).second) {
      return Fail(ec, JsonErrorKind::kDuplicateKey, std::move(key_));
    }
    values_.push_key(key_);
    key_.clear();
    return true;
  }

  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(int64_t number, json::string_view, json::error_code& ec) {
    if (!CountValue(ec)) return false;
    values_.push_int64(number);
    return true;
  }
  bool on_uint64(uint64_t number, json::string_view, json::error_code& ec) {
    if (!CountValue(ec)) return false;
    values_.push_uint64(number);
    return true;
  }
  bool on_double(double number, json::string_view, json::error_code& ec) {
    if (!std::isfinite(number)) return Fail(ec, JsonErrorKind::kNumberOutOfRange);
    if (!CountValue(ec)) return false;
    values_.push_double(number);
    return true;
  }
  bool on_bool(bool b, json::error_code& ec) {
    if (!CountValue(ec)) return false;
    values_.push_bool(b);
    return true;
  }
  bool on_null(json::error_code& ec) {
    if (!CountValue(ec)) return false;
    values_.push_null();
    return true;
  }

  // Comments are disabled in the parse options, so these are never called.
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  bool Fail(json::error_code& ec, JsonErrorKind kind, std::string key = {}) {
    failure_ = HandlerFailure{kind, std::move(key)};
    // Any error code stops the parser; failure_ says what it was.
    ec = json::error::exception;
    return false;
  }
  bool CountValue(json::error_code& ec) {
    if (++values_seen_ > limits_.max_elements) return Fail(ec, JsonErrorKind::kTooManyElements);
    return true;
  }
  bool FitsStringLimit(size_t total, json::error_code& ec) {
    if (total > limits_.max_string_bytes) return Fail(ec, JsonErrorKind::kStringTooLong);
    return true;
  }

  const JsonLimits& limits_;
  json::storage_ptr storage_;
  json::value_stack values_;
  std::vector<std::set<std::string, std::less<>>> key_sets_;
  size_t open_objects_ = 0;
  std::string key_;
  size_t values_seen_ = 0;
  std::optional<HandlerFailure> failure_;
};

JsonError MakeError(JsonErrorKind kind, size_t offset, const std::string& what) {
  return JsonError{kind, offset, what + " at byte " + std::to_string(offset)};
}

JsonError MakeError(JsonErrorKind kind, size_t offset, const std::string& what,
                    std::string_view advice) {
  JsonError error = MakeError(kind, offset, what);
  error.message.append(": ").append(advice);
  return error;
}

// `text` as a JSON string literal, cut to kQuotedKeyBytes at a UTF-8 character boundary.
std::string Quote(std::string_view text) {
  if (text.size() <= kQuotedKeyBytes) return json::serialize(json::string_view(text));
  size_t cut = kQuotedKeyBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return json::serialize(json::string_view(text.substr(0, cut))) + "...";
}

std::string DescribeByte(unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex = {kHex[byte >> 4], kHex[byte & 0xF]};
  if (byte < 0x20) return "control character U+00" + hex;
  if (byte >= 0x7F) return "byte 0x" + hex;
  return std::string("'") + static_cast<char>(byte) + "'";
}

// The opening quote of the string whose closing quote is at `closing`: the nearest quote before
// it that is not escaped (not preceded by an odd run of backslashes).
size_t OpeningQuote(std::string_view body, size_t closing) {
  for (size_t i = std::min(closing, body.size()); i-- > 0;) {
    if (body[i] != '"') continue;
    size_t backslashes = 0;
    while (backslashes < i && body[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return i;
  }
  return closing;
}

// Where the number that ends at `end` starts.
size_t NumberStart(std::string_view body, size_t end) {
  constexpr std::string_view kNumberChars = "0123456789+-.eE";
  end = std::min(end, body.size());
  while (end > 0 && kNumberChars.find(body[end - 1]) != std::string_view::npos) --end;
  return end;
}

bool IsHighSurrogateEscape(std::string_view escape) {
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  return escape.size() == 6 && escape[0] == '\\' && escape[1] == 'u' &&
         (escape[2] == 'd' || escape[2] == 'D') &&
         std::string_view("89abAB").find(escape[3]) != std::string_view::npos &&
         is_hex(escape[4]) && is_hex(escape[5]);
}

char LastNonWhitespaceBefore(std::string_view body, size_t offset) {
  while (offset > 0) {
    char c = body[--offset];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
  }
  return '\0';
}

JsonError CommentError(size_t offset) {
  return MakeError(JsonErrorKind::kSyntax, offset, "comment", "JSON does not allow comments");
}

JsonError UnexpectedEnd(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return MakeError(JsonErrorKind::kSyntax, body.size(), "empty body", "expected one JSON value");
  }
  return MakeError(JsonErrorKind::kSyntax, body.size(), "the JSON text ends early",
                   "a string, array or object is not closed");
}

// Boost.JSON says only "syntax error"; the byte it stopped at tells the client more.
JsonError DescribeSyntaxError(std::string_view body, size_t offset) {
  if (offset >= body.size()) return UnexpectedEnd(body);
  if (offset == 0 && body.starts_with("\xEF\xBB\xBF")) {
    return MakeError(JsonErrorKind::kSyntax, 0, "byte order mark",
                     "JSON text must not start with U+FEFF (RFC 8259 section 8.1)");
  }
  auto byte = static_cast<unsigned char>(body[offset]);
  if (offset >= 6 && IsHighSurrogateEscape(body.substr(offset - 6, 6))) {
    return MakeError(JsonErrorKind::kInvalidEscape, offset - 6, "lone UTF-16 surrogate escape",
                     "a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF escape");
  }
  if (byte == '/') return CommentError(offset);
  if ((byte == ']' || byte == '}') && LastNonWhitespaceBefore(body, offset) == ',') {
    return MakeError(JsonErrorKind::kSyntax, offset, "trailing comma before " + DescribeByte(byte),
                     "JSON does not allow trailing commas");
  }
  if (byte >= 0x80) {
    return MakeError(JsonErrorKind::kInvalidUtf8, offset, "unexpected " + DescribeByte(byte),
                     "the body must be well-formed UTF-8, with non-ASCII characters only inside "
                     "strings");
  }
  if (byte < 0x20) {
    return MakeError(JsonErrorKind::kSyntax, offset, "unexpected " + DescribeByte(byte),
                     "control characters must be escaped inside strings (\\n, \\u0000...) and "
                     "may not appear outside them");
  }
  return MakeError(JsonErrorKind::kSyntax, offset, "unexpected " + DescribeByte(byte),
                   "the body must be strict JSON (RFC 8259)");
}

JsonError DescribeHandlerFailure(std::string_view body, size_t offset,
                                 const HandlerFailure& failure, const JsonLimits& limits) {
  switch (failure.kind) {
    case JsonErrorKind::kDuplicateKey:
      return MakeError(failure.kind, OpeningQuote(body, offset),
                       "duplicate key " + Quote(failure.key),
                       "every key of an object must be unique (escapes are compared decoded)");
    case JsonErrorKind::kNumberOutOfRange:
      return MakeError(failure.kind, NumberStart(body, offset), "number out of range",
                       "numbers must be finite double-precision values");
    case JsonErrorKind::kTooManyElements:
      return MakeError(failure.kind, offset, "too many values",
                       "the limit is " + std::to_string(limits.max_elements) + " per body");
    case JsonErrorKind::kStringTooLong:
      return MakeError(failure.kind, offset, "string too long",
                       "the limit is " + std::to_string(limits.max_string_bytes) + " bytes");
    default:
      return MakeError(failure.kind, offset, "invalid JSON");
  }
}

JsonError DescribeParserError(std::string_view body, size_t offset, json::error_code ec,
                              size_t max_depth) {
  if (ec == json::error::too_deep) {
    return MakeError(JsonErrorKind::kTooDeep, offset, "nesting too deep",
                     "the limit is " + std::to_string(max_depth) + " levels of arrays and objects");
  }
  if (ec == json::error::illegal_leading_surrogate ||
      ec == json::error::illegal_trailing_surrogate || ec == json::error::expected_utf16_escape) {
    return MakeError(JsonErrorKind::kInvalidEscape, offset, "lone UTF-16 surrogate escape",
                     "\\uD800-\\uDFFF escapes must come as high-low pairs");
  }
  if (ec == json::error::exponent_overflow) {
    return MakeError(JsonErrorKind::kNumberOutOfRange, NumberStart(body, offset),
                     "number out of range", "numbers must be finite double-precision values");
  }
  if (ec == json::error::incomplete) return UnexpectedEnd(body);
  if (ec == json::error::extra_data) {
    if (offset < body.size() && body[offset] == '/') return CommentError(offset);
    return MakeError(JsonErrorKind::kSyntax, offset, "data after the JSON value",
                     "the body must be exactly one JSON value");
  }
  if (ec == json::error::syntax) return DescribeSyntaxError(body, offset);
  return MakeError(JsonErrorKind::kSyntax, offset, ec.message());
}

}  // namespace

std::string_view JsonErrorKindName(JsonErrorKind kind) {
  switch (kind) {
    case JsonErrorKind::kTooLarge:
      return "too_large";
    case JsonErrorKind::kSyntax:
      return "syntax";
    case JsonErrorKind::kInvalidUtf8:
      return "invalid_utf8";
    case JsonErrorKind::kInvalidEscape:
      return "invalid_escape";
    case JsonErrorKind::kTooDeep:
      return "too_deep";
    case JsonErrorKind::kStringTooLong:
      return "string_too_long";
    case JsonErrorKind::kTooManyElements:
      return "too_many_elements";
    case JsonErrorKind::kDuplicateKey:
      return "duplicate_key";
    case JsonErrorKind::kNumberOutOfRange:
      return "number_out_of_range";
  }
  return "unknown";
}

std::variant<json::value, JsonError> ParseStrictJson(std::string_view body,
                                                     const JsonLimits& limits,
                                                     json::storage_ptr storage) {
  if (body.size() > limits.max_bytes) {
    return JsonError{JsonErrorKind::kTooLarge, limits.max_bytes,
                     "body too large: " + std::to_string(body.size()) + " bytes, the limit is " +
                         std::to_string(limits.max_bytes)};
  }
  // The defaults are strict RFC 8259: no comments, no trailing commas, UTF-8 validated.
  json::parse_options options;
  options.max_depth = std::min(limits.max_depth, kMaxJsonDepthCeiling);
  json::basic_parser<StrictHandler> parser(options, limits, std::move(storage));
  json::error_code ec;
  size_t offset = parser.write_some(false, body.data(), body.size(), ec);
  if (const auto& failure = parser.handler().failure()) {
    return DescribeHandlerFailure(body, offset, *failure, limits);
  }
  if (ec) return DescribeParserError(body, offset, ec, options.max_depth);
  if (offset != body.size()) {
    return DescribeParserError(body, offset, json::error::extra_data, options.max_depth);
  }
  return parser.handler().Release();
}

std::string SerializeForUpstream(const json::value& value) {
  return json::serialize(value);
}

}  // namespace portcullis::gateway
