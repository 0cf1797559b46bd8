// Backslash escapes shared by the quoted renderings of strings: CEL literals (DebugString,
// strings.quote) and JSON (json.encode). Each rendering adds its own escapes for the characters
// on which the syntaxes differ. Private to cel/.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace portcullis::cel::detail {

// The two-character escape that CEL string literals and JSON strings both use for `c`
// (\" \\ \n \r \t), or an empty view when `c` has none.
std::string_view ShortEscape(char32_t c);

// Appends `prefix` and then `value` as `digits` lowercase hex digits, e.g.
// ("\\u", 0x2028, 4) -> `\u2028`, ("\\x", 0x7f, 2) -> `\x7f`. REQUIRES: value < 16^digits.
void AppendHexEscape(std::string& out, std::string_view prefix, uint32_t value, int digits);

}  // namespace portcullis::cel::detail
