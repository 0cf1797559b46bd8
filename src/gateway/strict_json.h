// Strict JSON for request bodies: the body of every gateway request is parsed exactly once, by
// ParseStrictJson, and that one value is both what the policy decision reads and what goes
// upstream (SerializeForUpstream). This is the anti-parser-differential rule: no second parser
// ever reads the client's bytes, so no input that parsers disagree on (duplicate keys, where
// Boost.JSON's own parser keeps the last one and others keep the first; escapes that spell the
// same key twice; numbers one side rounds to infinity) can make the decision and the upstream see
// different requests.
//
// Accepted is RFC 8259 JSON and nothing else: UTF-8 without a byte order mark, no comments, no
// trailing commas, no NaN/Infinity, no lone UTF-16 surrogates in \u escapes. On top of RFC 8259:
// - every object's keys are unique after unescaping ("a" and "\u0061" are the same key), at any
//   depth;
// - a number whose magnitude overflows a double (1e400) is rejected rather than read as infinity;
// - the limits of JsonLimits hold.
// Numbers are kept as Boost.JSON keeps them: int64 when they fit, else uint64, else double.
// Boost.JSON 1.81 does not round every decimal to the nearest double (it can be one bit off);
// the rule still holds, because the double the decision read is what goes upstream, written as
// the shortest decimal that reads back as exactly that double.
//
// Thread-safety: ParseStrictJson and SerializeForUpstream are reentrant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

namespace portcullis::gateway {

// The deepest nesting any JsonLimits may allow: the parser descends recursively, so the depth
// bounds its use of the thread's stack.
inline constexpr size_t kMaxJsonDepthCeiling = 1000;

struct JsonLimits {
  size_t max_bytes = 4 << 20;         // the whole body
  size_t max_depth = 64;              // nesting of arrays and objects; REQUIRES <= the ceiling
  size_t max_string_bytes = 1 << 20;  // one string or key, after unescaping
  size_t max_elements = 100'000;      // values in the document, containers included
};

enum class JsonErrorKind {
  kTooLarge,          // the body is longer than max_bytes
  kSyntax,            // not JSON: comments, trailing commas, a BOM, truncated, trailing data...
  kInvalidUtf8,       // a byte that is not well-formed UTF-8 (or non-ASCII outside a string)
  kInvalidEscape,     // a \u escape encoding a lone UTF-16 surrogate
  kTooDeep,           // nested deeper than max_depth
  kStringTooLong,     // a string or key longer than max_string_bytes
  kTooManyElements,   // more than max_elements values
  kDuplicateKey,      // a key appears twice in one object
  kNumberOutOfRange,  // a number too large for a double
};

// A stable snake_case name, e.g. "duplicate_key", for logs and error data.
std::string_view JsonErrorKindName(JsonErrorKind kind);

struct JsonError {
  JsonErrorKind kind;
  // Where in the body the problem was found: for a duplicate key, the offset of the opening quote
  // of its second occurrence; otherwise the byte at which parsing stopped.
  size_t offset;
  // One sentence for the client naming the problem and the byte offset, e.g.
  // `duplicate key "a" at byte 17: every key of an object must be unique`. Any part of the body it
  // quotes is JSON-escaped and shortened, so the message is valid UTF-8 and one line.
  std::string message;
};

// The value of `body`, allocated with `storage` (the default resource when null), or why `body`
// is not acceptable. Never reads past `body` and never crashes on any input; memory use is
// bounded by the limits.
std::variant<boost::json::value, JsonError> ParseStrictJson(std::string_view body,
                                                            const JsonLimits& limits,
                                                            boost::json::storage_ptr storage = {});

// The bytes to send upstream for a value ParseStrictJson returned (and the gateway may have
// rewritten): compact RFC 8259 JSON of exactly that value.
std::string SerializeForUpstream(const boost::json::value& value);

}  // namespace portcullis::gateway
