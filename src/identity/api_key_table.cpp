#include "identity/api_key_table.h"

#include <algorithm>
#include <optional>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace portcullis::identity {
namespace {

std::optional<int> HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

template <typename Digest>
std::optional<Digest> ParseHexDigest(std::string_view hex) {
  Digest digest{};
  if (hex.size() != 2 * digest.size()) return std::nullopt;
  for (size_t i = 0; i < digest.size(); ++i) {
    std::optional<int> high = HexDigit(hex[2 * i]);
    std::optional<int> low = HexDigit(hex[2 * i + 1]);
    if (!high || !low) return std::nullopt;
    digest[i] = static_cast<unsigned char>(*high * 16 + *low);
  }
  return digest;
}

}  // namespace

std::variant<ApiKeyTable, std::string> ApiKeyTable::Create(std::vector<ApiKeySpec> keys) {
  ApiKeyTable table;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string where = "api key " + std::to_string(i + 1) + ": ";
    std::optional<Digest> hash = ParseHexDigest<Digest>(keys[i].sha256_hex);
    if (!hash) return where + "the hash is not a SHA-256 in hex (64 hex digits)";
    if (keys[i].principal.id.empty()) return where + "the principal has no id";
    bool repeated = std::any_of(table.entries_.begin(), table.entries_.end(),
                                [&](const Entry& entry) { return entry.hash == *hash; });
    if (repeated) return where + "the same hash as an earlier key";
    table.entries_.push_back({*hash, std::move(keys[i].principal)});
  }
  return table;
}

const Principal* ApiKeyTable::Find(std::string_view presented_key) const {
  if (presented_key.empty() || presented_key.size() > kMaxKeyBytes) return nullptr;
  Digest digest{};
  unsigned int length = 0;
  if (EVP_Digest(presented_key.data(), presented_key.size(), digest.data(), &length, EVP_sha256(),
                 nullptr) != 1 ||
      length != digest.size()) {
    return nullptr;
  }
  // Every entry is compared, even after a match (hashes are unique, so at most one matches).
  const Principal* found = nullptr;
  for (const Entry& entry : entries_) {
    bool equal = CRYPTO_memcmp(digest.data(), entry.hash.data(), digest.size()) == 0;
    found = equal ? &entry.principal : found;
  }
  return found;
}

}  // namespace portcullis::identity
