// `sessions:` — the AES-256-GCM keys that seal the gateway's Mcp-Session-Id, and its maximum age.
#include <algorithm>

#include "gateway/config/sections.h"
#include "identity/base64url.h"

namespace portcullis::gateway {
namespace {

constexpr size_t kSecretBytes = 32;

// Base64 in either alphabet (RFC 4648 §4 as `openssl rand -base64 32` writes it, or §5), padded
// or not.
std::optional<std::string> DecodeBase64(std::string text) {
  if (text.size() % 4 == 0) {
    size_t padding = 0;
    while (padding < 2 && !text.empty() && text.back() == '=') text.pop_back(), ++padding;
  }
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return identity::DecodeBase64Url(text);
}

// The key's 32 bytes from base64 `text`; reports at `slot` and returns nullopt otherwise.
std::optional<std::string> DecodeSecret(ConfigReader& reader, const std::string& text,
                                        const YamlSlot& slot, const FieldPath& path,
                                        std::string_view source) {
  std::optional<std::string> secret = DecodeBase64(text);
  if (!secret || secret->size() != kSecretBytes) {
    reader.Report(
        slot, path,
        std::string(source) + " must be the base64 of 32 random bytes (openssl rand -base64 32)");
    return std::nullopt;
  }
  return secret;
}

struct ReadKey {
  SessionKeyConfig source;
  std::optional<std::string> secret;  // when known
};

std::optional<ReadKey> ReadSessionKey(ConfigReader& reader, const YamlSlot& slot,
                                      const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(slot, path, {"id", "secret_env", "secret"});
  if (!fields) return std::nullopt;
  ReadKey key;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "id")) {
    if (auto id = reader.Integer(*value, path.Field("id"), 0, 255)) {
      key.source.id = static_cast<uint8_t>(*id);
    }
  }
  const YamlSlot* inline_slot = FindField(*fields, "secret");
  const YamlSlot* env_slot = FindField(*fields, "secret_env");
  if (inline_slot == nullptr && env_slot == nullptr) {
    reader.Report(slot, path, "a key needs secret_env (or an inline secret)",
                  policy::PolicyErrorKind::kMissingField);
  }
  if (inline_slot != nullptr) {
    FieldPath at = path.Field("secret");
    if (auto text = reader.NonEmptyString(*inline_slot, at)) {
      key.source.has_inline_secret = true;
      key.secret = DecodeSecret(reader, *text, *inline_slot, at, "secret");
    }
  }
  if (env_slot != nullptr) {
    FieldPath at = path.Field("secret_env");
    if (auto name = reader.EnvName(*env_slot, at)) {
      // The variable wins over an inline secret, which is then only a fallback (for demos).
      if (auto text = reader.EnvValue(*name, *env_slot, at, key.source.has_inline_secret)) {
        key.secret = DecodeSecret(reader, *text, *env_slot, at, "the value of " + *name);
      }
      key.source.secret_env = std::move(*name);
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return key;
}

}  // namespace

std::optional<SessionsConfig> ReadSessions(ConfigReader& reader, const YamlSlot& slot,
                                           const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(slot, path, {"keys", "max_age"});
  if (!fields) return std::nullopt;
  SessionsConfig sessions;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "keys")) {
    FieldPath at = path.Field("keys");
    std::vector<ReadKey> keys = reader.UniqueEntries<ReadKey>(
        *value, at, "key id",
        [&](const YamlSlot& item, const FieldPath& item_path) {
          return ReadSessionKey(reader, item, item_path);
        },
        [](const ReadKey& key) { return std::to_string(key.source.id); });
    if (keys.empty() && reader.error_count() == errors_before) {
      reader.Report(*value, at, "must list at least one key");
    }
    bool all_known =
        std::all_of(keys.begin(), keys.end(), [](const ReadKey& k) { return k.secret; });
    for (ReadKey& key : keys) {
      if (all_known) sessions.keys.push_back(SessionKey{key.source.id, std::move(*key.secret)});
      sessions.key_sources.push_back(std::move(key.source));
    }
  }
  if (const YamlSlot* value = FindField(*fields, "max_age")) {
    if (auto max_age = reader.Duration(*value, path.Field("max_age"), std::chrono::minutes(1),
                                       std::chrono::hours(24 * 30))) {
      sessions.max_age = std::chrono::duration_cast<std::chrono::seconds>(*max_age);
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return sessions;
}

}  // namespace portcullis::gateway
