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
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <ctime>
#include <exception>
#include <system_error>
#include <thread>
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
constexpr auto kErrorLinger = std::chrono::seconds(1);

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

// A connection, as its worker sees it for a graceful stop.
struct Connection {
  enum class State {
    kReading,   // waiting for (the rest of) a request: cancelled on stop
    kAnswering  // handling a request or writing its answer: left to finish
  };
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  State state = State::kReading;
};

// One event loop, its listening socket and its connections. Everything in it is touched only
// by its own thread (Stop posts into it).
struct Worker {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::unordered_set<Connection*> connections;
  bool stopping = false;
};

}  // namespace

HttpRequest::HttpRequest(std::string_view method, std::string_view target, std::string_view body,
                         const void* fields)
    : method_(method),
      target_(target),
      path_(target.substr(0, target.find('?'))),
      body_(body),
      fields_(fields) {}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  if (fields_ == nullptr) return std::nullopt;
  const auto& fields = *static_cast<const http::fields*>(fields_);
  auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return it->value();
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
    for (auto& worker : workers_) asio::co_spawn(worker->io, Accept(*worker), asio::detached);
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
        for (Connection* connection : worker.connections)
          if (connection->state == Connection::State::kReading) connection->stream.cancel();
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
  }

  asio::awaitable<void> ServeRequests(Worker& worker, Connection& connection) {
    beast::tcp_stream& stream = connection.stream;
    beast::flat_buffer buffer;
    HttpResponse response;
    http::response<http::string_body> message;
    while (!worker.stopping) {
      connection.state = Connection::State::kReading;
      stream.expires_after(options_.idle_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(options_.max_header_bytes));
      parser.body_limit(options_.max_body_bytes);
      auto [error, read] = co_await http::async_read_header(stream, buffer, parser, kAsTuple);
      if (!error && !parser.is_done()) {
        if (Expects100Continue(parser.get())) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          std::tie(error, read) =
              co_await asio::async_write(stream, asio::buffer(kContinue), kAsTuple);
        }
        if (!error)
          std::tie(error, read) = co_await http::async_read(stream, buffer, parser, kAsTuple);
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
                             static_cast<const http::fields*>(&request)),
                 response);
      } catch (const std::exception&) {
        response.Clear();
        response.status = 500;
        response.body = options_.error_body(500, "Internal Server Error");
      }
      // Read here rather than worker.stopping: a stop requested while the handler ran is only
      // posted to this worker, and the answer should already say the connection closes.
      bool keep_alive = request.keep_alive() && !stop_requested_.load(std::memory_order_relaxed);
      Prepare(response, request.version(), keep_alive, message);
      stream.expires_after(options_.idle_timeout);
      auto [write_error, written] = co_await http::async_write(stream, message, kAsTuple);
      response.body = std::move(message.body());  // keeps its capacity for the next answer
      if (write_error || !keep_alive) break;
    }
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
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
    http::response<http::string_body> message;
    Prepare(response, 11, false, message);
    beast::tcp_stream& stream = connection.stream;
    stream.expires_after(kErrorLinger);
    auto [error, written] = co_await http::async_write(stream, message, kAsTuple);
    if (error) co_return;
    stream.socket().shutdown(tcp::socket::shutdown_send, error);
    // Discard what the client still sends until it closes (or the linger ends).
    char scratch[16 << 10];
    for (;;) {
      auto [read_error, read] = co_await stream.async_read_some(asio::buffer(scratch), kAsTuple);
      if (read_error) break;
    }
  }

  static void Prepare(HttpResponse& response, unsigned version, bool keep_alive,
                      http::response<http::string_body>& message) {
    message.clear();
    message.version(version);
    message.result(static_cast<unsigned>(response.status));
    message.set(http::field::date, HttpDate());
    message.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) message.set(name, value);
    message.body() = std::move(response.body);
    message.keep_alive(keep_alive);
    message.prepare_payload();
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
