#include "net/http_client_pool.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace portcullis::net {
namespace {

// A pooled connection is idle: the server may only have closed it (end of stream) or written
// something unasked (say, a 408 before closing). Either way it is not worth a request.
bool LooksUsable(ClientConnection& connection) {
  char byte;
  ssize_t peeked = ::recv(connection.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

ClientConnection::ClientConnection(boost::asio::io_context& io,
                                   boost::asio::ssl::context* tls_context, std::string origin)
    : origin(std::move(origin)) {
  if (tls_context)
    tls.emplace(io, *tls_context);
  else
    plain.emplace(io);
}

void ClientConnection::Close() {
  boost::system::error_code ignored;
  socket().close(ignored);
}

ConnectionPool::ConnectionPool(EventLoop& loop, size_t max_idle_per_origin,
                               std::chrono::milliseconds idle_timeout)
    : loop_(loop), max_idle_per_origin_(max_idle_per_origin), idle_timeout_(idle_timeout) {}

std::unique_ptr<ClientConnection> ConnectionPool::Take(const std::string& origin) {
  auto it = idle_.find(origin);
  if (it == idle_.end()) return nullptr;
  std::unique_ptr<ClientConnection> usable;
  auto& waiting = it->second;
  while (!waiting.empty() && !usable) {
    std::unique_ptr<ClientConnection> connection = std::move(waiting.back());
    waiting.pop_back();
    if (LooksUsable(*connection)) usable = std::move(connection);
  }
  if (waiting.empty()) idle_.erase(it);
  if (usable) usable->idle_timer.Cancel();
  return usable;
}

void ConnectionPool::Put(std::unique_ptr<ClientConnection> connection) {
  if (max_idle_per_origin_ == 0) return;
  auto& waiting = idle_[connection->origin];
  if (waiting.size() >= max_idle_per_origin_) waiting.pop_front();
  // The timer dies with the connection (its destructor cancels it), so `this` and `raw` are
  // alive whenever it fires.
  ClientConnection* raw = connection.get();
  connection->idle_timer = loop_.RunAfter(idle_timeout_, [this, raw] { Expire(raw); });
  waiting.push_back(std::move(connection));
}

size_t ConnectionPool::size() const {
  size_t total = 0;
  for (const auto& [origin, waiting] : idle_) total += waiting.size();
  return total;
}

void ConnectionPool::Expire(ClientConnection* connection) {
  auto it = idle_.find(connection->origin);
  auto& waiting = it->second;
  waiting.erase(std::find_if(waiting.begin(), waiting.end(),
                             [connection](const auto& idle) { return idle.get() == connection; }));
  if (waiting.empty()) idle_.erase(it);
}

}  // namespace portcullis::net
