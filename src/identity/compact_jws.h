// Splitting a JWS in compact serialization (RFC 7515 §7.1) into its parts, before anything is
// verified: the decoded JOSE header, the signing input, the signature bytes, and the payload
// bytes, which the verifier parses only once the signature is known to be good.
//
// Thread-safety: reentrant.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

#include "identity/auth_error.h"

namespace portcullis::identity {

struct CompactJws {
  boost::json::object header;
  std::string_view signing_input;  // "<header>.<payload>" as sent; views the token
  std::string payload;             // decoded, not parsed
  std::string signature;           // decoded
};

// The parts of `token` (not longer than max_token_bytes, else kTokenTooLarge): three segments of
// strict base64url separated by dots (else kMalformedToken), the first a JSON object of at most
// 2 kB (else kMalformedHeader). Repeated header names keep the last value, as RFC 7515 §5.2
// allows. `token` must outlive the result (signing_input views it).
std::variant<CompactJws, AuthError> SplitCompactJws(std::string_view token, size_t max_token_bytes);

}  // namespace portcullis::identity
