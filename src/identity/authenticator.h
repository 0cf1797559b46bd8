// The authenticate step of a request: from its Authorization header to a Principal, with a JWT
// from the configured issuer or a static API key.
//
//   Authorization: Bearer <credential>     (scheme case-insensitive, RFC 6750 §2.1)
//
// A credential with a dot in it is taken as a JWT when an issuer is configured (JWTs always
// have two dots, API keys should have none); any other credential is looked up as an API key,
// unless no API key is configured, in which case it is verified as a JWT too (and fails as
// malformed). Every failure is an AuthError: answer 401 with WwwAuthenticate(error).
//
// Thread-safety: an Authenticator is immutable; Authenticate may be called concurrently from any
// threads (the JWT key set can be replaced meanwhile through the verifier's JwkSetSlot).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

#include "identity/api_key_table.h"
#include "identity/auth_error.h"
#include "identity/claim_mapping.h"
#include "identity/jwt_verifier.h"
#include "identity/principal.h"

namespace portcullis::identity {

struct Authenticated {
  Principal principal;
  // The verified claims of a JWT (a JSON object, for the engine's `request.auxData.jwt`); null
  // for an API key.
  boost::json::value jwt_claims;
};

// One JWT issuer: how its tokens are verified and how their claims become a principal.
struct JwtIdentitySource {
  JwtVerifier verifier;
  ClaimMapping mapping;

  std::variant<Authenticated, AuthError> Authenticate(
      std::string_view token, std::chrono::system_clock::time_point now) const;
};

class Authenticator {
 public:
  Authenticator(std::optional<JwtIdentitySource> jwt, ApiKeyTable api_keys)
      : jwt_(std::move(jwt)), api_keys_(std::move(api_keys)) {}

  // `authorization` is the Authorization header's value, nullopt when the request has none.
  std::variant<Authenticated, AuthError> Authenticate(
      std::optional<std::string_view> authorization,
      std::chrono::system_clock::time_point now) const;

 private:
  std::optional<JwtIdentitySource> jwt_;
  ApiKeyTable api_keys_;
};

}  // namespace portcullis::identity
