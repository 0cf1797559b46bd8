// UTF-8 decoding, encoding and validation shared by the lexer, the value operations and the
// function libraries (private to cel/).
//
// Well-formed means as Go's unicode/utf8: no overlong forms, no surrogates, nothing past U+10FFFF.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace portcullis::cel::detail {

// The replacement character U+FFFD, what invalid UTF-8 sequences decode to.
inline constexpr char32_t kReplacementChar = 0xFFFD;

// Length of the well-formed sequence starting at s[pos], or 0 when it is malformed (truncated,
// overlong, a surrogate or beyond U+10FFFF). When the length is not 0 and `code_point` is not
// null, *code_point receives the decoded value. REQUIRES: pos < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t pos, char32_t* code_point = nullptr);

// Whether `s` is entirely well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Decodes the code point starting at s[*pos] and advances *pos past it. An invalid sequence
// decodes to U+FFFD and advances by one byte (as Go's utf8.DecodeRuneInString).
// REQUIRES: *pos < s.size().
char32_t DecodeUtf8(std::string_view s, size_t* pos);

// Decodes a whole string into code points.
std::u32string DecodeUtf8(std::string_view s);

// Appends the UTF-8 encoding of `c`. REQUIRES: c <= U+10FFFF.
void AppendUtf8(std::string& out, char32_t c);
std::string EncodeUtf8(std::u32string_view s);

// Number of code points in `s` (invalid bytes count as one each).
size_t CodePointCount(std::string_view s);

}  // namespace portcullis::cel::detail
