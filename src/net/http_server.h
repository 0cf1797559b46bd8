// A small HTTP/1.1 server (Boost.Beast underneath, kept out of this header): keep-alive,
// pipelined requests answered in order, bounded headers and bodies, idle timeouts and a graceful
// stop. Its handler is either synchronous, filling in the answer before it returns:
//
//   HttpServer server({.address = "127.0.0.1", .port = 3592}, [](const HttpRequest& request,
//                                                               HttpResponse& response) {
//     response.body = R"({"status":"SERVING"})";
//   });
//   server.Start();   // binds; throws std::system_error when it cannot
//   server.Run();     // serves until Stop()
//
// or asynchronous, given an HttpExchange to answer through later or to stream an answer through
// (net/http_exchange.h): `HttpServer server(options, [](HttpExchange exchange) {...});`.
//
// Threading: `threads` workers, each running its own EventLoop with its own listening socket
// bound to the same address with SO_REUSEPORT (the kernel spreads connections across them). A
// connection stays on the worker that accepted it and its handler runs on that worker's thread,
// inline: no thread hop and no lock between reading a request and answering it. The handler is
// therefore called concurrently from several threads and must be thread-safe; it should not
// block (a blocked handler stalls every connection of its worker). Objects bound to a worker's
// loop (an HttpClient for an asynchronous handler's upstream calls, say) call back on that same
// thread: create them with loop(worker) after Start and before Run, destroy them after Run
// returned, before the server.
//
// Memory: a connection reads into an 8 kB buffer, which it gives back once it has waited a
// second for its next request; an idle keep-alive connection then costs about 3.4 kB of heap
// (tests/net/http_server_test.cpp measures it over 5,000 connections).
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
#include <string>
#include <string_view>

#include "net/event_loop.h"
#include "net/http_exchange.h"
#include "net/http_message.h"

namespace portcullis::net {

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
  // slow readers of an answer: a write that makes no progress for this long closes it), by a
  // periodic sweep: up to a quarter of it (250 ms at most) late. A connection whose
  // asynchronous handler works, or whose stream waits for its next piece, is not idle.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // Streams: HttpExchange::Write reports the client slow once this many bytes wait to be sent.
  size_t stream_high_water_bytes = 64 << 10;
  // After Stop, how long answers in progress (asynchronous ones and streams included) have to
  // finish before their exchanges are aborted and their connections closed.
  std::chrono::milliseconds stop_grace{std::chrono::seconds(10)};
  // Default: `{"code":<status>,"message":"<reason>"}`.
  HttpErrorBody error_body;
};

// Thread-safety: Start and Run are called once, in that order, from one thread; Stop may be
// called from any thread (not from a signal handler) at any time after Start, repeatedly.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  HttpServer(HttpServerOptions options, HttpAsyncHandler handler);
  ~HttpServer();  // REQUIRES: Run is not running (it has returned, or was never called)
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens on every worker's socket. Throws std::system_error (address in use, bad
  // address...). No request is served before Run.
  void Start();
  // The bound port (the ephemeral one when options.port was 0). REQUIRES: Start succeeded.
  uint16_t port() const;
  // The number of workers (options.threads, or the hardware's when 0).
  unsigned workers() const;
  // The event loop of worker `index` (below workers()), valid as long as the server.
  EventLoop& loop(unsigned index);

  // Serves on `threads` workers (the calling thread is one of them) until Stop, then returns
  // once every worker has finished: listening stops at once, idle connections are closed,
  // requests being handled or answered are answered (with `Connection: close`) within
  // `stop_grace`, after which the exchanges still in progress are aborted. What remains queued
  // on the loops then (an idle HttpClient's timers, say) stays there, not run.
  void Run();
  // Begins the graceful stop described at Run.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portcullis::net
