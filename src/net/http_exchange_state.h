// The state of one HttpExchange and the coroutine that carries it on its connection, for
// net/http_*.cpp only. Everything here is used on the worker's loop thread.
//
// Shared by the connection's coroutine (while it carries the exchange) and the HttpExchange
// handles (as long as one exists); the handles are counted apart, so that the last one going
// before the answer finishes it (HttpExchange says how).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/http_connection.h"
#include "net/http_exchange.h"
#include "net/wakeup.h"

namespace portcullis::net {

class ExchangeState : public std::enable_shared_from_this<ExchangeState> {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  // Hands `request` to `handler` as an exchange, then carries the exchange on `connection`:
  // sends what it queues until its answer is sent whole or it is aborted, watching meanwhile for
  // the client leaving. Returns whether the connection may carry another request.
  // REQUIRES: the connection's socket is non-blocking; its buffer holds what was read past
  // `request`.
  static boost::asio::awaitable<bool> Serve(const WorkerContext& worker, Connection& connection,
                                            Request request, const HttpAsyncHandler& handler);

  ExchangeState(const WorkerContext& worker, Connection& connection, Request request);
  ExchangeState(const ExchangeState&) = delete;
  ExchangeState& operator=(const ExchangeState&) = delete;

  // Closes the connection and calls the abort callback, unless the answer was sent whole.
  void Abort();

  // What HttpExchange does (see there).
  const HttpRequest& request() const { return view_; }
  const WorkerContext& worker() const { return worker_; }
  void Respond(HttpResponse response);
  void StartStream(HttpResponse head);
  bool Write(std::string_view piece);
  void End();
  void OnWritable(std::function<void()> fn);
  void OnAbort(std::function<void()> fn);
  bool aborted() const { return phase_ == Phase::kAborted; }
  void AddHandle() { ++handles_; }
  void ReleaseHandle();

 private:
  enum class Phase {
    kUnanswered,  // nothing queued: the handler works
    kStreaming,   // the head is queued, pieces follow until End
    kAnswered,    // the whole answer is queued, and sent once nothing waits
    kSent,        // sent whole
    kAborted,     // given up: nothing more is sent
  };

  boost::asio::awaitable<bool> Carry();
  // Sends what waits, as much as the socket takes without blocking.
  void SendSome(boost::system::error_code& error);
  void Queue(std::string bytes);
  // Appends to the last piece waiting when it is small, to write fewer, larger pieces.
  std::string& AppendTarget(size_t bytes);
  void NotifyWritable();
  // Reads ahead while the exchange is carried, to notice the client leaving.
  void Watch();
  void Watched(const boost::system::error_code& error);
  // Forgets the connection and the callbacks (which may hold handles: no cycle outlives us).
  void Detach();

  const WorkerContext& worker_;
  Connection* connection_;  // null once the exchange is over (sent or aborted)
  Request message_;
  std::string peer_;
  HttpRequest view_;
  Phase phase_ = Phase::kUnanswered;
  bool chunked_ = false;      // the stream's pieces are chunks (HTTP/1.1)
  bool close_after_ = false;  // the connection closes once the answer is sent
  // What waits to be sent, in order; the front piece's first `sent_in_front_` bytes are gone.
  std::deque<std::string> pieces_;
  size_t sent_in_front_ = 0;
  size_t waiting_bytes_ = 0;
  bool wants_writable_ = false;  // a Write returned false, OnWritable not called since
  std::function<void()> on_writable_;
  std::function<void()> on_abort_;
  bool watching_ = false;       // a wait for the client's bytes is pending
  bool stop_watching_ = false;  // the exchange is over: do not wait again
  unsigned handles_ = 0;
  Wakeup wakeup_;  // wakes Carry when there is something to send, or the exchange is over
};

}  // namespace portcullis::net
