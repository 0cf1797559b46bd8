// The status line and header fields of HttpServer's answers, for net/http_*.cpp only. Stateless
// but for a per-thread cache of the Date value: callable from any thread.
#pragma once

#include <string>

#include "net/http_message.h"

namespace portcullis::net {

// How the body after a head is delimited.
enum class BodyFraming {
  kContentLength,  // Content-Length of the response's body (left out where HTTP forbids it)
  kChunked,        // Transfer-Encoding: chunked (HTTP/1.1 streams)
  kUntilClose,     // neither: the body ends when the connection closes (HTTP/1.0 streams)
};

// Writes into `out` the head answering a request of HTTP `version` (10 or 11): status line, Date,
// Content-Type, the response's own fields, the framing's field and, when it is not the version's
// default, Connection (keep-alive or close). Written by hand: Beast's serializer cost more than
// the rest of the answer path. `out` is overwritten (its buffer reused).
void FormatHead(const HttpResponse& response, unsigned version, bool keep_alive,
                BodyFraming framing, std::string& out);

}  // namespace portcullis::net
