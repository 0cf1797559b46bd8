// What HttpServer's handlers see and give: the request received (HttpRequest, views into the
// server's storage) and the answer (HttpResponse, owned strings).
//
// Thread-safety: plain values with no synchronisation of their own; the server hands each to one
// thread at a time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::net {

// A received request. Its views are valid as long as the storage the server built it on: during
// the call of a synchronous handler, or as long as a copy of the HttpExchange that holds it.
class HttpRequest {
 public:
  std::string_view method() const { return method_; }
  // The request target as sent: path and query (`/api/check/resources?x=1`).
  std::string_view target() const { return target_; }
  // The target without its query.
  std::string_view path() const { return path_; }
  std::string_view body() const { return body_; }
  // The value of the first header field named `name` (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
  // Calls `visit(name, value)` for every header field, in the order received (names as sent).
  void ForEachHeader(
      const std::function<void(std::string_view name, std::string_view value)>& visit) const;
  // The client's address and port ("127.0.0.1:50312", "[::1]:50312"); empty when unknown.
  std::string_view peer() const { return peer_; }

  // For the server, and for tests of handlers. `fields` is the server's opaque header storage;
  // null means no header fields.
  HttpRequest(std::string_view method, std::string_view target, std::string_view body,
              const void* fields = nullptr, std::string_view peer = {});

 private:
  std::string_view method_;
  std::string_view target_;
  std::string_view path_;
  std::string_view body_;
  const void* fields_;
  std::string_view peer_;
};

// An answer. A synchronous handler fills in the one the server passes (the same object for every
// request of a connection, cleared, so that its buffers are reused); an asynchronous one gives it
// to HttpExchange::Respond, or its head to HttpExchange::StartStream.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra header fields (Content-Type, Content-Length, Transfer-Encoding, Connection and Date are
  // the server's).
  std::vector<std::pair<std::string, std::string>> headers;

  void Clear();
};

}  // namespace portcullis::net
