// Base64 in the standard alphabet with padding (RFC 4648 §4), as Go's base64.StdEncoding writes
// it: used by base64.encode and by json.encode for bytes. Private to cel/lib/.
//
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace portcullis::cel::lib {

// The padded base64 encoding of `bytes`.
std::string Base64Encode(std::string_view bytes);

}  // namespace portcullis::cel::lib
