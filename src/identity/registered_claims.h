// The checks of the registered claims `exp`, `nbf`, `iss` and `aud` (RFC 7519 §4.1) on a token
// whose signature is already verified. Private to identity/ (used by JwtVerifier).
//
// Thread-safety: reentrant.
#pragma once

#include <chrono>
#include <optional>

#include <boost/json/object.hpp>

#include "identity/auth_error.h"
#include "identity/jwt_verifier.h"

namespace portcullis::identity {

// The first claim that fails, in the order exp, nbf, iss, aud; nullopt when all hold at `now`.
std::optional<AuthError> CheckRegisteredClaims(const boost::json::object& claims,
                                               const JwtVerifierOptions& options,
                                               std::chrono::system_clock::time_point now);

}  // namespace portcullis::identity
