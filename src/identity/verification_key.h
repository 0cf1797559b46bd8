// A public key that verifies JWS signatures with exactly one algorithm, the one pinned to it when
// it was made: an RSA key verifies RS256 only, a P-256 key ES256 only, an Ed25519 key EdDSA only.
// OpenSSL 3 (EVP) underneath, kept out of this header.
//
// Thread-safety: immutable once made; Verify may be called concurrently from any number of
// threads (each call uses its own OpenSSL context). Copies share the key material.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "identity/jws_algorithm.h"

struct evp_pkey_st;

namespace portcullis::identity {

class VerificationKey {
 public:
  // An RS256 key from the big-endian modulus and public exponent, without leading zero bytes
  // (RFC 7518 §6.3.1). The modulus must be 2048 to 8192 bits (RFC 7518 §3.3 requires at least
  // 2048), the exponent odd, at least 3 and at most 64 bits.
  static std::variant<VerificationKey, std::string> Rsa(std::string_view modulus,
                                                        std::string_view exponent);
  // An ES256 key from the 32-byte big-endian coordinates of a point on P-256 (checked).
  static std::variant<VerificationKey, std::string> P256(std::string_view x, std::string_view y);
  // An EdDSA key from the 32-byte Ed25519 public key (RFC 8037 §2).
  static std::variant<VerificationKey, std::string> Ed25519(std::string_view x);

  JwsAlgorithm algorithm() const { return algorithm_; }

  // Whether `signature` is a valid signature of `signing_input` by this key, in the JWS form of
  // its algorithm: the RSASSA-PKCS1-v1_5 block (as long as the modulus), ECDSA's r‖s (64 bytes,
  // RFC 7518 §3.4), or Ed25519's 64 bytes.
  bool Verify(std::string_view signing_input, std::string_view signature) const;

 private:
  VerificationKey(std::shared_ptr<evp_pkey_st> key, JwsAlgorithm algorithm)
      : key_(std::move(key)), algorithm_(algorithm) {}

  std::shared_ptr<evp_pkey_st> key_;
  JwsAlgorithm algorithm_;
};

}  // namespace portcullis::identity
