// HttpClient's connections and the pool of idle ones, for net/http_client.cpp only. Everything
// here is used on the loop's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "net/event_loop.h"

namespace portcullis::net {

// One connection to an origin, plain or TLS, with the bytes read past the last response.
struct ClientConnection {
  // `tls_context` null: a plain TCP connection.
  ClientConnection(boost::asio::io_context& io, boost::asio::ssl::context* tls_context,
                   std::string origin);
  ~ClientConnection() { idle_timer.Cancel(); }

  boost::asio::ip::tcp::socket& socket() { return tls ? tls->next_layer() : *plain; }
  // Closes the socket, which aborts any operation in progress on it.
  void Close();

  const std::string origin;  // HttpUrl::Origin()
  std::optional<boost::asio::ip::tcp::socket> plain;
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> tls;
  boost::beast::flat_buffer buffer;
  TimerHandle idle_timer;  // running while the connection waits in the pool
};

// Idle keep-alive connections by origin. Each waits at most `idle_timeout`; at most
// `max_idle_per_origin` wait per origin (the oldest is closed to make room).
class ConnectionPool {
 public:
  ConnectionPool(EventLoop& loop, size_t max_idle_per_origin,
                 std::chrono::milliseconds idle_timeout);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // The most recently pooled connection to `origin` that still looks usable (not closed by the
  // server), or null.
  std::unique_ptr<ClientConnection> Take(const std::string& origin);
  void Put(std::unique_ptr<ClientConnection> connection);
  // Closes every idle connection.
  void Clear() { idle_.clear(); }
  size_t size() const;

 private:
  void Expire(ClientConnection* connection);

  EventLoop& loop_;
  const size_t max_idle_per_origin_;
  const std::chrono::milliseconds idle_timeout_;
  // Oldest first.
  std::unordered_map<std::string, std::deque<std::unique_ptr<ClientConnection>>> idle_;
};

}  // namespace portcullis::net
