// The JWS signature algorithms Portcullis verifies (RFC 7518 §3.1, RFC 8037 §3.1). Deliberately
// only asymmetric ones: "none" and the HMAC family (HS256…) are not algorithms here at all, so no
// token can ask to be checked with a shared secret or with nothing (no HS/RS confusion).
//
// Thread-safety: reentrant.
#pragma once

#include <optional>
#include <string_view>

namespace portcullis::identity {

enum class JwsAlgorithm {
  kRs256,  // RSASSA-PKCS1-v1_5 with SHA-256
  kEs256,  // ECDSA on P-256 with SHA-256
  kEdDsa,  // EdDSA on Ed25519 (RFC 8037)
};

// The `alg` header value ("RS256", "ES256", "EdDSA").
std::string_view JwsAlgorithmName(JwsAlgorithm alg);

// The algorithm an `alg` value names, or nullopt for any other value (including "none", "HS256"
// and different spellings such as "rs256": JOSE names are case-sensitive).
std::optional<JwsAlgorithm> ParseJwsAlgorithm(std::string_view name);

}  // namespace portcullis::identity
