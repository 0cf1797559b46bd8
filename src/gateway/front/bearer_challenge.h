// The value of a `WWW-Authenticate: Bearer ...` header (RFC 6750 §3, with RFC 9728 §5.1's
// `resource_metadata`):
//
//   Bearer realm="portcullis", scope="mcp:tools", error="invalid_token",
//          error_description="the token has expired",
//          resource_metadata="https://gw.example.com/.well-known/oauth-protected-resource/mcp"
//
// Parameters left empty are omitted (RFC 6750 §3.1: no `error` when the request had no
// credentials). Each value is written as a quoted-string with '"' and '\' escaped, and only
// printable ASCII kept: control characters (CR and LF included) and other bytes are dropped, so
// nothing in a value can end the header or start another.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace portcullis::gateway::front {

struct BearerChallenge {
  std::string_view realm;
  std::string_view scope;  // space-separated scopes
  std::string_view error;  // "invalid_request", "invalid_token", "insufficient_scope"
  std::string_view error_description;
  std::string_view resource_metadata;  // the URL of the protected-resource metadata
};

std::string FormatBearerChallenge(const BearerChallenge& challenge);

}  // namespace portcullis::gateway::front
