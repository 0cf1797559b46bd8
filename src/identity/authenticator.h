// The authenticate step of a request: from its Authorization header to a Principal, with a JWT
// from one of the configured issuers or a static API key.
//
//   Authorization: Bearer <credential>     (scheme case-insensitive, RFC 6750 §2.1)
//
// A credential with a dot in it is taken as a JWT when an issuer is configured (JWTs always
// have two dots, API keys should have none); any other credential is looked up as an API key,
// unless no API key is configured, in which case it is verified as a JWT too (and fails as
// malformed). Every failure is an AuthError: answer 401 with WwwAuthenticate(error).
//
// Several issuers: a JWT goes to the source whose issuer equals its `iss`, read from the payload
// before anything is verified — only to choose the source; that source's verifier then checks the
// whole token, `iss` included. A token naming no configured issuer is kWrongIssuer.
//
// Thread-safety: an Authenticator is immutable; Authenticate may be called concurrently from any
// threads (the JWT key sets can be replaced meanwhile through the verifiers' JwkSetSlots).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

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
  // Called when a token is refused because the issuer's current key set cannot supply its key
  // (kUnknownKey: e.g. a `kid` the set lacks; kNoKeys: no set loaded yet), so that whoever keeps
  // the set can fetch it early (`kid` rotation). Called on the verifying thread: it must be
  // thread-safe and must not block. May be empty.
  std::function<void()> on_missing_key{};

  std::variant<Authenticated, AuthError> Authenticate(
      std::string_view token, std::chrono::system_clock::time_point now) const;
};

class Authenticator {
 public:
  // `jwt`: one source per issuer (of sources with equal issuers, the first is used).
  Authenticator(std::vector<JwtIdentitySource> jwt, ApiKeyTable api_keys);

  // `authorization` is the Authorization header's value, nullopt when the request has none.
  std::variant<Authenticated, AuthError> Authenticate(
      std::optional<std::string_view> authorization,
      std::chrono::system_clock::time_point now) const;

 private:
  // The source whose issuer is the token's unverified `iss`, or why there is none.
  std::variant<const JwtIdentitySource*, AuthError> SourceFor(std::string_view token) const;

  std::vector<JwtIdentitySource> jwt_;
  size_t max_token_bytes_ = 0;  // the largest limit of the sources: bounds reading `iss`
  ApiKeyTable api_keys_;
};

}  // namespace portcullis::identity
