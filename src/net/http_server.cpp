#include "net/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <ctime>
#include <exception>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_set>

namespace portcullis::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Completion token: errors come back as values (a closed connection is not exceptional).
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

using Request = http::request<http::string_body>;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// How long a connection answered with an error is read from and discarded before it is closed,
// so that the client reads the answer instead of a reset.
constexpr std::chrono::milliseconds kErrorLinger{1000};

// The read buffer each connection starts with: a whole request of usual size in one read.
constexpr size_t kReadBufferBytes = 8 << 10;

std::string DefaultErrorBody(int status, std::string_view reason) {
  std::string body = "{\"code\":" + std::to_string(status) + ",\"message\":\"";
  body.append(reason);
  body += "\"}";
  return body;
}

// The Date header's value for now (RFC 9110 IMF-fixdate), formatted once per second per thread.
std::string_view HttpDate() {
  thread_local time_t formatted_second = -1;
  thread_local char text[32];
  thread_local size_t size = 0;
  time_t now = time(nullptr);
  if (now != formatted_second) {
    struct tm utc;
    gmtime_r(&now, &utc);
    // The C locale (never changed here) gives English day and month names.
    size = strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    formatted_second = now;
  }
  return {text, size};
}

// The status line and header fields of an answer, as sent before its body (written by hand:
// Beast's serializer cost more than the rest of the answer path). Content-Length is left out
// where HTTP forbids it (1xx, 204); Connection is written when it is not the version's default.
void FormatHead(const HttpResponse& response, unsigned version, bool keep_alive, std::string& out) {
  out.assign(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out += std::to_string(response.status);
  out += ' ';
  out += http::obsolete_reason(static_cast<http::status>(response.status));
  out += "\r\nDate: ";
  out += HttpDate();
  out += "\r\nContent-Type: ";
  out += response.content_type;
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (response.status >= 200 && response.status != 204) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
}

// A connection, as its worker sees it for a graceful stop.
struct Connection {
  enum class State {
    kReading,   // waiting for (the rest of) a request: cancelled on stop
    kAnswering  // handling a request or writing its answer: left to finish
  };
  explicit Connection(tcp::socket socket) : socket(std::move(socket)) {
    error_code error;
    tcp::endpoint endpoint = this->socket.remote_endpoint(error);
    if (error) return;
    std::string address = endpoint.address().to_string();
    peer = endpoint.address().is_v6() ? "[" + address + "]" : std::move(address);
    peer += ':';
    peer += std::to_string(endpoint.port());
  }
  tcp::socket socket;
  State state = State::kReading;
  // When the pending read or write must have finished; the worker's sweep cancels it after.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::string peer;  // "address:port" of the client; empty when unknown
};

// One event loop, its listening socket and its connections. Everything in it is touched only
// by its own thread (Stop posts into it).
struct Worker {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::unordered_set<Connection*> connections;
  // Wakes the sweep of connections past their deadline (see SweepDeadlines).
  asio::steady_timer sweep{io};
  bool stopping = false;
};

// How often a worker looks for connections past their deadline: deadlines are kept to within a
// quarter of the shortest timeout.
std::chrono::milliseconds SweepPeriod(std::chrono::milliseconds idle_timeout) {
  std::chrono::milliseconds shortest = std::min(idle_timeout, kErrorLinger);
  return std::max(shortest / 4, std::chrono::milliseconds(1));
}

}  // namespace

HttpRequest::HttpRequest(std::string_view method, std::string_view target, std::string_view body,
                         const void* fields, std::string_view peer)
    : method_(method),
      target_(target),
      path_(target.substr(0, target.find('?'))),
      body_(body),
      fields_(fields),
      peer_(peer) {}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  if (fields_ == nullptr) return std::nullopt;
  const auto& fields = *static_cast<const http::fields*>(fields_);
  auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return it->value();
}

void HttpRequest::ForEachHeader(
    const std::function<void(std::string_view name, std::string_view value)>& visit) const {
  if (fields_ == nullptr) return;
  for (const auto& field : *static_cast<const http::fields*>(fields_))
    visit(field.name_string(), field.value());
}

void HttpResponse::Clear() {
  status = 200;
  content_type = "application/json";
  body.clear();
  headers.clear();
}

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, HttpHandler handler)
      : options_(std::move(options)), handler_(std::move(handler)) {
    if (options_.threads == 0) options_.threads = std::max(1u, std::thread::hardware_concurrency());
    if (!options_.error_body) options_.error_body = DefaultErrorBody;
    workers_.reserve(options_.threads);
    for (unsigned i = 0; i < options_.threads; ++i) workers_.push_back(std::make_unique<Worker>());
  }

  void Start() {
    try {
      Listen();
    } catch (const boost::system::system_error& error) {
      throw std::system_error(error.code(), options_.address + ":" + std::to_string(options_.port));
    }
  }

  void Listen() {
    asio::io_context resolver_io;
    tcp::resolver resolver(resolver_io);
    tcp::endpoint endpoint =
        resolver.resolve(options_.address, std::to_string(options_.port))->endpoint();
    endpoint = ClaimPort(resolver_io, endpoint);
    for (auto& worker : workers_) {
      tcp::acceptor& acceptor = worker->acceptor;
      acceptor.open(endpoint.protocol());
      acceptor.set_option(asio::socket_base::reuse_address(true));
      acceptor.set_option(ReusePort(true));
      acceptor.bind(endpoint);
      acceptor.listen(asio::socket_base::max_listen_connections);
      // Every other worker binds the port the first one got (when it asked for port 0).
      endpoint = acceptor.local_endpoint();
    }
    port_ = endpoint.port();
  }

  uint16_t port() const { return port_; }

  // SO_REUSEPORT would also let the workers share the port with any other process of the same
  // user that listens with it (two servers silently splitting traffic): first bind without it,
  // so that a port in use fails as usual, and pick the port when asked for any.
  static tcp::endpoint ClaimPort(asio::io_context& io, tcp::endpoint endpoint) {
    tcp::acceptor probe(io);
    probe.open(endpoint.protocol());
    probe.set_option(asio::socket_base::reuse_address(true));
    probe.bind(endpoint);
    return probe.local_endpoint();
  }

  void Run() {
    for (auto& worker : workers_) {
      asio::co_spawn(worker->io, Accept(*worker), asio::detached);
      asio::co_spawn(worker->io, SweepDeadlines(*worker), asio::detached);
    }
    std::vector<std::thread> threads;
    for (size_t i = 1; i < workers_.size(); ++i)
      threads.emplace_back([&io = workers_[i]->io] { io.run(); });
    workers_[0]->io.run();
    for (auto& thread : threads) thread.join();
  }

  void Stop() {
    stop_requested_.store(true, std::memory_order_relaxed);
    for (auto& worker : workers_) {
      asio::post(worker->io, [&worker = *worker] {
        worker.stopping = true;
        error_code ignored;
        worker.acceptor.close(ignored);
        worker.sweep.cancel();
        for (Connection* connection : worker.connections)
          if (connection->state == Connection::State::kReading) connection->socket.cancel();
      });
    }
  }

 private:
  asio::awaitable<void> Accept(Worker& worker) {
    while (!worker.stopping) {
      auto [error, socket] = co_await worker.acceptor.async_accept(kAsTuple);
      if (error == asio::error::operation_aborted || worker.stopping) break;
      if (error) {
        // Out of file descriptors or similar: wait a little rather than spin.
        asio::steady_timer pause(worker.io, std::chrono::milliseconds(50));
        co_await pause.async_wait(kAsTuple);
        continue;
      }
      socket.set_option(tcp::no_delay(true), error);
      // For the reads and writes tried without suspending (never blocking the worker).
      if (socket.non_blocking(true, error); error) continue;
      asio::co_spawn(worker.io, Serve(worker, std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> Serve(Worker& worker, tcp::socket socket) {
    Connection connection(std::move(socket));
    worker.connections.insert(&connection);
    try {
      co_await ServeRequests(worker, connection);
    } catch (const std::exception&) {
      // Only allocation failures get here; the connection is dropped.
    }
    worker.connections.erase(&connection);
    if (worker.stopping && worker.connections.empty()) worker.sweep.cancel();
  }

  // Cancels the pending read or write of every connection past its deadline, which then
  // closes. One timer per worker rather than one per read and write: arming and cancelling
  // those (a timerfd_settime call each when connections are few) cost more than the rest of a
  // request's I/O. Runs until the worker is stopping and has no connection left.
  asio::awaitable<void> SweepDeadlines(Worker& worker) {
    const std::chrono::milliseconds period = SweepPeriod(options_.idle_timeout);
    while (!worker.stopping || !worker.connections.empty()) {
      worker.sweep.expires_after(period);
      co_await worker.sweep.async_wait(kAsTuple);
      auto now = std::chrono::steady_clock::now();
      for (Connection* connection : worker.connections)
        if (connection->deadline <= now) connection->socket.cancel();
    }
  }

  static void SetDeadline(Connection& connection, std::chrono::milliseconds timeout) {
    connection.deadline = std::chrono::steady_clock::now() + timeout;
  }

  asio::awaitable<void> ServeRequests(Worker& worker, Connection& connection) {
    tcp::socket& socket = connection.socket;
    beast::flat_buffer buffer;
    // Beast reads at most the buffer's free capacity (512 bytes at first), which splits a
    // typical CheckResources request over two reads.
    buffer.reserve(kReadBufferBytes);
    HttpResponse response;
    std::string head;
    while (!worker.stopping) {
      connection.state = Connection::State::kReading;
      SetDeadline(connection, options_.idle_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(options_.max_header_bytes));
      parser.body_limit(options_.max_body_bytes);
      auto [error, read] = co_await http::async_read_header(socket, buffer, parser, kAsTuple);
      if (!error && !parser.is_done()) {
        if (Expects100Continue(parser.get())) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          std::tie(error, read) =
              co_await asio::async_write(socket, asio::buffer(kContinue), kAsTuple);
        }
        // The body usually came with the header: parse it from the buffer without suspending
        // (an asynchronous read that completes at once still queues its completion, which
        // costs the event loop one more poll). The socket is non-blocking, so this reads what
        // has arrived and no more; the rest, if any, is read asynchronously.
        if (!error) http::read(socket, buffer, parser, error);
        if (error == asio::error::would_block)
          std::tie(error, read) = co_await http::async_read(socket, buffer, parser, kAsTuple);
      }
      if (error) {
        if (int status = ErrorStatus(error)) co_await AnswerError(connection, status);
        co_return;
      }

      connection.state = Connection::State::kAnswering;
      Request& request = parser.get();
      response.Clear();
      try {
        handler_(HttpRequest(request.method_string(), request.target(), request.body(),
                             static_cast<const http::fields*>(&request), connection.peer),
                 response);
      } catch (const std::exception&) {
        response.Clear();
        response.status = 500;
        response.body = options_.error_body(500, "Internal Server Error");
      }
      // Read here rather than worker.stopping: a stop requested while the handler ran is only
      // posted to this worker, and the answer should already say the connection closes.
      bool keep_alive = request.keep_alive() && !stop_requested_.load(std::memory_order_relaxed);
      FormatHead(response, request.version(), keep_alive, head);
      SetDeadline(connection, options_.idle_timeout);
      auto [write_error, written] = co_await WriteAnswer(socket, head, response.body);
      if (write_error || !keep_alive) break;
    }
    error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }

  static bool Expects100Continue(const Request& request) {
    auto it = request.find(http::field::expect);
    return it != request.end() && beast::iequals(it->value(), "100-continue");
  }

  // The status to answer a failed read with, or 0 to close silently (the peer left, timed out
  // or the server is stopping).
  static int ErrorStatus(const error_code& error) {
    if (error == http::error::body_limit) return 413;
    if (error == http::error::header_limit) return 431;
    if (error.category() != http::make_error_code(http::error::bad_target).category()) return 0;
    if (error == http::error::end_of_stream || error == http::error::partial_message) return 0;
    return 400;
  }

  asio::awaitable<void> AnswerError(Connection& connection, int status) {
    connection.state = Connection::State::kAnswering;
    HttpResponse response;
    response.status = status;
    response.body =
        options_.error_body(status, http::obsolete_reason(static_cast<http::status>(status)));
    std::string head;
    FormatHead(response, 11, false, head);
    tcp::socket& socket = connection.socket;
    SetDeadline(connection, kErrorLinger);
    auto [error, written] = co_await WriteAnswer(socket, head, response.body);
    if (error) co_return;
    socket.shutdown(tcp::socket::shutdown_send, error);
    // Discard what the client still sends until it closes (or the linger ends).
    char scratch[16 << 10];
    for (;;) {
      auto [read_error, read] = co_await socket.async_read_some(asio::buffer(scratch), kAsTuple);
      if (read_error) break;
    }
  }

  // Head and body in one gathered write. An answer normally fits in the socket's send buffer:
  // it is sent at once, without suspending (an asynchronous write would queue its completion and
  // cost the event loop one more poll); what does not fit is written asynchronously.
  // REQUIRES: the socket is in non-blocking mode.
  static asio::awaitable<std::tuple<error_code, size_t>> WriteAnswer(tcp::socket& socket,
                                                                     const std::string& head,
                                                                     const std::string& body) {
    std::array<asio::const_buffer, 2> answer{asio::buffer(head), asio::buffer(body)};
    error_code error;
    size_t written = socket.write_some(answer, error);
    if (error == asio::error::would_block) error.clear();
    if (error || written == head.size() + body.size()) co_return std::tuple{error, written};
    if (written < head.size()) {
      answer[0] += written;
    } else {
      answer[0] = asio::const_buffer();
      answer[1] += written - head.size();
    }
    auto [rest_error, rest] = co_await asio::async_write(socket, answer, kAsTuple);
    co_return std::tuple{rest_error, written + rest};
  }

  HttpServerOptions options_;
  HttpHandler handler_;
  std::vector<std::unique_ptr<Worker>> workers_;
  uint16_t port_ = 0;
  std::atomic<bool> stop_requested_ = false;
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

void HttpServer::Start() {
  impl_->Start();
}
uint16_t HttpServer::port() const {
  return impl_->port();
}
void HttpServer::Run() {
  impl_->Run();
}
void HttpServer::Stop() {
  impl_->Stop();
}

}  // namespace portcullis::net
