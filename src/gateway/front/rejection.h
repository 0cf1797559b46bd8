// A request the gateway's front refuses before any routing or decision: Host or Origin not
// allowed (DNS-rebinding protection), missing or invalid credentials. Carries what the answer
// needs; WriteRejection renders the default answer, a JSON body
//
//   {"error": {"code": "<code>", "message": "<message>"}}
//
// (a hop may render its own shape, e.g. a JSON-RPC error, from the same fields).
//
// Thread-safety: plain values; WriteRejection is reentrant.
#pragma once

#include <string>

#include "net/http_server.h"

namespace portcullis::gateway::front {

struct Rejection {
  int status = 400;
  // Stable snake_case name, for clients, logs and metrics: "host_not_allowed", "token_expired".
  std::string code;
  // One sentence for the client. Never contains anything taken from the request.
  std::string message;
  // The WWW-Authenticate header's value (bearer_challenge.h); empty: none.
  std::string www_authenticate;
};

// Fills `response` with the rejection's status, JSON body and WWW-Authenticate header.
void WriteRejection(const Rejection& rejection, net::HttpResponse& response);

}  // namespace portcullis::gateway::front
