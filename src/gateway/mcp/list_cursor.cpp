#include "gateway/mcp/list_cursor.h"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "gateway/strict_json.h"
#include "identity/base64url.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

constexpr int64_t kFormatVersion = 1;
constexpr std::string_view kTagContext = "portcullis-mcp-list-cursor-v1";
constexpr std::string_view kKeyContext = "portcullis mcp list cursor key";

// HMAC-SHA256 of `message` under `key` (32 bytes).
std::array<unsigned char, 32> HmacSha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
       &length);
  return digest;
}

std::optional<ListCursor> ReadPayload(std::string_view payload, ListKind kind) {
  JsonLimits limits;
  limits.max_bytes = kMaxListCursorBytes;
  limits.max_depth = 4;
  auto parsed = ParseStrictJson(payload, limits);
  const json::value* value = std::get_if<json::value>(&parsed);
  if (value == nullptr || !value->is_array()) return std::nullopt;
  const json::array& fields = value->get_array();
  if (fields.size() != 3 || !fields[0].is_int64() || fields[0].get_int64() != kFormatVersion ||
      !fields[1].is_string() || fields[1].get_string() != ListMethod(kind) ||
      !fields[2].is_array()) {
    return std::nullopt;
  }
  ListCursor cursor{kind, {}};
  for (const json::value& entry : fields[2].get_array()) {
    const json::array* pair = entry.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() ||
        !(*pair)[1].is_string()) {
      return std::nullopt;
    }
    std::string_view server = (*pair)[0].get_string();
    bool repeated = std::any_of(cursor.pending.begin(), cursor.pending.end(),
                                [&](const ServerCursor& seen) { return seen.server == server; });
    if (repeated) return std::nullopt;
    cursor.pending.push_back({std::string(server), std::string((*pair)[1].get_string())});
  }
  return cursor;
}

}  // namespace

ListCursorCodec::ListCursorCodec(std::string_view secret) : key_(HmacSha256(secret, kKeyContext)) {}

ListCursorCodec::~ListCursorCodec() {
  OPENSSL_cleanse(key_.data(), key_.size());
}

std::string ListCursorCodec::Tag(std::string_view binding, std::string_view payload) const {
  std::string message;
  message.reserve(kTagContext.size() + binding.size() + payload.size() + 2);
  message.append(kTagContext).push_back('\0');
  message.append(binding).push_back('\0');
  message.append(payload);
  std::array<unsigned char, 32> digest = HmacSha256(
      std::string_view(reinterpret_cast<const char*>(key_.data()), key_.size()), message);
  return std::string(reinterpret_cast<const char*>(digest.data()), kTagBytes);
}

std::string ListCursorCodec::Encode(const ListCursor& cursor, std::string_view binding) const {
  json::array pending;
  for (const ServerCursor& entry : cursor.pending) {
    pending.push_back(json::array{json::string(entry.server), json::string(entry.cursor)});
  }
  std::string payload =
      json::serialize(json::array{kFormatVersion, ListMethod(cursor.kind), std::move(pending)});
  return identity::EncodeBase64Url(payload) + "." +
         identity::EncodeBase64Url(Tag(binding, payload));
}

std::optional<ListCursor> ListCursorCodec::Decode(std::string_view text, ListKind kind,
                                                  std::string_view binding) const {
  if (text.size() > kMaxListCursorBytes) return std::nullopt;
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::optional<std::string> payload = identity::DecodeBase64Url(text.substr(0, dot));
  std::optional<std::string> tag = identity::DecodeBase64Url(text.substr(dot + 1));
  if (!payload || !tag || tag->size() != kTagBytes) return std::nullopt;
  std::string expected = Tag(binding, *payload);
  if (CRYPTO_memcmp(expected.data(), tag->data(), kTagBytes) != 0) return std::nullopt;
  return ReadPayload(*payload, kind);
}

}  // namespace portcullis::gateway::mcp
