#include "net/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
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
#include <exception>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "net/event_loop_asio.h"
#include "net/http_connection.h"
#include "net/http_exchange_state.h"
#include "net/http_head.h"

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

// The read buffer of a connection: a whole request of usual size in one read.
constexpr size_t kReadBufferBytes = 8 << 10;
// A connection that waited this long for its next request gives its read buffer back until the
// request arrives (asked by the sweep). Sooner would cost a busy connection a system call per
// request (see ReadHeaderWithoutBuffer).
constexpr std::chrono::seconds kReleaseBufferAfter{1};
// An answer body buffer larger than this is not kept for the connection's next answer.
constexpr size_t kKeptAnswerBytes = 64 << 10;

std::string DefaultErrorBody(int status, std::string_view reason) {
  std::string body = "{\"code\":" + std::to_string(status) + ",\"message\":\"";
  body.append(reason);
  body += "\"}";
  return body;
}

// One event loop, its listening socket and its connections. Everything in it is touched only
// by its own thread (Stop posts into it).
struct Worker {
  Worker(unsigned index, const HttpServerOptions& options, const std::atomic<bool>& stop_requested)
      : context{loop, index, options, stop_requested} {}

  EventLoop loop;
  asio::io_context& io = AsioContext(loop);
  WorkerContext context;
  tcp::acceptor acceptor{io};
  std::unordered_set<Connection*> connections;
  // Wakes the sweep of connections past their deadline (see SweepDeadlines).
  asio::steady_timer sweep{io};
  bool stopping = false;
  // Once stopping: when the answers still in progress are given up.
  std::chrono::steady_clock::time_point give_up = std::chrono::steady_clock::time_point::max();
  // Coroutines running on the loop (accepting, sweeping, one per connection): the last one to
  // end once stopping ends the loop's Run.
  size_t tasks = 0;
};

// How often a worker looks for connections past their deadline: deadlines are kept to within a
// quarter of the shortest timeout.
std::chrono::milliseconds SweepPeriod(const HttpServerOptions& options) {
  std::chrono::milliseconds shortest =
      std::min({options.idle_timeout, kErrorLinger,
                std::max(options.stop_grace, std::chrono::milliseconds(1))});
  return std::max(shortest / 4, std::chrono::milliseconds(1));
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, HttpHandler handler, HttpAsyncHandler async_handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        async_handler_(std::move(async_handler)) {
    if (options_.threads == 0) options_.threads = std::max(1u, std::thread::hardware_concurrency());
    if (!options_.error_body) options_.error_body = DefaultErrorBody;
    workers_.reserve(options_.threads);
    for (unsigned i = 0; i < options_.threads; ++i)
      workers_.push_back(std::make_unique<Worker>(i, options_, stop_requested_));
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
  unsigned workers() const { return options_.threads; }
  EventLoop& loop(unsigned index) { return workers_.at(index)->loop; }

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
      Spawn(*worker, Accept(*worker));
      Spawn(*worker, SweepDeadlines(*worker));
    }
    std::vector<std::thread> threads;
    for (size_t i = 1; i < workers_.size(); ++i)
      threads.emplace_back([&loop = workers_[i]->loop] { loop.Run(); });
    workers_[0]->loop.Run();
    for (auto& thread : threads) thread.join();
  }

  void Stop() {
    stop_requested_.store(true, std::memory_order_relaxed);
    for (auto& worker : workers_) {
      worker->loop.Post([this, &worker = *worker] {
        if (worker.stopping) return;
        worker.stopping = true;
        worker.give_up = std::chrono::steady_clock::now() + options_.stop_grace;
        error_code ignored;
        worker.acceptor.close(ignored);
        worker.sweep.cancel();
        for (Connection* connection : worker.connections)
          if (connection->state == Connection::State::kReading) connection->socket.cancel();
      });
    }
  }

 private:
  // Runs `task` on the worker's loop, counted in its tasks.
  static void Spawn(Worker& worker, asio::awaitable<void> task) {
    ++worker.tasks;
    asio::co_spawn(worker.io, std::move(task), [&worker](const std::exception_ptr&) {
      // A task's exception (only allocation failures get here) ends that task alone.
      if (--worker.tasks == 0 && worker.stopping) worker.loop.Stop();
    });
  }

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
      Spawn(worker, Serve(worker, std::move(socket)));
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
  // closes; once the stop's grace has run out, aborts what is still in progress. One timer per
  // worker rather than one per read and write: arming and cancelling those (a timerfd_settime
  // call each when connections are few) cost more than the rest of a request's I/O. Runs until
  // the worker is stopping and has no connection left.
  asio::awaitable<void> SweepDeadlines(Worker& worker) {
    const std::chrono::milliseconds period = SweepPeriod(options_);
    while (!worker.stopping || !worker.connections.empty()) {
      worker.sweep.expires_after(period);
      co_await worker.sweep.async_wait(kAsTuple);
      auto now = std::chrono::steady_clock::now();
      bool give_up = worker.stopping && worker.give_up <= now;
      for (Connection* connection : worker.connections) {
        if (give_up && connection->exchange) {
          connection->exchange->Abort();
        } else if (give_up || connection->deadline <= now) {
          connection->socket.cancel();
        } else if (ShouldReleaseBuffer(*connection, now)) {
          connection->release_buffer = true;
          connection->socket.cancel();
        }
      }
    }
  }

  // Whether `connection` has waited long enough for its next request, with none of it
  // received, to be asked to give back its read buffer.
  bool ShouldReleaseBuffer(const Connection& connection,
                           std::chrono::steady_clock::time_point now) const {
    return connection.state == Connection::State::kReading && !connection.release_buffer &&
           connection.buffer.size() == 0 && connection.buffer.capacity() > 0 &&
           connection.deadline - options_.idle_timeout + kReleaseBufferAfter <= now;
  }

  static void SetDeadline(Connection& connection, std::chrono::milliseconds timeout) {
    connection.deadline = std::chrono::steady_clock::now() + timeout;
  }

  asio::awaitable<void> ServeRequests(Worker& worker, Connection& connection) {
    tcp::socket& socket = connection.socket;
    beast::flat_buffer& buffer = connection.buffer;
    // Beast reads at most the buffer's free capacity (512 bytes at first), which splits a
    // typical CheckResources request over two reads.
    buffer.reserve(kReadBufferBytes);
    HttpResponse response;
    std::string head;
    while (!worker.stopping) {
      connection.state = Connection::State::kReading;
      connection.release_buffer = false;
      SetDeadline(connection, options_.idle_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(options_.max_header_bytes));
      parser.body_limit(options_.max_body_bytes);
      auto [error, read] = co_await http::async_read_header(socket, buffer, parser, kAsTuple);
      if (error == asio::error::operation_aborted && connection.release_buffer && !worker.stopping)
        error = co_await ReadHeaderWithoutBuffer(connection, parser);
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
      if (async_handler_) {
        bool reusable = co_await ExchangeState::Serve(worker.context, connection, parser.release(),
                                                      async_handler_);
        if (!reusable) break;
        continue;
      }
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
      FormatHead(response, request.version(), keep_alive, BodyFraming::kContentLength, head);
      SetDeadline(connection, options_.idle_timeout);
      auto [write_error, written] = co_await WriteAnswer(socket, head, response.body);
      if (write_error || !keep_alive) break;
      if (response.body.capacity() > kKeptAnswerBytes) response.body = std::string();
    }
    error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Reads the next request's head after the sweep interrupted the wait for it (see
  // kReleaseBufferAfter): until a byte of it arrives the connection keeps no read buffer, which
  // is most of what an idle connection costs. Waiting for the socket to become readable needs
  // none (but costs a system call more than a read, hence not on every request).
  static asio::awaitable<error_code> ReadHeaderWithoutBuffer(
      Connection& connection, http::request_parser<http::string_body>& parser) {
    tcp::socket& socket = connection.socket;
    beast::flat_buffer& buffer = connection.buffer;
    error_code error;
    if (buffer.size() == 0 && !parser.got_some()) {
      buffer.shrink_to_fit();
      std::tie(error) = co_await socket.async_wait(tcp::socket::wait_read, kAsTuple);
      if (error) co_return error;
      buffer.reserve(kReadBufferBytes);
    }
    std::tie(error, std::ignore) =
        co_await http::async_read_header(socket, buffer, parser, kAsTuple);
    co_return error;
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
    FormatHead(response, 11, false, BodyFraming::kContentLength, head);
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
  HttpHandler handler_;  // one of these two is set
  HttpAsyncHandler async_handler_;
  std::atomic<bool> stop_requested_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;  // after what their contexts refer to
  uint16_t port_ = 0;
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), nullptr)) {}

HttpServer::HttpServer(HttpServerOptions options, HttpAsyncHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), nullptr, std::move(handler))) {}

HttpServer::~HttpServer() = default;

void HttpServer::Start() {
  impl_->Start();
}
uint16_t HttpServer::port() const {
  return impl_->port();
}
unsigned HttpServer::workers() const {
  return impl_->workers();
}
EventLoop& HttpServer::loop(unsigned index) {
  return impl_->loop(index);
}
void HttpServer::Run() {
  impl_->Run();
}
void HttpServer::Stop() {
  impl_->Stop();
}

}  // namespace portcullis::net
