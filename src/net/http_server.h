// A small HTTP/1.1 server (Boost.Beast underneath, kept out of this header): keep-alive,
// pipelined requests answered in order, bounded headers and bodies, idle timeouts and a graceful
// stop.
//
//   HttpServer server({.address = "127.0.0.1", .port = 3592}, [](const HttpRequest& request,
//                                                               HttpResponse& response) {
//     response.body = R"({"status":"SERVING"})";
//   });
//   server.Start();   // binds; throws std::system_error when it cannot
//   server.Run();     // serves until Stop()
//
// Threading: `threads` workers, each running its own event loop with its own listening socket
// bound to the same address with SO_REUSEPORT (the kernel spreads connections across them). A
// connection stays on the worker that accepted it and its handler runs on that worker's thread,
// inline: no thread hop and no lock between reading a request and answering it. The handler is
// therefore called concurrently from several threads and must be thread-safe; it should not
// block (a blocked handler stalls every connection of its worker).
//
// Errors the server answers itself (the handler never sees them): a malformed request → 400, a
// body over `max_body_bytes` → 413, headers over `max_header_bytes` → 431; each closes the
// connection. Their body is `error_body(status, reason)`.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::net {

// A received request, as the handler sees it. Every view is valid only during the handler call.
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

// The answer the handler fills in. The server passes the same object for every request of a
// connection, cleared, so that its buffers are reused.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra header fields (Content-Type, Content-Length, Connection and Date are the server's).
  std::vector<std::pair<std::string, std::string>> headers;

  void Clear();
};

using HttpHandler = std::function<void(const HttpRequest&, HttpResponse&)>;

// The body of an error answer the server sends itself: status and reason phrase in, body out
// (sent as application/json).
using HttpErrorBody = std::function<std::string(int status, std::string_view reason)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;     // 0: an ephemeral port (see HttpServer::port())
  unsigned threads = 0;  // 0: one per hardware thread
  size_t max_body_bytes = 4 << 20;
  size_t max_header_bytes = 16 << 10;
  // A connection with no complete request for this long is closed (also bounds slow senders and
  // slow readers of an answer), by a periodic sweep: up to a quarter of it (250 ms at most) late.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // Default: `{"code":<status>,"message":"<reason>"}`.
  HttpErrorBody error_body;
};

// Thread-safety: Start and Run are called once, in that order, from one thread; Stop may be
// called from any thread (not from a signal handler) at any time after Start, repeatedly.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // REQUIRES: Run is not running (it has returned, or was never called)
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens on every worker's socket. Throws std::system_error (address in use, bad
  // address...). No request is served before Run.
  void Start();
  // The bound port (the ephemeral one when options.port was 0). REQUIRES: Start succeeded.
  uint16_t port() const;
  // Serves on `threads` workers (the calling thread is one of them) until Stop, then returns
  // once every worker has finished: listening stops at once, idle connections are closed,
  // requests being handled or answered are answered (with `Connection: close`).
  void Run();
  // Begins the graceful stop described at Run.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portcullis::net
