// base64url without padding (RFC 7515 §2, RFC 4648 §5), the encoding of every JWS segment and
// JWK member. Decoding is strict: only the URL-safe alphabet, no '=' padding, no whitespace, and
// the unused low bits of the last character must be zero, so every byte string has exactly one
// accepted spelling (a token cannot be altered without changing its decoded bytes).
//
// Thread-safety: reentrant.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portcullis::identity {

std::string EncodeBase64Url(std::string_view bytes);

// The decoded bytes, or nullopt when `text` is not canonical unpadded base64url.
std::optional<std::string> DecodeBase64Url(std::string_view text);

}  // namespace portcullis::identity
