// The gateway's Mcp-Session-Id: everything a replica needs to continue an MCP session (whose it
// is, when it began, the negotiated protocol version, the upstream servers' own session ids),
// sealed with AES-256-GCM under a key from config. Any replica holding the key can serve any
// session, with no session store and no sticky routing, and a client can neither read, alter nor
// forge a session id, nor use one issued to another principal.
//
// Format, version 1: unpadded base64url (RFC 4648 §5) of
//   0x01 ‖ key id ‖ nonce (12 random bytes) ‖ AES-256-GCM ciphertext of the payload ‖ tag (16)
// with the first two bytes as associated data (authenticated, not encrypted). The payload is
//   issued-at (seconds since the Unix epoch, int64) ‖ principal id ‖ protocol version ‖
//   number of upstream sessions (u16) ‖ { server name ‖ upstream session id } per upstream
// with integers big-endian and each string as a u16 length and its bytes. base64url's alphabet
// lies within the visible ASCII (0x21-0x7E) MCP allows in a session id.
//
// The principal id is bound by the tag as part of the authenticated payload, not as associated
// data: a genuine session presented by another principal then opens and is refused as
// kWrongPrincipal, which a forgery (kForged) never can be; with the principal as associated data
// the two would be indistinguishable. Either way no one can move a session to another principal.
//
// Keys rotate: the first key seals, every key opens (each session id names its key by id). Nonces
// are random; NIST SP 800-38D bounds random 96-bit nonces to 2^32 seals per key, so rotate a key
// long before it has sealed that many sessions.
//
// Thread-safety: a SessionSealer is immutable; Seal and Open may be called concurrently from any
// number of threads. Copies share the keys, which are wiped from memory when the last copy goes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace portcullis::gateway {

// The longest session id Seal makes and Open reads.
inline constexpr size_t kMaxSessionIdBytes = 8192;
// The longest string the payload holds (principal id, protocol version, names, upstream ids).
inline constexpr size_t kMaxSessionFieldBytes = 0xFFFF;

struct GatewaySession {
  std::string principal_id;
  std::chrono::sys_seconds issued_at;
  std::string protocol_version;  // negotiated with the client, e.g. "2025-06-18"
  std::map<std::string, std::string> upstream_sessions;  // server name → its Mcp-Session-Id

  bool operator==(const GatewaySession&) const = default;
};

struct SessionKey {
  uint8_t id;
  std::string secret;  // 32 bytes
};

enum class SessionOpenError {
  kMalformed,       // not a session id of this format (or longer than kMaxSessionIdBytes)
  kForged,          // not sealed by any configured key, or altered since
  kWrongPrincipal,  // genuine, but issued to another principal
  kExpired,         // genuine and the principal's, but older than the maximum age
};

// A stable snake_case name, e.g. "wrong_principal".
std::string_view SessionOpenErrorName(SessionOpenError error);

struct SealFailure {
  std::string reason;
};

class SessionSealer {
 public:
  // A sealer with `keys` (the first seals, all open; ids distinct, secrets 32 bytes each) that
  // opens sessions up to `max_age` old (positive); or why the configuration is unusable.
  static std::variant<SessionSealer, std::string> Create(const std::vector<SessionKey>& keys,
                                                         std::chrono::seconds max_age);

  // The session id for `session`, different on every call (random nonce); or a failure when a
  // string is longer than kMaxSessionFieldBytes, the id would exceed kMaxSessionIdBytes, or the
  // system's random generator or cipher fails.
  std::variant<std::string, SealFailure> Seal(const GatewaySession& session) const;

  // The session sealed in `session_id` when it was sealed by one of the keys, unaltered, for
  // `principal_id`, and issued no more than max_age before `now`.
  std::variant<GatewaySession, SessionOpenError> Open(
      std::string_view session_id, std::string_view principal_id,
      std::chrono::system_clock::time_point now) const;

 private:
  struct KeyRing;
  SessionSealer(std::shared_ptr<const KeyRing> keys, std::chrono::seconds max_age)
      : keys_(std::move(keys)), max_age_(max_age) {}

  std::shared_ptr<const KeyRing> keys_;
  std::chrono::seconds max_age_;
};

}  // namespace portcullis::gateway
