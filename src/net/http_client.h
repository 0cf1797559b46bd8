// An asynchronous HTTP/1.1 client bound to one EventLoop (Boost.Beast and OpenSSL underneath,
// kept out of this header): http:// and https:// URLs, keep-alive connections pooled per origin,
// responses received whole or streamed as their bytes arrive (to relay Server-Sent Events one by
// one), deadlines and cancellation.
//
//   HttpClient client(loop, {});
//   client.Fetch({.method = "GET", .url = "https://api.example.com/v1/models"},
//                [](std::optional<HttpClientError> error, HttpClientResponse response) {...});
//   HttpCall call = client.Stream({.method = "POST", .url = ..., .body = ...},
//                                 {.on_headers = ..., .on_body_chunk = ..., .on_complete = ...});
//   call.Pause();    // from on_body_chunk, while the reader downstream is slow; call.Resume()
//   call.Cancel();   // on_complete gets kCancelled
//
// Threading: an HttpClient and its HttpCall handles are used only on the loop's thread (see
// EventLoop), and every callback is called on it. A callback is never called from inside the
// call that started the exchange (Fetch, Stream) nor from inside Cancel: errors found up front,
// such as an invalid URL, are reported from the loop later.
//
// Connections: one pool per origin (scheme, host, port). A connection whose response was read to
// its end and that both sides keep alive goes back to the pool for `idle_timeout`; at most
// `max_idle_per_origin` wait there (the oldest is closed). A request sent on a pooled connection
// that the server had already closed is sent once more on a new connection, but only when
// nothing of a response was received (a server that closes an idle connection has not read the
// request) — for any method, as other HTTP clients do for that case. TLS verifies the server's
// certificate against the system's trust store (plus `ca_file`) and its name against the URL's
// host, and sends the host as SNI.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/event_loop.h"

namespace portcullis::net {

// Header fields in order, names as sent or received.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The value of the first field named `name` (case-insensitive), if any. The view is valid as long
// as `headers` is not changed.
std::optional<std::string_view> FindHeader(const HttpHeaders& headers, std::string_view name);

struct HttpClientError {
  enum class Code {
    kInvalidRequest,  // bad URL, method, or header field (e.g. CR/LF/NUL: no header injection)
    kDns,             // the host name did not resolve
    kConnect,         // no connection could be made (refused, unreachable)
    kTls,             // TLS handshake failed, e.g. an untrusted certificate or a name mismatch
    kTimeout,         // connect_timeout or the request's timeout passed
    kProtocol,        // the response is not valid HTTP/1.1
    kTooLarge,        // the response head, or a body that Fetch buffers, is over its limit
    kCancelled,       // HttpCall::Cancel, or the client was destroyed
    kClosed,          // the connection closed or failed before the response was complete
  };
  Code code;
  std::string message;  // for logs: what failed, with the system's reason
};

std::string_view ToString(HttpClientError::Code code);

struct HttpClientRequest {
  std::string method = "GET";
  std::string url;  // absolute, http:// or https://; any fragment is not sent
  // Sent as given, after Host (taken from the URL unless given here). Content-Length is the
  // client's (from `body`): a request giving Content-Length or Transfer-Encoding is rejected
  // with kInvalidRequest, as is one whose names are not tokens or whose values contain CR, LF
  // or NUL. `Connection: close` keeps the connection out of the pool.
  HttpHeaders headers{};
  std::string body{};
  // The whole exchange, from the call until the end of the response body (a stream included);
  // zero means the client's request_timeout.
  std::chrono::milliseconds timeout{0};
};

// A response received whole (Fetch).
struct HttpClientResponse {
  int status = 0;
  HttpHeaders headers{};
  std::string body{};
};

// Callback of Fetch: exactly one call, with `error` empty and the whole response, or with
// `error` set (and `response` holding what had arrived, possibly nothing).
using HttpResponseCallback =
    std::function<void(std::optional<HttpClientError> error, HttpClientResponse response)>;

// Callbacks of Stream. on_headers is called at most once, then on_body_chunk for each piece of
// the body as it is read (any size, never empty; the view is valid only during the call), then
// on_complete exactly once — also when nothing else was called (connect failure, cancellation).
// Interim 1xx responses are skipped. Callbacks may start calls and cancel any call (their own
// included); they must not destroy the client. An exception thrown by a callback ends its
// exchange (closing the connection, with no further callback) and propagates out of
// EventLoop::Run.
struct HttpStreamHandler {
  std::function<void(int status, HttpHeaders headers)> on_headers{};
  std::function<void(std::string_view chunk)> on_body_chunk{};
  std::function<void(std::optional<HttpClientError> error)> on_complete{};
};

// A request in flight. Copyable; an empty or finished handle is valid and does nothing.
class HttpCall {
 public:
  HttpCall() = default;
  // Aborts the exchange if it has not completed: its connection is closed, no callback other
  // than the final one is called after Cancel returns, and that one (on_complete, or Fetch's
  // callback) reports kCancelled later from the loop. REQUIRES: called on the loop's thread.
  void Cancel();
  // Stops reading the response body after the piece being delivered, until Resume: a relay whose
  // own reader is slow pauses its upstream, so that the rest of the body waits in the socket
  // (and TCP flow control slows the server) rather than in memory. The request's timeout keeps
  // running. REQUIRES: called on the loop's thread.
  void Pause();
  // Reads on after Pause; a no-op when not paused. REQUIRES: called on the loop's thread.
  void Resume();

 private:
  friend class HttpClient;
  class Exchange;
  explicit HttpCall(std::weak_ptr<Exchange> exchange) : exchange_(std::move(exchange)) {}
  std::weak_ptr<Exchange> exchange_;
};

struct HttpClientOptions {
  // Resolving, connecting and the TLS handshake of one new connection.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  // Default for HttpClientRequest::timeout.
  std::chrono::milliseconds request_timeout{std::chrono::minutes(5)};
  size_t max_response_header_bytes = 64 << 10;
  // Fetch only: a longer body fails with kTooLarge. Stream does not limit the body.
  size_t max_response_body_bytes = 16 << 20;
  size_t max_idle_per_origin = 32;
  // A pooled connection unused for this long is closed.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(30)};
  // PEM file of certificates trusted in addition to the system's store (e.g. a test CA).
  std::string ca_file{};
};

class HttpClient {
 public:
  // Throws std::system_error when the TLS context cannot be set up (e.g. `ca_file` unreadable).
  // REQUIRES: `loop` outlives the client.
  HttpClient(EventLoop& loop, HttpClientOptions options);
  // Aborts every call in flight without calling its callbacks (they are destroyed later, when
  // their exchange has wound down on the loop) and closes pooled connections.
  // REQUIRES: called on the loop's thread, not from inside one of the client's callbacks.
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and receives the whole response (body up to max_response_body_bytes).
  HttpCall Fetch(HttpClientRequest request, HttpResponseCallback done);
  // Sends `request` and hands the response to `handler` as it arrives.
  HttpCall Stream(HttpClientRequest request, HttpStreamHandler handler);

  // Pooled connections currently idle (all origins).
  size_t IdleConnections() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;  // shared with the exchanges in flight, which may outlive us
};

}  // namespace portcullis::net
