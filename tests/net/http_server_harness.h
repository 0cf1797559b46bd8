// For the HttpServer tests: a server running on a thread of its own, and blocking clients (Beast
// over one loopback connection). Each object is used by one test thread.
#pragma once

#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "net/http_server.h"

namespace portcullis::net::harness {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A server running on its own thread until StopAndWait or the end of the test. `prepare` runs
// after Start and before Run (to bind objects to the workers' loops).
class RunningServer {
 public:
  template <class Handler>
  RunningServer(HttpServerOptions options, Handler handler,
                const std::function<void(HttpServer&)>& prepare = {})
      : server_(std::move(options), std::move(handler)) {
    server_.Start();
    if (prepare) prepare(server_);
    runner_ = std::thread([this] { server_.Run(); });
  }
  ~RunningServer() { StopAndWait(); }

  uint16_t port() const { return server_.port(); }
  HttpServer& server() { return server_; }
  void Stop() { server_.Stop(); }
  // Stops and waits for Run to return.
  void StopAndWait() {
    server_.Stop();
    if (runner_.joinable()) runner_.join();
  }

 private:
  HttpServer server_;
  std::thread runner_;
};

// A blocking client connection. `receive_buffer_bytes`, when not 0, bounds the socket's receive
// buffer (and so how much the server can send ahead of what the test reads).
class Client {
 public:
  explicit Client(uint16_t port, int receive_buffer_bytes = 0) : socket_(io_) {
    socket_.open(tcp::v4());
    if (receive_buffer_bytes > 0)
      socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer_bytes));
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  void Send(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }
  void Send(http::request<http::string_body> request) {
    request.prepare_payload();
    http::write(socket_, request);
  }
  http::response<http::string_body> Receive() {
    http::response<http::string_body> response;
    http::read(socket_, buffer_, response);
    return response;
  }
  // Reads one response, reporting a failure (a body cut short, say) in `error`.
  http::response<http::string_body> Receive(boost::system::error_code& error) {
    http::response<http::string_body> response;
    http::read(socket_, buffer_, response, error);
    return response;
  }
  // Every byte until the server closes the connection, unparsed.
  std::string ReceiveUntilClosed() {
    std::string received(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    boost::system::error_code error;
    asio::read(socket_, asio::dynamic_buffer(received), error);
    return received;
  }
  // Whether the server closed the connection (after what was already received).
  bool Closed() {
    boost::system::error_code error;
    char byte;
    if (buffer_.size() > 0) return false;
    socket_.read_some(asio::buffer(&byte, 1), error);
    return error == asio::error::eof || error == asio::error::connection_reset;
  }
  void Close() { socket_.close(); }

  tcp::socket& socket() { return socket_; }
  beast::flat_buffer& buffer() { return buffer_; }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

inline http::request<http::string_body> Post(std::string target, std::string body) {
  http::request<http::string_body> request(http::verb::post, target, 11);
  request.set(http::field::host, "127.0.0.1");
  request.body() = std::move(body);
  return request;
}

inline HttpServerOptions Options(unsigned threads = 2) {
  HttpServerOptions options;
  options.threads = threads;
  return options;
}

}  // namespace portcullis::net::harness
