// Why a request could not be authenticated. Each reason has a stable name (for logs, audit and
// tests) and a fixed description meant for the client, carried in the 401 answer's
// `WWW-Authenticate: Bearer error="invalid_token", error_description="..."` (RFC 6750 §3).
// Descriptions never contain anything taken from the request (no token, no claim value), so they
// can neither leak a credential into logs nor inject into the header.
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <string_view>

namespace portcullis::identity {

enum class AuthError {
  kMissingCredentials,      // no Authorization header
  kMalformedAuthorization,  // the header is not `Bearer <credential>`
  kTokenTooLarge,           // over the configured size limit
  kMalformedToken,          // not three base64url segments
  kMalformedHeader,         // the JOSE header is not a JSON object with a string `alg`
  kUnsupportedAlgorithm,    // `alg` is none, HS*, or anything but RS256/ES256/EdDSA
  kUnsupportedCritical,     // a `crit` header (no extension is understood)
  kNoKeys,                  // no key set is loaded (yet)
  kUnknownKey,              // no key with the token's `kid` (or, without kid, none fits)
  kAmbiguousKey,            // no `kid` and several keys fit
  kAlgorithmMismatch,       // `alg` differs from the algorithm pinned to the key
  kBadSignature,            // the signature does not verify
  kMalformedClaims,         // the payload is not a JSON object
  kMissingExpiry,           // no `exp` although one is required
  kInvalidTimeClaim,        // `exp`/`nbf` is not a number
  kExpired,                 // `exp` has passed (beyond the leeway)
  kNotYetValid,             // `nbf` is in the future (beyond the leeway)
  kWrongIssuer,             // `iss` missing or not the configured issuer
  kWrongAudience,           // `aud` missing or not containing the configured audience
  kMissingPrincipalClaim,   // the claim that names the principal is absent or not a string
  kInvalidPrincipalClaim,   // roles / on-behalf-of claim of the wrong type
  kUnknownApiKey,           // a credential that is no configured API key
};

// A stable snake_case name, e.g. "token_expired".
std::string_view AuthErrorName(AuthError error);

// A short sentence for the client, e.g. "the token has expired".
std::string_view AuthErrorDescription(AuthError error);

// The value of the WWW-Authenticate header for a 401 answer: `Bearer` with the RFC 6750 error
// code ("invalid_request" for a malformed header, "invalid_token" otherwise; none when no
// credentials were sent) and the description. `resource_metadata`, when not empty, is the URL
// of the RFC 9728 protected-resource metadata, added as its `resource_metadata` parameter.
std::string WwwAuthenticate(AuthError error, std::string_view resource_metadata = {});

}  // namespace portcullis::identity
