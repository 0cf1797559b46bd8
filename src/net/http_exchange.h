// HttpExchange: one request of one HttpServer connection, for handlers that answer later than
// their call returns (after an upstream call made on the same event loop) or that stream their
// answer (Server-Sent Events relayed piece by piece, for as long as they last).
//
//   HttpServer server(options, [&clients](HttpExchange exchange) {
//     HttpClient& upstream = *clients[exchange.worker()];   // bound to server.loop(worker)
//     upstream.Fetch({.url = ...}, [exchange](auto error, HttpClientResponse got) mutable {
//       exchange.Respond({.status = got.status, .body = std::move(got.body)});
//     });
//   });
//
// An exchange is answered once, in one of two ways:
//  - Respond: the whole answer;
//  - StartStream, then Write for each piece, then End: the body is sent as it comes, with the
//    chunked transfer coding to an HTTP/1.1 client, delimited by closing the connection to an
//    HTTP/1.0 one.
//
// Handles: HttpExchange is a counted handle; copies refer to the same exchange (so that it can be
// captured by the std::function callbacks of EventLoop and HttpClient). When the last copy goes
// before the answer is complete, the server finishes it: an exchange with nothing sent yet is
// answered 500 (HttpServerOptions::error_body); a started stream has its connection closed
// without the end of the body, so that the client sees it truncated, never complete. A callback
// given to OnAbort or OnWritable that holds a copy keeps the exchange from being dropped (until
// it is answered or aborted, when the server releases both callbacks).
//
// Backpressure: Write always queues its piece; it returns false once
// HttpServerOptions::stream_high_water_bytes wait to be sent. The writer should then pause (its
// upstream read, say) until the OnWritable callback, called when what waits has fallen to half
// of that mark.
//
// Abort: the exchange is aborted, before its answer has been completely sent, when the client
// closes or resets the connection, when a write makes no progress for the idle timeout (a client
// that stopped reading), or when HttpServer::Stop's grace period ends. The connection is closed,
// the OnAbort callback is called once, and from then on Write returns false and Respond, End do
// nothing. The server notices a client leaving while the handler works by watching the
// connection; a client that half-closes its side after sending its request counts as leaving.
//
// Pipelining: the connection's next request is handled only once this answer has been sent whole
// (what the client pipelines meanwhile is read ahead, 8 to 16 kB of it, the rest left in the
// socket).
//
// Threading: an exchange and its copies are used, copied and destroyed only on the thread of
// loop(), the worker that received the request. Callbacks are called there, never from inside a
// method of the exchange. A moved-from handle may only be destroyed or assigned to.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "net/event_loop.h"
#include "net/http_message.h"

namespace portcullis::net {

class ExchangeState;

class HttpExchange {
 public:
  HttpExchange(const HttpExchange& other);
  HttpExchange(HttpExchange&& other) noexcept = default;
  HttpExchange& operator=(HttpExchange other) noexcept;
  ~HttpExchange();

  // The request, valid as long as a copy of the exchange exists.
  const HttpRequest& request() const;
  // The loop of the worker that received the request: timers, and clients bound to it, call
  // back on the exchange's thread.
  EventLoop& loop() const;
  // That worker's index, below HttpServer::workers(): to find the objects bound to its loop.
  unsigned worker() const;

  // Sends the whole answer. REQUIRES: neither Respond nor StartStream was called before.
  void Respond(HttpResponse response);

  // Sends the head of a streamed answer: `head`'s status, content type and header fields; its
  // body, if any, as the first piece. REQUIRES: neither Respond nor StartStream was called.
  void StartStream(HttpResponse head);
  // Queues `piece` of the body (an empty piece sends nothing). Returns false when the client
  // reads slower than the stream is written (pause until OnWritable) or the exchange was
  // aborted (see aborted()). REQUIRES: StartStream was called, End was not.
  bool Write(std::string_view piece);
  // Ends the body; the connection serves the next request once everything has been sent.
  // REQUIRES: StartStream was called, End was not.
  void End();

  // `fn` is called each time what waits to be sent falls to half the high-water mark after a
  // Write returned false. Replaces the previous callback.
  void OnWritable(std::function<void()> fn);
  // `fn` is called once if the exchange is aborted (see above); at once from the loop if it
  // already was. Replaces the previous callback.
  void OnAbort(std::function<void()> fn);
  // Whether the exchange was aborted: what is still written is dropped.
  bool aborted() const;

 private:
  friend class ExchangeState;
  explicit HttpExchange(std::shared_ptr<ExchangeState> state);
  std::shared_ptr<ExchangeState> state_;  // null once moved from
};

// A handler given the exchange: it answers now or later through it.
using HttpAsyncHandler = std::function<void(HttpExchange exchange)>;

}  // namespace portcullis::net
