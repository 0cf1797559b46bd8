// A JWK Set (RFC 7517 §5): the verification keys of one issuer, and how a token's header picks
// its key.
//
// Keys the set cannot use (an encryption key, an unsupported type or curve, a malformed member, a
// repeated `kid`) are left out and listed in skipped(), as RFC 7517 §5 advises, so that one odd
// key published by an identity provider does not stop the others from working. A set with no
// usable key at all is an error.
//
// Thread-safety: a JwkSet is immutable; share it between threads (see JwkSetSlot for replacing
// it at runtime).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "identity/auth_error.h"
#include "identity/jwk.h"

namespace portcullis::identity {

class JwkSet {
 public:
  // Larger documents are refused before parsing.
  static constexpr size_t kMaxDocumentBytes = 256 * 1024;
  static constexpr size_t kMaxKeys = 100;

  // The set in the JSON document `json` ({"keys": [...]}), or an error message.
  static std::variant<JwkSet, std::string> Parse(std::string_view json);
  // The set in the file at `path`; errors name the file.
  static std::variant<JwkSet, std::string> Load(const std::filesystem::path& path);

  const std::vector<Jwk>& keys() const { return keys_; }
  // One line per key left out, e.g. "keys[2]: 'use' is 'enc', not 'sig'".
  const std::vector<std::string>& skipped() const { return skipped_; }

  // The key for a token whose header has `kid` (when it has one) and `alg`:
  // - with a kid: the key with that kid (else kUnknownKey), whose pinned algorithm must be `alg`
  //   (else kAlgorithmMismatch);
  // - without: the one key pinned to `alg`, when exactly one is (none: kUnknownKey, several:
  //   kAmbiguousKey).
  // The pointer is valid while this set lives.
  std::variant<const VerificationKey*, AuthError> Select(std::optional<std::string_view> kid,
                                                         JwsAlgorithm alg) const;

 private:
  std::vector<Jwk> keys_;
  std::vector<std::string> skipped_;
};

}  // namespace portcullis::identity
