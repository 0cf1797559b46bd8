// Verifying bearer JWTs (RFC 7519) signed with JWS compact serialization against a JWK set:
//
//   auto keys = std::make_shared<JwkSetSlot>();
//   keys->ReplaceWithDocument(jwks_json);          // again whenever the issuer's keys change
//   auto verifier = std::get<JwtVerifier>(JwtVerifier::Create(
//       {.issuer = "https://idp.example", .audiences = {"https://gateway.example"}}, keys));
//   auto result = verifier.Verify(token, std::chrono::system_clock::now());
//
// What a token must satisfy, checked in this order, each failure its own AuthError:
//  1. at most max_token_bytes, three strict base64url segments, a JSON-object header;
//  2. `alg` is RS256, ES256 or EdDSA (never "none", never HS*), and no `crit` header (no JWS
//     extension is understood, RFC 7515 §4.1.11);
//  3. a key of the current set is selected by `kid` (see JwkSet::Select) and is pinned to `alg`;
//     keys come only from the set, never from the token (`jwk`, `jku`, `x5u`, `x5c` are ignored);
//  4. the signature verifies; only then is the payload parsed, and it must be a JSON object;
//  5. `exp` is present (unless require_expiry is false) and after now − leeway; `nbf`, when
//     present, is at most now + leeway; `iss` equals `issuer` exactly; `aud` (a string or an
//     array of strings) contains one of `audiences`.
//
// Thread-safety: a JwtVerifier is immutable; Verify may be called concurrently from any threads.
// It reads the key set from the JwkSetSlot on each call, so replacing the slot's set takes effect
// for the next verification.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "identity/auth_error.h"
#include "identity/jwk_set_slot.h"
#include "identity/jws_algorithm.h"

namespace portcullis::identity {

struct JwtVerifierOptions {
  std::string issuer;                  // required: `iss` must equal it
  std::vector<std::string> audiences;  // at least one: `aud` must contain one of them
  // Clock skew tolerated for `exp` and `nbf`: 0 to 5 minutes.
  std::chrono::seconds leeway{30};
  size_t max_token_bytes = 8 * 1024;  // 256 bytes to 64 kB
  bool require_expiry = true;
};

struct VerifiedJwt {
  boost::json::object claims;
  JwsAlgorithm algorithm;
  std::optional<std::string> kid;
};

class JwtVerifier {
 public:
  static constexpr std::chrono::seconds kMaxLeeway{300};

  // A verifier, or what is wrong with `options` (an empty issuer, no audience or an empty one, a
  // leeway or size limit out of range, no slot).
  static std::variant<JwtVerifier, std::string> Create(JwtVerifierOptions options,
                                                       std::shared_ptr<const JwkSetSlot> keys);

  std::variant<VerifiedJwt, AuthError> Verify(std::string_view token,
                                              std::chrono::system_clock::time_point now) const;

  const JwtVerifierOptions& options() const { return options_; }

 private:
  JwtVerifier(JwtVerifierOptions options, std::shared_ptr<const JwkSetSlot> keys)
      : options_(std::move(options)), keys_(std::move(keys)) {}

  JwtVerifierOptions options_;
  std::shared_ptr<const JwkSetSlot> keys_;
};

}  // namespace portcullis::identity
