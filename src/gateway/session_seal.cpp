#include "gateway/session_seal.h"

#include <optional>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "gateway/aes_gcm.h"
#include "identity/base64url.h"

namespace portcullis::gateway {

struct SessionSealer::KeyRing {
  std::vector<SessionKey> keys;  // the first one seals

  ~KeyRing() {
    for (SessionKey& key : keys) OPENSSL_cleanse(key.secret.data(), key.secret.size());
  }

  const SessionKey* Find(uint8_t id) const {
    for (const SessionKey& key : keys) {
      if (key.id == id) return &key;
    }
    return nullptr;
  }
};

namespace {

constexpr uint8_t kFormatVersion = 1;
constexpr size_t kHeaderBytes = 2;  // format version, key id: the associated data
constexpr size_t kMinSealedBytes =
    kHeaderBytes + detail::kAesGcmNonceBytes + detail::kAesGcmTagBytes;

// The payload's binary layout (see the header): big-endian integers, u16-length strings.
class PayloadWriter {
 public:
  void Int64(int64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8)
      bytes_.push_back(static_cast<char>(value >> shift));
  }
  bool Uint16(size_t value) {
    if (value > 0xFFFF) return false;
    bytes_.push_back(static_cast<char>(value >> 8));
    bytes_.push_back(static_cast<char>(value & 0xFF));
    return true;
  }
  bool String(std::string_view text) {
    if (!Uint16(text.size())) return false;
    bytes_.append(text);
    return true;
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

class PayloadReader {
 public:
  explicit PayloadReader(std::string_view bytes) : rest_(bytes) {}

  bool Int64(int64_t& value) {
    if (rest_.size() < 8) return false;
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(rest_[i]);
    value = static_cast<int64_t>(bits);
    rest_.remove_prefix(8);
    return true;
  }
  bool Uint16(size_t& value) {
    if (rest_.size() < 2) return false;
    value = (static_cast<size_t>(static_cast<unsigned char>(rest_[0])) << 8) |
            static_cast<unsigned char>(rest_[1]);
    rest_.remove_prefix(2);
    return true;
  }
  bool String(std::string& text) {
    size_t size = 0;
    if (!Uint16(size) || rest_.size() < size) return false;
    text.assign(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return true;
  }
  bool AtEnd() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

std::optional<std::string> EncodePayload(const GatewaySession& session) {
  PayloadWriter writer;
  writer.Int64(session.issued_at.time_since_epoch().count());
  bool fits = writer.String(session.principal_id) && writer.String(session.protocol_version) &&
              writer.Uint16(session.upstream_sessions.size());
  for (const auto& [server, upstream_id] : session.upstream_sessions) {
    fits = fits && writer.String(server) && writer.String(upstream_id);
  }
  if (!fits) return std::nullopt;
  return std::move(writer.bytes());
}

std::optional<GatewaySession> DecodePayload(std::string_view bytes) {
  PayloadReader reader(bytes);
  GatewaySession session;
  int64_t issued_at = 0;
  size_t upstreams = 0;
  if (!reader.Int64(issued_at) || !reader.String(session.principal_id) ||
      !reader.String(session.protocol_version) || !reader.Uint16(upstreams)) {
    return std::nullopt;
  }
  session.issued_at = std::chrono::sys_seconds(std::chrono::seconds(issued_at));
  for (size_t i = 0; i < upstreams; ++i) {
    std::string server;
    std::string upstream_id;
    if (!reader.String(server) || !reader.String(upstream_id) ||
        !session.upstream_sessions.emplace(std::move(server), std::move(upstream_id)).second) {
      return std::nullopt;
    }
  }
  if (!reader.AtEnd()) return std::nullopt;
  return session;
}

}  // namespace

std::string_view SessionOpenErrorName(SessionOpenError error) {
  switch (error) {
    case SessionOpenError::kMalformed:
      return "malformed";
    case SessionOpenError::kForged:
      return "forged";
    case SessionOpenError::kWrongPrincipal:
      return "wrong_principal";
    case SessionOpenError::kExpired:
      return "expired";
  }
  return "unknown";
}

std::variant<SessionSealer, std::string> SessionSealer::Create(const std::vector<SessionKey>& keys,
                                                               std::chrono::seconds max_age) {
  if (keys.empty()) return "at least one session key is needed";
  if (max_age <= std::chrono::seconds::zero()) return "the maximum session age must be positive";
  auto ring = std::make_shared<KeyRing>();
  for (const SessionKey& key : keys) {
    if (key.secret.size() != detail::kAesGcmKeyBytes) {
      return "session key " + std::to_string(key.id) + " must be 32 bytes, not " +
             std::to_string(key.secret.size());
    }
    if (ring->Find(key.id)) return "two session keys have the id " + std::to_string(key.id);
    ring->keys.push_back(key);
  }
  return SessionSealer(std::move(ring), max_age);
}

std::variant<std::string, SealFailure> SessionSealer::Seal(const GatewaySession& session) const {
  std::optional<std::string> payload = EncodePayload(session);
  if (!payload) {
    return SealFailure{"a session string is longer than 65535 bytes or has too many upstreams"};
  }
  const SessionKey& key = keys_->keys.front();
  std::string header = {static_cast<char>(kFormatVersion), static_cast<char>(key.id)};
  std::string nonce(detail::kAesGcmNonceBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), static_cast<int>(nonce.size())) !=
      1) {
    return SealFailure{"the random generator failed"};
  }
  std::optional<std::string> sealed = detail::AesGcmSeal(key.secret, nonce, header, *payload);
  if (!sealed) return SealFailure{"AES-256-GCM encryption failed"};
  std::string session_id = identity::EncodeBase64Url(header + nonce + *sealed);
  if (session_id.size() > kMaxSessionIdBytes) {
    return SealFailure{"the session id would be longer than " + std::to_string(kMaxSessionIdBytes) +
                       " bytes"};
  }
  return session_id;
}

std::variant<GatewaySession, SessionOpenError> SessionSealer::Open(
    std::string_view session_id, std::string_view principal_id,
    std::chrono::system_clock::time_point now) const {
  if (session_id.size() > kMaxSessionIdBytes) return SessionOpenError::kMalformed;
  std::optional<std::string> bytes = identity::DecodeBase64Url(session_id);
  if (!bytes || bytes->size() < kMinSealedBytes ||
      static_cast<uint8_t>((*bytes)[0]) != kFormatVersion) {
    return SessionOpenError::kMalformed;
  }
  // An unknown key id is as good as a forgery: anyone can write any id.
  const SessionKey* key = keys_->Find(static_cast<uint8_t>((*bytes)[1]));
  if (!key) return SessionOpenError::kForged;
  std::string_view sealed = *bytes;
  std::optional<std::string> payload = detail::AesGcmOpen(
      key->secret, sealed.substr(kHeaderBytes, detail::kAesGcmNonceBytes),
      sealed.substr(0, kHeaderBytes), sealed.substr(kHeaderBytes + detail::kAesGcmNonceBytes));
  if (!payload) return SessionOpenError::kForged;
  // Authentic yet unreadable would be a payload of another format version.
  std::optional<GatewaySession> session = DecodePayload(*payload);
  if (!session) return SessionOpenError::kMalformed;
  if (session->principal_id != principal_id) return SessionOpenError::kWrongPrincipal;
  if (now - session->issued_at > max_age_) return SessionOpenError::kExpired;
  return std::move(*session);
}

}  // namespace portcullis::gateway
