// The gateway's pagination cursor for a merged list: which servers still have pages, and each
// one's own cursor, so a merged listing keeps every server's pagination.
//
// Format, version 1: base64url(payload) "." base64url(tag), where payload is the JSON
//   [1, "<list method>", [["<server>", "<that server's cursor>"], ...]]
// and tag the first 16 bytes of HMAC-SHA256 over "portcullis-mcp-list-cursor-v1" NUL binding NUL
// payload, under a key derived from a gateway secret (HMAC-SHA256(secret, "portcullis mcp list
// cursor key")), so the secret (e.g. the session-sealing key) is never used as is for a second
// purpose. A cursor is tamper-evident: a client can read it (base64url JSON) but not alter it,
// make one up, move it to another list method, or to another `binding` (the caller binds cursors
// to what they must not travel between, e.g. the principal id or the gateway session). Cursors
// do not expire; one made with a key that was rotated away no longer decodes, and the client
// lists again from the start (MCP: an invalid cursor is -32602).
//
// Thread-safety: a ListCursorCodec is immutable; Encode and Decode may be called concurrently.
// The key is wiped from memory when the codec is destroyed.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/mcp/list_kind.h"

namespace portcullis::gateway::mcp {

// The longest upstream cursor a gateway cursor carries (a longer one ends that server's listing;
// see ListMerge), and the longest gateway cursor Decode reads.
inline constexpr size_t kMaxUpstreamCursorBytes = 1024;
inline constexpr size_t kMaxListCursorBytes = 16 * 1024;

struct ServerCursor {
  std::string server;
  std::string cursor;  // the server's own nextCursor

  bool operator==(const ServerCursor&) const = default;
};

struct ListCursor {
  ListKind kind = ListKind::kTools;
  std::vector<ServerCursor> pending;  // in endpoint order, each server once

  bool operator==(const ListCursor&) const = default;
};

class ListCursorCodec {
 public:
  // REQUIRES: `secret` holds at least 16 bytes of key material (a session key holds 32).
  explicit ListCursorCodec(std::string_view secret);
  ~ListCursorCodec();
  ListCursorCodec(const ListCursorCodec&) = default;
  ListCursorCodec& operator=(const ListCursorCodec&) = default;

  std::string Encode(const ListCursor& cursor, std::string_view binding) const;

  // The cursor Encode made for this kind of list and `binding`; nullopt for anything else
  // (malformed, longer than kMaxListCursorBytes, altered, forged, made for another list or
  // binding or under another key).
  std::optional<ListCursor> Decode(std::string_view text, ListKind kind,
                                   std::string_view binding) const;

 private:
  static constexpr size_t kTagBytes = 16;
  std::array<unsigned char, 32> key_;

  std::string Tag(std::string_view binding, std::string_view payload) const;
};

}  // namespace portcullis::gateway::mcp
