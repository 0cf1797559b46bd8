// AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, on OpenSSL 3 EVP: the
// primitive under the sealed session ids (private to gateway/).
//
// Thread-safety: reentrant (each call has its own cipher context).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace portcullis::gateway::detail {

inline constexpr size_t kAesGcmKeyBytes = 32;
inline constexpr size_t kAesGcmNonceBytes = 12;
inline constexpr size_t kAesGcmTagBytes = 16;

// The ciphertext of `plaintext` followed by the tag authenticating it and `associated_data`, or
// nullopt when OpenSSL fails. REQUIRES: key and nonce of the sizes above; a nonce is never used
// twice with one key.
std::optional<std::string> AesGcmSeal(std::string_view key, std::string_view nonce,
                                      std::string_view associated_data, std::string_view plaintext);

// The plaintext of `sealed` (ciphertext followed by tag), or nullopt when the tag does not
// authenticate it with `associated_data` under `key` and `nonce` (nothing of an unauthenticated
// plaintext is returned). REQUIRES: key and nonce of the sizes above.
std::optional<std::string> AesGcmOpen(std::string_view key, std::string_view nonce,
                                      std::string_view associated_data, std::string_view sealed);

}  // namespace portcullis::gateway::detail
