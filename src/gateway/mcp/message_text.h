// Text from clients and upstream servers put into messages the gateway writes (errors, denials,
// instructions): cut to a bound on a UTF-8 character boundary, so hostile input can make a
// message neither huge nor invalid UTF-8.
//
// Thread-safety: reentrant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace portcullis::gateway::mcp {

// `text` when it holds at most `max_bytes`, else its longest prefix of at most `max_bytes` that
// ends on a character boundary, followed by "…". REQUIRES: `text` is UTF-8.
std::string ShortenUtf8(std::string_view text, size_t max_bytes);

// ShortenUtf8(text, max_bytes) as a JSON string literal (quoted and escaped), for messages.
std::string QuoteForMessage(std::string_view text, size_t max_bytes = 128);

}  // namespace portcullis::gateway::mcp
