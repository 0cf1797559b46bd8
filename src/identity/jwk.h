// JSON Web Keys (RFC 7517) as Portcullis accepts them for verifying tokens: public keys only, of
// type RSA (RS256), EC on P-256 (ES256) or OKP Ed25519 (EdDSA, RFC 8037). Every key is pinned to
// the one algorithm of its type; a JWK `alg` member must name that algorithm, so a key can never
// be used with "none", an HMAC algorithm or another key type's algorithm.
//
// Thread-safety: reentrant; a Jwk is immutable and may be shared between threads.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include <boost/json/value.hpp>

#include "identity/verification_key.h"

namespace portcullis::identity {

struct Jwk {
  std::optional<std::string> kid;
  VerificationKey key;
};

// The key `jwk` describes, or why it cannot be used: not an object; a `kty` other than RSA, EC
// or OKP; a curve other than P-256 / Ed25519; a missing or non-canonical base64url member; private
// key members (d, p, q, …: a key set must not carry secrets); `use` other than "sig"; `key_ops`
// without "verify"; an `alg` that is not the key type's algorithm.
std::variant<Jwk, std::string> ParseJwk(const boost::json::value& jwk);

}  // namespace portcullis::identity
