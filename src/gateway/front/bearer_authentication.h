// The authenticate step over HTTP: the request's bearer credential (RFC 6750 §2.1) checked by
// identity::Authenticator, or the answer to send instead, with its challenge (RFC 6750 §3, the
// resource_metadata parameter of RFC 9728 §5.1):
//
//   no Authorization header, or another scheme (e.g. Basic)
//       → 401 missing_credentials; challenge without an error code (RFC 6750 §3.1)
//   several Authorization headers, or `Bearer` without a token68 credential
//       → 400 invalid_request (RFC 6750 §3.1: a malformed request)
//   a credential that does not verify (expired, forged, unknown key, alg none, ...)
//       → 401 invalid_token, with the identity::AuthError's name as code and its description
//
//   WWW-Authenticate: Bearer realm="portcullis", scope="mcp:tools", error="invalid_token",
//     error_description="the token has expired",
//     resource_metadata="https://gw.example.com/.well-known/oauth-protected-resource/mcp"
//
// Nothing from the request is echoed into the answer (the descriptions are fixed texts; the
// metadata URL's host comes from a strictly parsed Host header); the credential is never logged
// nor kept.
//
// Thread-safety: immutable; Authenticate may be called concurrently. The authenticator and the
// metadata must outlive this object.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "gateway/front/protected_resource_metadata.h"
#include "gateway/front/rejection.h"
#include "identity/authenticator.h"
#include "net/http_server.h"

namespace portcullis::gateway::front {

class BearerAuthentication {
 public:
  BearerAuthentication(const identity::Authenticator& authenticator,
                       const ProtectedResourceMetadata& metadata, std::string realm = "portcullis")
      : authenticator_(authenticator), metadata_(metadata), realm_(std::move(realm)) {}

  // `endpoint_path`: the MCP endpoint the request is for ("/mcp"), empty for other routes; it
  // selects the metadata URL of the challenge.
  std::variant<identity::Authenticated, Rejection> Authenticate(
      const net::HttpRequest& request, std::string_view endpoint_path,
      std::chrono::system_clock::time_point now) const;

 private:
  Rejection Reject(const net::HttpRequest& request, std::string_view endpoint_path, int status,
                   std::string_view code, std::string_view message, std::string_view error) const;

  const identity::Authenticator& authenticator_;
  const ProtectedResourceMetadata& metadata_;
  const std::string realm_;
};

}  // namespace portcullis::gateway::front
