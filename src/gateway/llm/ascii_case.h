// Case-insensitive comparison of ASCII text, as HTTP field names and media types are compared
// (RFC 9110 sections 5.1 and 8.3.1); bytes outside A-Z compare as they are.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace portcullis::gateway::llm {

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix);

bool EqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace portcullis::gateway::llm
