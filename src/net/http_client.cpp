#include "net/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <system_error>
#include <unordered_set>

#include "net/event_loop_asio.h"
#include "net/http_client_pool.h"
#include "net/url.h"
#include "net/wakeup.h"

namespace portcullis::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Code = HttpClientError::Code;

// Completion token: errors come back as values.
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// The most body bytes handed to one on_body_chunk call.
constexpr size_t kChunkBytes = 8 << 10;

bool IsToken(std::string_view text) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           kSymbols.find(c) != std::string_view::npos;
  });
}

// Why `request` cannot be sent as it is; empty when it can.
std::string RequestProblem(const HttpClientRequest& request) {
  if (!IsToken(request.method)) return "the method is not a token";
  for (const auto& [name, value] : request.headers) {
    // The name is not echoed: it may hold the very bytes being rejected.
    if (!IsToken(name)) return "a header name is not a token";
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
      return "the value of header " + name + " contains CR, LF or NUL";
    if (beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding"))
      return "header " + name + " is set by the client";
  }
  return {};
}

HttpHeaders ToHeaders(const http::fields& fields) {
  HttpHeaders headers;
  for (const auto& field : fields) headers.emplace_back(field.name_string(), field.value());
  return headers;
}

bool IsInterim(unsigned status) {
  return status >= 100 && status < 200 && status != 101;
}

// Cancels a timer when leaving the scope.
struct ScopedTimer {
  ~ScopedTimer() { timer.Cancel(); }
  TimerHandle timer;
};

}  // namespace

// One request and its response. Owned by the coroutine that performs it (and, until then, by
// what starts it); HttpCall handles only observe it.
class HttpCall::Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(asio::io_context& io, HttpStreamHandler handler)
      : handler_(std::move(handler)), resumed_(io) {}

  // Ends the exchange as soon as possible with `code`: whatever it waits for is interrupted and
  // no callback but the final one is called from now on. The first reason wins.
  void Abort(Code code, std::string message) {
    if (completed_ || abort_) return;
    abort_ = HttpClientError{code, std::move(message)};
    if (resolving) resolving->cancel();
    if (active) active->Close();
    resumed_.Notify();  // a paused body read ends too
  }

  void Pause() { paused_ = true; }
  void Resume() {
    paused_ = false;
    resumed_.Notify();
  }
  // Completes once the body may be read: not paused, or aborted.
  asio::awaitable<void> WhilePaused() {
    while (paused_ && !abort_) co_await resumed_.Wait();
  }
  const std::optional<HttpClientError>& aborted() const { return abort_; }

  // Like Abort, and the final callback is not called either.
  void Silence(std::string message) {
    silenced_ = true;
    Abort(Code::kCancelled, std::move(message));
  }

  void DeliverHeaders(int status, HttpHeaders headers) {
    if (!abort_ && handler_.on_headers) handler_.on_headers(status, std::move(headers));
  }
  void DeliverBody(std::string_view chunk) {
    if (!abort_ && handler_.on_body_chunk) handler_.on_body_chunk(chunk);
  }
  // Calls the final callback (with the abort reason if there is one) and releases the others.
  void Complete(std::optional<HttpClientError> error) {
    completed_ = true;
    deadline.Cancel();
    if (abort_) error = abort_;
    HttpStreamHandler handler = std::move(handler_);
    handler_ = {};
    if (!silenced_ && handler.on_complete) handler.on_complete(std::move(error));
  }

  // What to send, set before the exchange starts.
  HttpUrl url;
  std::string origin;
  http::request<http::string_body> request;
  bool keep_alive = true;  // the request lets the connection be reused
  bool head = false;       // a HEAD request: the response has no body whatever it says
  std::optional<size_t> max_body;
  TimerHandle deadline;

  // What an Abort must interrupt: the name lookup or the connection in use, if any.
  tcp::resolver* resolving = nullptr;
  ClientConnection* active = nullptr;

  // Makes `connection` the one an Abort closes, until the scope ends.
  class UsingConnection {
   public:
    UsingConnection(Exchange& exchange, ClientConnection& connection) : exchange_(exchange) {
      exchange_.active = &connection;
    }
    ~UsingConnection() { exchange_.active = nullptr; }
    UsingConnection(const UsingConnection&) = delete;
    UsingConnection& operator=(const UsingConnection&) = delete;

   private:
    Exchange& exchange_;
  };

 private:
  HttpStreamHandler handler_;
  std::optional<HttpClientError> abort_;
  bool completed_ = false;
  bool silenced_ = false;
  bool paused_ = false;
  Wakeup resumed_;
};

void HttpCall::Cancel() {
  if (std::shared_ptr<Exchange> exchange = exchange_.lock())
    exchange->Abort(Code::kCancelled, "cancelled");
}

void HttpCall::Pause() {
  if (std::shared_ptr<Exchange> exchange = exchange_.lock()) exchange->Pause();
}

void HttpCall::Resume() {
  if (std::shared_ptr<Exchange> exchange = exchange_.lock()) exchange->Resume();
}

class HttpClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  using Exchange = HttpCall::Exchange;

  Impl(EventLoop& loop, HttpClientOptions options)
      : loop_(loop),
        io_(AsioContext(loop)),
        options_(std::move(options)),
        pool_(loop, options_.max_idle_per_origin, options_.idle_timeout) {
    try {
      tls_.set_verify_mode(ssl::verify_peer);
      tls_.set_default_verify_paths();
      if (!options_.ca_file.empty()) tls_.load_verify_file(options_.ca_file);
    } catch (const boost::system::system_error& error) {
      throw std::system_error(error.code(),
                              "HTTP client TLS setup (ca_file '" + options_.ca_file + "')");
    }
    SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
  }

  const HttpClientOptions& options() const { return options_; }
  size_t IdleConnections() const { return pool_.size(); }

  HttpCall Start(HttpClientRequest request, HttpStreamHandler handler,
                 std::optional<size_t> max_body) {
    auto exchange = std::make_shared<Exchange>(io_, std::move(handler));
    live_.insert(exchange.get());
    std::string problem;
    std::optional<HttpUrl> url = ParseHttpUrl(request.url, &problem);
    if (url) problem = RequestProblem(request);
    if (!problem.empty()) {
      loop_.Post([self = shared_from_this(), exchange, problem] {
        self->Finish(*exchange, HttpClientError{Code::kInvalidRequest, problem});
      });
      return HttpCall(exchange);
    }
    auto timeout = request.timeout.count() > 0 ? request.timeout : options_.request_timeout;
    Prepare(*exchange, std::move(*url), std::move(request));
    exchange->max_body = max_body;
    exchange->deadline = loop_.RunAfter(timeout, [weak = exchange->weak_from_this(), timeout] {
      if (auto exchange = weak.lock())
        exchange->Abort(Code::kTimeout,
                        "no complete response within " + std::to_string(timeout.count()) + " ms");
    });
    // Posted, so that no callback runs inside Fetch or Stream.
    loop_.Post([self = shared_from_this(), exchange] {
      asio::co_spawn(self->io_, self->Run(self, exchange), [](std::exception_ptr thrown) {
        if (thrown) std::rethrow_exception(thrown);  // out of EventLoop::Run
      });
    });
    return HttpCall(exchange);
  }

  // Aborts every exchange without calling its callbacks and closes the idle connections.
  void Shutdown() {
    shut_down_ = true;
    for (Exchange* exchange : live_) exchange->Silence("the client was destroyed");
    pool_.Clear();
  }

 private:
  struct Connected {
    std::unique_ptr<ClientConnection> connection;
    std::optional<HttpClientError> error;
  };
  struct Transferred {
    std::optional<HttpClientError> error;
    bool response_started = false;  // some of a response was received
    bool reusable = false;          // the connection can serve another request
  };

  static void Prepare(Exchange& exchange, HttpUrl url, HttpClientRequest request) {
    auto& message = exchange.request;
    message.method_string(request.method);
    message.target(url.target);
    message.version(11);
    if (!FindHeader(request.headers, "host")) message.set(http::field::host, url.authority);
    for (const auto& [name, value] : request.headers) message.insert(name, value);
    message.body() = std::move(request.body);
    message.prepare_payload();
    exchange.keep_alive = message.keep_alive();
    exchange.head = message.method() == http::verb::head;
    exchange.origin = url.Origin();
    exchange.url = std::move(url);
  }

  void Finish(Exchange& exchange, std::optional<HttpClientError> error) {
    live_.erase(&exchange);
    exchange.Complete(std::move(error));
  }

  // `self` keeps the client's state alive while the exchange runs.
  asio::awaitable<void> Run(std::shared_ptr<Impl> self, std::shared_ptr<Exchange> exchange) {
    // Also when a callback throws (or the loop is destroyed with the exchange in flight).
    struct Forget {
      ~Forget() { impl.live_.erase(exchange); }
      Impl& impl;
      Exchange* exchange;
    } forget{*this, exchange.get()};
    std::optional<HttpClientError> error = co_await Perform(*exchange);
    Finish(*exchange, std::move(error));
  }

  asio::awaitable<std::optional<HttpClientError>> Perform(Exchange& exchange) {
    for (int attempt = 0;; ++attempt) {
      if (exchange.aborted()) co_return exchange.aborted();
      // A retry goes to a new connection: another pooled one may be as stale as the first.
      std::unique_ptr<ClientConnection> connection =
          attempt == 0 ? pool_.Take(exchange.origin) : nullptr;
      bool reused = connection != nullptr;
      if (!connection) {
        Connected connected = co_await Connect(exchange);
        if (connected.error) co_return connected.error;
        connection = std::move(connected.connection);
      }
      Transferred transferred;
      {
        Exchange::UsingConnection using_connection(exchange, *connection);
        if (connection->tls)
          transferred = co_await Transfer(*connection->tls, *connection, exchange);
        else
          transferred = co_await Transfer(*connection->plain, *connection, exchange);
      }
      if (!transferred.error) {
        if (transferred.reusable && !shut_down_) pool_.Put(std::move(connection));
        co_return std::nullopt;
      }
      // A server closing a kept-alive connection as the request arrives has not read it.
      bool stale = reused && !transferred.response_started && !exchange.aborted();
      if (!stale || attempt > 0) co_return transferred.error;
    }
  }

  // The reason to report for `error` met while `doing` something: the abort's if the exchange
  // was aborted (which is what interrupted it), else `code`.
  static HttpClientError Failure(const Exchange& exchange, Code code, std::string doing,
                                 const std::string& why) {
    if (exchange.aborted()) return *exchange.aborted();
    return HttpClientError{code, std::move(doing) + ": " + why};
  }

  static HttpClientError IoFailure(const Exchange& exchange, const error_code& error,
                                   std::string doing) {
    static const auto& kHttpErrors = http::make_error_code(http::error::end_of_stream).category();
    Code code = Code::kClosed;
    if (error == http::error::body_limit || error == http::error::header_limit)
      code = Code::kTooLarge;
    else if (error.category() == kHttpErrors && error != http::error::end_of_stream &&
             error != http::error::partial_message)
      code = Code::kProtocol;
    return Failure(exchange, code, std::move(doing), error.message());
  }

  asio::awaitable<Connected> Connect(Exchange& exchange) {
    const HttpUrl& url = exchange.url;
    auto limit = options_.connect_timeout;
    ScopedTimer connect_deadline{loop_.RunAfter(limit, [weak = exchange.weak_from_this(), limit] {
      if (auto exchange = weak.lock())
        exchange->Abort(Code::kTimeout, "not connected within " + std::to_string(limit.count()) +
                                            " ms to " + exchange->origin);
    })};

    tcp::resolver resolver(io_);
    exchange.resolving = &resolver;
    auto flags = url.host_is_ip ? tcp::resolver::numeric_host : tcp::resolver::flags();
    auto [resolve_error, endpoints] =
        co_await resolver.async_resolve(url.host, std::to_string(url.port), flags, kAsTuple);
    exchange.resolving = nullptr;
    if (resolve_error)
      co_return Connected{
          nullptr, Failure(exchange, Code::kDns, "resolving " + url.host, resolve_error.message())};

    auto connection =
        std::make_unique<ClientConnection>(io_, url.tls ? &tls_ : nullptr, exchange.origin);
    Exchange::UsingConnection using_connection(exchange, *connection);
    auto [connect_error, endpoint] =
        co_await asio::async_connect(connection->socket(), endpoints, kAsTuple);
    if (connect_error)
      co_return Connected{nullptr,
                          Failure(exchange, Code::kConnect, "connecting to " + exchange.origin,
                                  connect_error.message())};
    error_code ignored;
    connection->socket().set_option(tcp::no_delay(true), ignored);
    if (url.tls) {
      std::optional<HttpClientError> error = co_await Handshake(*connection, exchange);
      if (error) co_return Connected{nullptr, std::move(error)};
    }
    co_return Connected{std::move(connection), std::nullopt};
  }

  asio::awaitable<std::optional<HttpClientError>> Handshake(ClientConnection& connection,
                                                            Exchange& exchange) {
    const HttpUrl& url = exchange.url;
    SSL* ssl = connection.tls->native_handle();
    X509_VERIFY_PARAM* checks = SSL_get0_param(ssl);
    // SNI carries names only (RFC 6066 §3); the certificate must match the host either way.
    if (url.host_is_ip) {
      X509_VERIFY_PARAM_set1_ip_asc(checks, url.host.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl, url.host.c_str());
      X509_VERIFY_PARAM_set_hostflags(checks, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      X509_VERIFY_PARAM_set1_host(checks, url.host.c_str(), url.host.size());
    }
    auto [error] = co_await connection.tls->async_handshake(ssl::stream_base::client, kAsTuple);
    if (!error) co_return std::nullopt;
    long verify = SSL_get_verify_result(ssl);
    std::string why = verify != X509_V_OK ? X509_verify_cert_error_string(verify) : error.message();
    co_return Failure(exchange, Code::kTls, "TLS handshake with " + exchange.origin, why);
  }

  template <class Stream>
  asio::awaitable<Transferred> Transfer(Stream& stream, ClientConnection& connection,
                                        Exchange& exchange) {
    Transferred result;
    auto [write_error, written] = co_await http::async_write(stream, exchange.request, kAsTuple);
    if (write_error) {
      result.error = IoFailure(exchange, write_error, "sending the request");
      co_return result;
    }

    std::optional<http::response_parser<http::buffer_body>> parser;
    do {
      parser.emplace();
      parser->header_limit(static_cast<uint32_t>(options_.max_response_header_bytes));
      if (exchange.max_body)
        parser->body_limit(*exchange.max_body);
      else
        parser->body_limit(boost::none);
      parser->skip(exchange.head);
      auto [read_error, read] =
          co_await http::async_read_header(stream, connection.buffer, *parser, kAsTuple);
      result.response_started = result.response_started || parser->got_some();
      if (read_error) {
        result.error = IoFailure(exchange, read_error, "reading the response head");
        co_return result;
      }
    } while (IsInterim(parser->get().result_int()));

    auto& response = parser->get();
    exchange.DeliverHeaders(static_cast<int>(response.result_int()), ToHeaders(response));
    char chunk[kChunkBytes];
    while (!parser->is_done() && !exchange.aborted()) {
      co_await exchange.WhilePaused();
      if (exchange.aborted()) break;
      response.body().data = chunk;
      response.body().size = sizeof chunk;
      auto [read_error, read] =
          co_await http::async_read_some(stream, connection.buffer, *parser, kAsTuple);
      if (size_t got = sizeof chunk - response.body().size) exchange.DeliverBody({chunk, got});
      error_code error = read_error;
      if (error == http::error::need_buffer) continue;
      // Many TLS servers close without close_notify; that ends a body delimited by the close.
      if (error == ssl::error::stream_truncated && parser->need_eof()) parser->put_eof(error);
      if (error) {
        result.error = IoFailure(exchange, error, "reading the response body");
        co_return result;
      }
    }
    if (exchange.aborted()) {
      result.error = exchange.aborted();
      co_return result;
    }
    result.reusable = exchange.keep_alive && parser->keep_alive() && response.result_int() != 101 &&
                      connection.buffer.size() == 0;
    co_return result;
  }

  EventLoop& loop_;
  asio::io_context& io_;
  const HttpClientOptions options_;
  ssl::context tls_{ssl::context::tls_client};
  ConnectionPool pool_;
  std::unordered_set<Exchange*> live_;  // started and not finished
  bool shut_down_ = false;
};

std::optional<std::string_view> FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [field, value] : headers)
    if (beast::iequals(field, name)) return value;
  return std::nullopt;
}

std::string_view ToString(HttpClientError::Code code) {
  switch (code) {
    case Code::kInvalidRequest:
      return "invalid_request";
    case Code::kDns:
      return "dns";
    case Code::kConnect:
      return "connect";
    case Code::kTls:
      return "tls";
    case Code::kTimeout:
      return "timeout";
    case Code::kProtocol:
      return "protocol";
    case Code::kTooLarge:
      return "too_large";
    case Code::kCancelled:
      return "cancelled";
    case Code::kClosed:
      return "closed";
  }
  return "unknown";
}

HttpClient::HttpClient(EventLoop& loop, HttpClientOptions options)
    : impl_(std::make_shared<Impl>(loop, std::move(options))) {}

HttpClient::~HttpClient() {
  impl_->Shutdown();
}

HttpCall HttpClient::Fetch(HttpClientRequest request, HttpResponseCallback done) {
  auto response = std::make_shared<HttpClientResponse>();
  HttpStreamHandler handler{
      .on_headers =
          [response](int status, HttpHeaders headers) {
            response->status = status;
            response->headers = std::move(headers);
          },
      .on_body_chunk = [response](std::string_view chunk) { response->body.append(chunk); },
      .on_complete =
          [response, done = std::move(done)](std::optional<HttpClientError> error) {
            done(std::move(error), std::move(*response));
          },
  };
  return impl_->Start(std::move(request), std::move(handler),
                      impl_->options().max_response_body_bytes);
}

HttpCall HttpClient::Stream(HttpClientRequest request, HttpStreamHandler handler) {
  return impl_->Start(std::move(request), std::move(handler), std::nullopt);
}

size_t HttpClient::IdleConnections() const {
  return impl_->IdleConnections();
}

}  // namespace portcullis::net
