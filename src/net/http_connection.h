// A connection accepted by HttpServer and what the connections of one worker share, for
// net/http_*.cpp only. Everything here is used on the worker's loop thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <atomic>
#include <chrono>
#include <string>

#include "net/event_loop.h"
#include "net/http_server.h"

namespace portcullis::net {

class ExchangeState;

// What a worker's connections share with the server.
struct WorkerContext {
  EventLoop& loop;
  unsigned index;  // below HttpServer::workers()
  const HttpServerOptions& options;
  // Set by Stop from any thread: answers formatted from then on close their connection.
  const std::atomic<bool>& stop_requested;
};

struct Connection {
  enum class State {
    kReading,   // waiting for (the rest of) a request: cancelled on stop
    kAnswering  // handling a request or writing its answer: left to finish
  };
  explicit Connection(boost::asio::ip::tcp::socket socket);

  boost::asio::ip::tcp::socket socket;
  State state = State::kReading;
  // When the pending read or write must have finished; the worker's sweep cancels it after.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::string peer;  // "address:port" of the client; empty when unknown
  // Bytes received past the requests parsed so far. Without storage while the connection has
  // been waiting long for its next request (see kReleaseBufferAfter in http_server.cpp).
  boost::beast::flat_buffer buffer;
  // Set by the sweep when it interrupts the wait for a request to have the buffer released.
  bool release_buffer = false;
  // The asynchronous exchange being answered, if any (for the stop's abort).
  ExchangeState* exchange = nullptr;
};

}  // namespace portcullis::net
