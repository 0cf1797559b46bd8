// Static API keys for local use. The configuration holds only the SHA-256 of each key (64 hex
// digits), never the key, each with the principal it stands for:
//
//   printf %s "$KEY" | sha256sum      # the hash to put in the config
//
// A presented key is hashed and compared with every configured hash in constant time (no early
// exit, OpenSSL's CRYPTO_memcmp), so the time a lookup takes says nothing about which hash, or
// how much of one, matched.
//
// Thread-safety: immutable once created; Find may be called concurrently.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "identity/principal.h"

namespace portcullis::identity {

struct ApiKeySpec {
  std::string sha256_hex;
  Principal principal;
};

class ApiKeyTable {
 public:
  // Longer presented keys are refused without hashing.
  static constexpr size_t kMaxKeyBytes = 512;

  ApiKeyTable() = default;  // no keys

  // The table, or what is wrong with `keys`: a hash that is not 64 hex digits (either case), a
  // hash listed twice, a principal without id.
  static std::variant<ApiKeyTable, std::string> Create(std::vector<ApiKeySpec> keys);

  // The principal of `presented_key`, or null when it is no configured key. Valid while the
  // table lives.
  const Principal* Find(std::string_view presented_key) const;

  bool empty() const { return entries_.empty(); }

 private:
  using Digest = std::array<unsigned char, 32>;
  struct Entry {
    Digest hash;
    Principal principal;
  };

  std::vector<Entry> entries_;
};

}  // namespace portcullis::identity
