// HttpClient against real sockets on loopback: net::HttpServer as a well-behaved upstream, and
// scripted servers (blocking Asio, a thread per connection) for the edge cases: connections
// closed under the pool, streamed bodies, slow, broken and oversized answers, TLS with a
// certificate made by the test.
#include "net/http_client.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <list>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "net/event_loop.h"
#include "net/http_server.h"

namespace portcullis::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Code = HttpClientError::Code;
using std::chrono::milliseconds;

// ---- Running the loop -------------------------------------------------------------------------

// Runs `loop` on this thread until something calls Stop; fails the test after 20 s instead of
// hanging.
void RunLoop(EventLoop& loop) {
  TimerHandle guard = loop.RunAfter(std::chrono::seconds(20), [&] {
    ADD_FAILURE() << "the loop did not finish";
    loop.Stop();
  });
  loop.Run();
  guard.Cancel();
}

struct Outcome {
  std::optional<HttpClientError> error;
  HttpClientResponse response;
};

// Fetches every request at once and runs the loop until all have completed.
std::vector<Outcome> FetchAll(EventLoop& loop, HttpClient& client,
                              std::vector<HttpClientRequest> requests) {
  std::vector<Outcome> outcomes(requests.size());
  size_t remaining = requests.size();
  for (size_t i = 0; i < requests.size(); ++i) {
    client.Fetch(std::move(requests[i]),
                 [&, i](std::optional<HttpClientError> error, HttpClientResponse response) {
                   outcomes[i] = {std::move(error), std::move(response)};
                   if (--remaining == 0) loop.Stop();
                 });
  }
  RunLoop(loop);
  return outcomes;
}

Outcome Fetch(EventLoop& loop, HttpClient& client, HttpClientRequest request) {
  std::vector<HttpClientRequest> one;
  one.push_back(std::move(request));
  return std::move(FetchAll(loop, client, std::move(one)).front());
}

Outcome Get(EventLoop& loop, HttpClient& client, const std::string& url) {
  return Fetch(loop, client, {.url = url});
}

// What a Stream call received.
struct Streamed {
  int status = 0;
  HttpHeaders headers;
  std::vector<std::string> chunks;
  std::optional<HttpClientError> error;
  bool completed = false;

  std::string body() const {
    std::string all;
    for (const auto& chunk : chunks) all += chunk;
    return all;
  }
};

// A handler recording into `streamed`; `on_chunk` (optional) runs after each chunk is recorded.
HttpStreamHandler Recorder(EventLoop& loop, Streamed& streamed,
                           std::function<void()> on_chunk = nullptr) {
  return {.on_headers =
              [&streamed](int status, HttpHeaders headers) {
                streamed.status = status;
                streamed.headers = std::move(headers);
              },
          .on_body_chunk =
              [&streamed, on_chunk](std::string_view chunk) {
                streamed.chunks.emplace_back(chunk);
                if (on_chunk) on_chunk();
              },
          .on_complete =
              [&streamed, &loop](std::optional<HttpClientError> error) {
                streamed.error = std::move(error);
                streamed.completed = true;
                loop.Stop();
              }};
}

// ---- Upstreams --------------------------------------------------------------------------------

// net::HttpServer on an ephemeral loopback port, serving on a thread of its own.
class Upstream {
 public:
  explicit Upstream(HttpHandler handler) : server_(OneThread(), std::move(handler)) {
    server_.Start();
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~Upstream() {
    server_.Stop();
    thread_.join();
  }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + std::string(path);
  }

 private:
  static HttpServerOptions OneThread() {
    HttpServerOptions options;
    options.threads = 1;
    return options;
  }

  HttpServer server_;
  std::thread thread_;
};

// A loopback TCP server on an ephemeral port running `script(socket, n)` on a thread of its own
// for the n-th accepted connection (from 1).
class ScriptedServer {
 public:
  using Script = std::function<void(tcp::socket& socket, int connection)>;

  explicit ScriptedServer(Script script)
      : script_(std::move(script)), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept_thread_ = std::thread([this] { AcceptConnections(); });
  }
  ~ScriptedServer() {
    stopping_ = true;
    boost::system::error_code ignored;
    asio::io_context io;
    tcp::socket wake(io);
    wake.connect(acceptor_.local_endpoint(), ignored);
    accept_thread_.join();
    {
      // Unblocks scripts still reading (the client keeps pooled connections open).
      std::lock_guard lock(mutex_);
      for (tcp::socket& socket : sockets_) ::shutdown(socket.native_handle(), SHUT_RDWR);
    }
    for (std::thread& thread : threads_) thread.join();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string Url(std::string_view scheme_host, std::string_view path = "/") const {
    return std::string(scheme_host) + ":" + std::to_string(port()) + std::string(path);
  }
  std::string Url() const { return Url("http://127.0.0.1"); }
  int accepted() const { return accepted_; }

 private:
  void AcceptConnections() {
    for (;;) {
      tcp::socket socket(io_);
      boost::system::error_code error;
      acceptor_.accept(socket, error);
      if (stopping_) return;
      if (error) continue;
      std::lock_guard lock(mutex_);
      tcp::socket& kept = sockets_.emplace_back(std::move(socket));
      int number = ++accepted_;
      threads_.emplace_back([this, &kept, number] { script_(kept, number); });
    }
  }

  Script script_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread accept_thread_;
  std::atomic<bool> stopping_ = false;
  std::atomic<int> accepted_ = 0;
  std::mutex mutex_;
  std::list<tcp::socket> sockets_;
  std::vector<std::thread> threads_;
};

// Blocking helpers for scripts, on a plain or TLS stream.
template <class Stream>
std::optional<http::request<http::string_body>> ReadRequest(Stream& stream,
                                                            beast::flat_buffer& buffer) {
  http::request<http::string_body> request;
  boost::system::error_code error;
  http::read(stream, buffer, request, error);
  if (error) return std::nullopt;
  return request;
}

template <class Stream>
void Send(Stream& stream, std::string_view bytes) {
  boost::system::error_code ignored;
  asio::write(stream, asio::buffer(bytes), ignored);
}

// Reads and discards until the peer closes.
template <class Stream>
void DrainUntilClosed(Stream& stream) {
  char scratch[4096];
  boost::system::error_code error;
  while (!error) stream.read_some(asio::buffer(scratch), error);
}

std::string Answer(std::string_view body, std::string_view extra_headers = "") {
  return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "\r\n" + std::string(body);
}

// Answers every request of the connection with its target as the body, keeping it alive.
template <class Stream>
void ServeTargets(Stream& stream) {
  beast::flat_buffer buffer;
  while (auto request = ReadRequest(stream, buffer)) Send(stream, Answer(request->target()));
}

// A port nothing listens on (bound, then released).
uint16_t ClosedPort() {
  asio::io_context io;
  tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
  return probe.local_endpoint().port();
}

// ---- Plain HTTP -------------------------------------------------------------------------------

TEST(HttpClientTest, FetchSendsTheRequestAndReturnsTheWholeResponse) {
  Upstream upstream([](const HttpRequest& request, HttpResponse& response) {
    response.status = 201;
    response.content_type = "text/plain";
    response.headers.emplace_back("X-Upstream", "yes");
    response.body = std::string(request.method()) + " " + std::string(request.target()) + " " +
                    std::string(request.header("x-trace").value_or("-")) + " " +
                    std::string(request.header("host").value_or("-")) + " " +
                    std::string(request.body());
  });
  EventLoop loop;
  HttpClient client(loop, {});
  std::string url = upstream.Url("/v1/chat?stream=false#fragment");
  Outcome outcome =
      Fetch(loop, client,
            {.method = "POST", .url = url, .headers = {{"X-Trace", "t1"}}, .body = "{\"a\":1}"});
  ASSERT_FALSE(outcome.error) << outcome.error->message;
  EXPECT_EQ(outcome.response.status, 201);
  std::string authority = url.substr(7, url.find('/', 7) - 7);
  EXPECT_EQ(outcome.response.body, "POST /v1/chat?stream=false t1 " + authority + " {\"a\":1}");
  EXPECT_EQ(FindHeader(outcome.response.headers, "x-upstream"), "yes");
  EXPECT_EQ(FindHeader(outcome.response.headers, "Content-Type"), "text/plain");
  EXPECT_EQ(FindHeader(outcome.response.headers, "x-absent"), std::nullopt);
}

TEST(HttpClientTest, ReusesAPooledConnectionForTheSameOrigin) {
  std::mutex mutex;
  std::set<std::string> peers;  // one per connection
  Upstream upstream([&](const HttpRequest& request, HttpResponse& response) {
    std::lock_guard lock(mutex);
    peers.emplace(request.peer());
  });
  EventLoop loop;
  HttpClient client(loop, {});
  for (int i = 0; i < 3; ++i) {
    Outcome outcome = Get(loop, client, upstream.Url("/healthz"));
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_EQ(client.IdleConnections(), 1u);
  }
  std::lock_guard lock(mutex);
  EXPECT_EQ(peers.size(), 1u);
}

TEST(HttpClientTest, KeepsAtMostMaxIdlePerOrigin) {
  std::mutex mutex;
  std::set<std::string> peers;
  Upstream upstream([&](const HttpRequest& request, HttpResponse& response) {
    std::lock_guard lock(mutex);
    peers.emplace(request.peer());
  });
  EventLoop loop;
  HttpClient client(loop, {.max_idle_per_origin = 1});
  // Two at once need two connections; only one of them is kept.
  for (const Outcome& outcome :
       FetchAll(loop, client, {{.url = upstream.Url("/a")}, {.url = upstream.Url("/b")}}))
    ASSERT_FALSE(outcome.error) << outcome.error->message;
  EXPECT_EQ(client.IdleConnections(), 1u);
  // Again: one reuses the kept connection, the other needs a third.
  for (const Outcome& outcome :
       FetchAll(loop, client, {{.url = upstream.Url("/c")}, {.url = upstream.Url("/d")}}))
    ASSERT_FALSE(outcome.error) << outcome.error->message;
  std::lock_guard lock(mutex);
  EXPECT_EQ(peers.size(), 3u);
}

TEST(HttpClientTest, ClosesIdleConnectionsAfterIdleTimeout) {
  ScriptedServer server([](tcp::socket& socket, int) { ServeTargets(socket); });
  EventLoop loop;
  HttpClient client(loop, {.idle_timeout = milliseconds(10)});
  ASSERT_FALSE(Get(loop, client, server.Url()).error);
  EXPECT_EQ(client.IdleConnections(), 1u);
  loop.RunAfter(milliseconds(100), [&] { loop.Stop(); });
  RunLoop(loop);
  EXPECT_EQ(client.IdleConnections(), 0u);
  ASSERT_FALSE(Get(loop, client, server.Url()).error);
  EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClientTest, ConnectionCloseKeepsTheConnectionOutOfThePool) {
  ScriptedServer server([](tcp::socket& socket, int) { ServeTargets(socket); });
  EventLoop loop;
  HttpClient client(loop, {});
  Outcome outcome =
      Fetch(loop, client, {.url = server.Url(), .headers = {{"Connection", "close"}}});
  ASSERT_FALSE(outcome.error) << outcome.error->message;
  EXPECT_EQ(client.IdleConnections(), 0u);
}

TEST(HttpClientTest, ConnectionClosedByTheServerWhileIdleIsNotUsed) {
  // Answers keep-alive, then closes anyway.
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (auto request = ReadRequest(socket, buffer)) Send(socket, Answer("once"));
    socket.shutdown(tcp::socket::shutdown_both);
  });
  EventLoop loop;
  HttpClient client(loop, {});
  for (int i = 0; i < 2; ++i) {
    Outcome outcome = Get(loop, client, server.Url());
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_EQ(outcome.response.body, "once");
  }
  EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClientTest, RetriesOnceOnAFreshConnectionWhenAPooledOneTurnsOutClosed) {
  std::atomic<int> requests_seen = 0;
  // The first connection answers one request, then reads the next and closes without a word
  // (the race of a server closing an idle connection as a request arrives).
  ScriptedServer server([&](tcp::socket& socket, int connection) {
    beast::flat_buffer buffer;
    for (int answered = 0; auto request = ReadRequest(socket, buffer); ++answered) {
      ++requests_seen;
      if (connection == 1 && answered == 1) return socket.shutdown(tcp::socket::shutdown_both);
      Send(socket, Answer(request->body()));
    }
  });
  EventLoop loop;
  HttpClient client(loop, {});
  ASSERT_FALSE(Fetch(loop, client, {.method = "POST", .url = server.Url(), .body = "1"}).error);
  Outcome second = Fetch(loop, client, {.method = "POST", .url = server.Url(), .body = "2"});
  ASSERT_FALSE(second.error) << second.error->message;
  EXPECT_EQ(second.response.body, "2");
  EXPECT_EQ(server.accepted(), 2);
  EXPECT_EQ(requests_seen, 3);
}

TEST(HttpClientTest, DoesNotRetryOnAFreshConnection) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    ReadRequest(socket, buffer);
    socket.shutdown(tcp::socket::shutdown_both);
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Outcome outcome = Get(loop, client, server.Url());
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kClosed) << outcome.error->message;
  EXPECT_EQ(server.accepted(), 1);
}

TEST(HttpClientTest, DoesNotRetryOnceTheResponseHasStarted) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (ReadRequest(socket, buffer)) Send(socket, Answer("first"));
    if (ReadRequest(socket, buffer))
      Send(socket, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    socket.shutdown(tcp::socket::shutdown_both);
  });
  EventLoop loop;
  HttpClient client(loop, {});
  ASSERT_FALSE(Get(loop, client, server.Url()).error);
  Outcome outcome = Get(loop, client, server.Url());
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kClosed) << outcome.error->message;
  EXPECT_EQ(server.accepted(), 1);
}

TEST(HttpClientTest, StreamDeliversEachChunkAsItArrives) {
  std::promise<void> first_chunk_received;
  std::atomic<bool> client_waited_for = false;
  ScriptedServer server([&](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (!ReadRequest(socket, buffer)) return;
    Send(socket,
         "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
         "\r\nb\r\ndata: one\n\n\r\n");
    // The second event is sent only once the client has handed on the first.
    client_waited_for = first_chunk_received.get_future().wait_for(std::chrono::seconds(10)) ==
                        std::future_status::ready;
    Send(socket, "b\r\ndata: two\n\n\r\n0\r\n\r\n");
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Streamed streamed;
  bool signalled = false;
  client.Stream({.url = server.Url()}, Recorder(loop, streamed, [&] {
                  if (!std::exchange(signalled, true)) first_chunk_received.set_value();
                }));
  RunLoop(loop);
  ASSERT_TRUE(streamed.completed);
  ASSERT_FALSE(streamed.error) << streamed.error->message;
  EXPECT_TRUE(client_waited_for);
  EXPECT_EQ(streamed.status, 200);
  EXPECT_EQ(FindHeader(streamed.headers, "content-type"), "text/event-stream");
  EXPECT_GE(streamed.chunks.size(), 2u);
  EXPECT_EQ(streamed.body(), "data: one\n\ndata: two\n\n");
  EXPECT_EQ(client.IdleConnections(), 1u);
}

// Pause leaves the rest of the body in the socket, even when it has arrived, until Resume.
TEST(HttpClientTest, PausedStreamReadsNoFurtherUntilResumed) {
  std::promise<void> paused;
  std::promise<void> rest_sent;
  ScriptedServer server([&](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (!ReadRequest(socket, buffer)) return;
    Send(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
    if (paused.get_future().wait_for(std::chrono::seconds(10)) != std::future_status::ready) return;
    Send(socket, "4\r\nrest\r\n0\r\n\r\n");
    rest_sent.set_value();
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Streamed streamed;
  HttpCall call;
  call = client.Stream({.url = server.Url()}, Recorder(loop, streamed, [&] {
                         if (streamed.chunks.size() != 1) return;
                         call.Pause();
                         paused.set_value();
                       }));
  // Once the rest is in the socket, the loop runs a while longer before resuming the call.
  std::optional<size_t> chunks_while_paused;
  std::future<void> sent = rest_sent.get_future();
  std::function<void()> poll = [&] {
    if (sent.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      loop.RunAfter(milliseconds(1), poll);
      return;
    }
    loop.RunAfter(milliseconds(100), [&] {
      chunks_while_paused = streamed.chunks.size();
      call.Resume();
      call.Resume();  // resuming a call that is not paused changes nothing
    });
  };
  loop.RunAfter(milliseconds(1), poll);
  RunLoop(loop);
  ASSERT_TRUE(streamed.completed);
  ASSERT_FALSE(streamed.error) << streamed.error->message;
  EXPECT_EQ(chunks_while_paused, 1u);
  EXPECT_EQ(streamed.body(), "firstrest");
  EXPECT_EQ(client.IdleConnections(), 1u);
}

TEST(HttpClientTest, CancelEndsAPausedStream) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (!ReadRequest(socket, buffer)) return;
    Send(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
    DrainUntilClosed(socket);
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Streamed streamed;
  HttpCall call;
  call = client.Stream({.url = server.Url()}, Recorder(loop, streamed, [&] {
                         call.Pause();
                         loop.RunAfter(milliseconds(1), [&] { call.Cancel(); });
                       }));
  RunLoop(loop);
  ASSERT_TRUE(streamed.completed);
  ASSERT_TRUE(streamed.error);
  EXPECT_EQ(streamed.error->code, Code::kCancelled);
  EXPECT_EQ(streamed.body(), "first");
  EXPECT_EQ(client.IdleConnections(), 0u);
}

TEST(HttpClientTest, StreamReportsConnectFailureOnlyThroughOnComplete) {
  EventLoop loop;
  HttpClient client(loop, {});
  Streamed streamed;
  client.Stream({.url = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/"},
                Recorder(loop, streamed));
  RunLoop(loop);
  ASSERT_TRUE(streamed.error);
  EXPECT_EQ(streamed.error->code, Code::kConnect) << streamed.error->message;
  EXPECT_EQ(streamed.status, 0);
  EXPECT_TRUE(streamed.chunks.empty());
}

TEST(HttpClientTest, SlowServerTimesOut) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    ReadRequest(socket, buffer);
    DrainUntilClosed(socket);  // never answers
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Outcome outcome = Fetch(loop, client, {.url = server.Url(), .timeout = milliseconds(50)});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kTimeout) << outcome.error->message;
  EXPECT_EQ(client.IdleConnections(), 0u);
}

TEST(HttpClientTest, GarbageResponseIsAProtocolError) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (ReadRequest(socket, buffer)) Send(socket, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Outcome outcome = Get(loop, client, server.Url());
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kProtocol) << outcome.error->message;
}

TEST(HttpClientTest, FetchRejectsBodiesOverTheLimitButStreamDoesNot) {
  std::string chunk(600, 'x');
  ScriptedServer server([&](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    while (auto request = ReadRequest(socket, buffer)) {
      if (request->target() == "/declared") {
        Send(socket, Answer(std::string(1001, 'y')));
      } else {  // chunked, no length up front
        Send(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 3; ++i) Send(socket, "258\r\n" + chunk + "\r\n");
        Send(socket, "0\r\n\r\n");
      }
    }
  });
  EventLoop loop;
  HttpClient client(loop, {.max_response_body_bytes = 1000});
  for (const char* path : {"/declared", "/chunked"}) {
    Outcome outcome = Get(loop, client, server.Url("http://127.0.0.1", path));
    ASSERT_TRUE(outcome.error) << path;
    EXPECT_EQ(outcome.error->code, Code::kTooLarge) << path << ": " << outcome.error->message;
  }
  Streamed streamed;
  client.Stream({.url = server.Url("http://127.0.0.1", "/chunked")}, Recorder(loop, streamed));
  RunLoop(loop);
  ASSERT_FALSE(streamed.error) << streamed.error->message;
  EXPECT_EQ(streamed.body(), chunk + chunk + chunk);
}

TEST(HttpClientTest, ResponseHeadOverTheLimitIsTooLarge) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (ReadRequest(socket, buffer))
      Send(socket, Answer("", "X-Padding: " + std::string(2000, 'p') + "\r\n"));
  });
  EventLoop loop;
  HttpClient client(loop, {.max_response_header_bytes = 1024});
  Outcome outcome = Get(loop, client, server.Url());
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kTooLarge) << outcome.error->message;
}

TEST(HttpClientTest, HeadResponseHasNoBodyWhateverItsLength) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (ReadRequest(socket, buffer)) Send(socket, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    ServeTargets(socket);
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Outcome head = Fetch(loop, client, {.method = "HEAD", .url = server.Url()});
  ASSERT_FALSE(head.error) << head.error->message;
  EXPECT_EQ(FindHeader(head.response.headers, "content-length"), "5");
  EXPECT_EQ(head.response.body, "");
  // The connection is still in step: the next answer is read whole from it.
  Outcome get = Get(loop, client, server.Url("http://127.0.0.1", "/next"));
  ASSERT_FALSE(get.error) << get.error->message;
  EXPECT_EQ(get.response.body, "/next");
  EXPECT_EQ(server.accepted(), 1);
}

TEST(HttpClientTest, SkipsInterimResponses) {
  ScriptedServer server([](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (ReadRequest(socket, buffer))
      Send(socket, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n" + Answer("final"));
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Outcome outcome = Get(loop, client, server.Url());
  ASSERT_FALSE(outcome.error) << outcome.error->message;
  EXPECT_EQ(outcome.response.status, 200);
  EXPECT_EQ(outcome.response.body, "final");
}

// ---- Cancellation and the client's end --------------------------------------------------------

TEST(HttpClientTest, CancelInFlightEndsTheStreamWithCancelled) {
  std::promise<void> closed_by_client;
  ScriptedServer server([&](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (!ReadRequest(socket, buffer)) return;
    Send(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
    DrainUntilClosed(socket);
    closed_by_client.set_value();
  });
  EventLoop loop;
  HttpClient client(loop, {});
  Streamed streamed;
  HttpCall call;
  call = client.Stream({.url = server.Url()}, Recorder(loop, streamed, [&] { call.Cancel(); }));
  RunLoop(loop);
  ASSERT_TRUE(streamed.error);
  EXPECT_EQ(streamed.error->code, Code::kCancelled);
  EXPECT_EQ(streamed.status, 200);
  EXPECT_EQ(streamed.body(), "first");
  EXPECT_EQ(client.IdleConnections(), 0u);
  EXPECT_EQ(closed_by_client.get_future().wait_for(std::chrono::seconds(10)),
            std::future_status::ready);
  call.Cancel();  // after completion: nothing happens
}

TEST(HttpClientTest, CancelBeforeTheExchangeStartsConnectsNowhere) {
  ScriptedServer server([](tcp::socket& socket, int) { ServeTargets(socket); });
  EventLoop loop;
  HttpClient client(loop, {});
  std::optional<HttpClientError> error;
  HttpCall call = client.Fetch({.url = server.Url()}, [&](auto result, HttpClientResponse) {
    error = std::move(result);
    loop.Stop();
  });
  call.Cancel();
  RunLoop(loop);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, Code::kCancelled);
  EXPECT_EQ(server.accepted(), 0);
}

TEST(HttpClientTest, DestroyingTheClientAbortsCallsWithoutCallingBack) {
  EventLoop loop;
  auto client = std::make_unique<HttpClient>(loop, HttpClientOptions{});
  std::promise<void> closed_by_client;
  ScriptedServer server([&](tcp::socket& socket, int) {
    beast::flat_buffer buffer;
    if (!ReadRequest(socket, buffer)) return;
    loop.Post([&] { client.reset(); });  // the request is in flight: drop the client
    DrainUntilClosed(socket);
    closed_by_client.set_value();
  });
  bool called = false;
  auto sentinel = std::make_shared<int>();
  std::weak_ptr<int> callback_alive = sentinel;
  client->Fetch({.url = server.Url()}, [&called, sentinel](auto, auto) { called = true; });
  sentinel.reset();
  // Runs until the exchange has wound down and destroyed its callback.
  std::function<void()> poll = [&] {
    if (callback_alive.expired())
      loop.Stop();
    else
      loop.RunAfter(milliseconds(1), poll);
  };
  loop.RunAfter(milliseconds(1), poll);
  RunLoop(loop);
  EXPECT_FALSE(called);
  EXPECT_EQ(closed_by_client.get_future().wait_for(std::chrono::seconds(10)),
            std::future_status::ready);
}

TEST(HttpClientTest, ACallbackThrowingEndsItsExchangeOnly) {
  ScriptedServer server([](tcp::socket& socket, int) { ServeTargets(socket); });
  EventLoop loop;
  HttpClient client(loop, {});
  bool completed = false;
  client.Stream({.url = server.Url()},
                {.on_headers = [](int, HttpHeaders) { throw std::runtime_error("handler bug"); },
                 .on_complete = [&](auto) { completed = true; }});
  EXPECT_THROW(loop.Run(), std::runtime_error);
  EXPECT_FALSE(completed);
  EXPECT_EQ(client.IdleConnections(), 0u);
  Outcome next = Get(loop, client, server.Url());
  ASSERT_FALSE(next.error) << next.error->message;
  EXPECT_EQ(server.accepted(), 2);
}

// ---- Requests that are never sent -------------------------------------------------------------

TEST(HttpClientTest, RejectsHeaderInjectionBeforeSendingAnything) {
  ScriptedServer server([](tcp::socket& socket, int) { ServeTargets(socket); });
  EventLoop loop;
  HttpClient client(loop, {});
  std::vector<HttpClientRequest> requests = {
      {.url = server.Url(), .headers = {{"X-Ok", "a\r\nX-Injected: 1"}}},
      {.url = server.Url(), .headers = {{"X-Ok", "a\nb"}}},
      {.url = server.Url(), .headers = {{"X-Ok", std::string("a\0b", 3)}}},
      {.url = server.Url(), .headers = {{"X-Injected: 1\r\nX-Ok", "a"}}},
      {.url = server.Url(), .headers = {{"Bad Name", "a"}}},
      {.url = server.Url(), .headers = {{"", "a"}}},
      {.method = "GET /x HTTP/1.1\r\n", .url = server.Url()},
      {.method = "POST", .url = server.Url(), .headers = {{"Content-Length", "0"}}},
      {.method = "POST", .url = server.Url(), .headers = {{"transfer-encoding", "chunked"}}},
  };
  size_t count = requests.size();
  bool called_inline = false;
  std::vector<Outcome> outcomes(count);
  size_t remaining = count;
  size_t fetches_returned = 0;
  for (size_t i = 0; i < count; ++i) {
    client.Fetch(std::move(requests[i]), [&, i](auto error, HttpClientResponse response) {
      called_inline = called_inline || fetches_returned <= i;
      outcomes[i] = {std::move(error), std::move(response)};
      if (--remaining == 0) loop.Stop();
    });
    ++fetches_returned;
  }
  RunLoop(loop);
  EXPECT_FALSE(called_inline);
  for (size_t i = 0; i < count; ++i) {
    ASSERT_TRUE(outcomes[i].error) << i;
    EXPECT_EQ(outcomes[i].error->code, Code::kInvalidRequest) << i;
  }
  EXPECT_EQ(server.accepted(), 0);
}

TEST(HttpClientTest, RejectsUrlsItCannotFetch) {
  EventLoop loop;
  HttpClient client(loop, {});
  for (const char* url : {"ftp://example.com/", "/relative/path", "example.com", "http://",
                          "http://user:secret@example.com/", "http://example.com:70000/",
                          "http://example.com:0/", "http://exa mple.com/"}) {
    Outcome outcome = Get(loop, client, url);
    ASSERT_TRUE(outcome.error) << url;
    EXPECT_EQ(outcome.error->code, Code::kInvalidRequest) << url;
  }
}

TEST(HttpClientTest, RefusedConnectionIsAConnectError) {
  EventLoop loop;
  HttpClient client(loop, {});
  Outcome outcome = Get(loop, client, "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/");
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kConnect) << outcome.error->message;
  EXPECT_EQ(ToString(outcome.error->code), "connect");
}

// ---- TLS --------------------------------------------------------------------------------------

// A self-signed certificate and its key (EC P-256), PEM.
struct TestCertificate {
  std::string certificate;
  std::string key;
};

std::string ToPem(const std::function<int(BIO*)>& write) {
  BIO* bio = BIO_new(BIO_s_mem());
  EXPECT_EQ(write(bio), 1);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, size);
  BIO_free(bio);
  return pem;
}

// `names`: the subjectAltName, e.g. "DNS:localhost,IP:127.0.0.1".
TestCertificate MakeCertificate(const std::string& names) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* certificate = X509_new();
  X509_set_version(certificate, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
  X509_set_pubkey(certificate, key);
  X509_NAME* subject = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("portcullis test"), -1, -1, 0);
  X509_set_issuer_name(certificate, subject);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, names.c_str()},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
  }
  X509_sign(certificate, key, EVP_sha256());
  TestCertificate result{
      ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, certificate); }), ToPem([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
      })};
  X509_free(certificate);
  EVP_PKEY_free(key);
  return result;
}

// A file in a fresh temporary directory, removed with it.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    std::string pattern = (std::filesystem::temp_directory_path() / "http_client_test.XXXXXX");
    directory_ = mkdtemp(pattern.data());
    std::ofstream(path()) << contents;
  }
  ~TempFile() { std::filesystem::remove_all(directory_); }
  std::string path() const { return (directory_ / "file.pem").string(); }

 private:
  std::filesystem::path directory_;
};

// A TLS server presenting `certificate`, answering every request with its target; records the
// SNI names it was sent.
class TlsServer {
 public:
  explicit TlsServer(const TestCertificate& certificate)
      : context_(ssl::context::tls_server),
        server_([this](tcp::socket& socket, int) { Serve(socket); }) {
    context_.use_certificate_chain(asio::buffer(certificate.certificate));
    context_.use_private_key(asio::buffer(certificate.key), ssl::context::pem);
  }
  std::string Url(std::string_view host) const {
    return server_.Url("https://" + std::string(host), "/tls");
  }
  int accepted() const { return server_.accepted(); }
  std::vector<std::string> server_names() {
    std::lock_guard lock(mutex_);
    return server_names_;
  }

 private:
  void Serve(tcp::socket& socket) {
    ssl::stream<tcp::socket&> stream(socket, context_);
    boost::system::error_code error;
    stream.handshake(ssl::stream_base::server, error);
    if (error) return;
    const char* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
    {
      std::lock_guard lock(mutex_);
      server_names_.push_back(name ? name : "");
    }
    ServeTargets(stream);
  }

  ssl::context context_;
  std::mutex mutex_;
  std::vector<std::string> server_names_;
  ScriptedServer server_;  // last: its threads use the members above
};

TEST(HttpClientTest, FetchesOverTlsWithSniAndReusesTheConnection) {
  TestCertificate certificate = MakeCertificate("DNS:localhost,IP:127.0.0.1");
  TempFile ca(certificate.certificate);
  TlsServer server(certificate);
  EventLoop loop;
  HttpClient client(loop, {.ca_file = ca.path()});
  for (int i = 0; i < 2; ++i) {
    Outcome outcome = Get(loop, client, server.Url("localhost"));
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_EQ(outcome.response.body, "/tls");
  }
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(server.server_names(), std::vector<std::string>{"localhost"});
  // By IP address: checked against the certificate's IP entry, and no SNI (names only).
  Outcome by_ip = Get(loop, client, server.Url("127.0.0.1"));
  ASSERT_FALSE(by_ip.error) << by_ip.error->message;
  EXPECT_EQ(server.server_names(), (std::vector<std::string>{"localhost", ""}));
}

TEST(HttpClientTest, RejectsACertificateNotTrusted) {
  TestCertificate certificate = MakeCertificate("DNS:localhost,IP:127.0.0.1");
  TlsServer server(certificate);
  EventLoop loop;
  HttpClient client(loop, {});  // the system store only
  Outcome outcome = Get(loop, client, server.Url("127.0.0.1"));
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kTls) << outcome.error->message;
}

TEST(HttpClientTest, RejectsACertificateForAnotherName) {
  TestCertificate certificate = MakeCertificate("DNS:upstream.test,IP:127.0.0.2");
  TempFile ca(certificate.certificate);
  TlsServer server(certificate);
  EventLoop loop;
  HttpClient client(loop, {.ca_file = ca.path()});
  for (const char* host : {"localhost", "127.0.0.1"}) {
    Outcome outcome = Get(loop, client, server.Url(host));
    ASSERT_TRUE(outcome.error) << host;
    EXPECT_EQ(outcome.error->code, Code::kTls) << host << ": " << outcome.error->message;
  }
}

TEST(HttpClientTest, ConnectTimeoutCoversTheTlsHandshake) {
  ScriptedServer server([](tcp::socket& socket, int) { DrainUntilClosed(socket); });
  EventLoop loop;
  HttpClient client(loop, {.connect_timeout = milliseconds(50)});
  Outcome outcome = Get(loop, client, server.Url("https://127.0.0.1"));
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, Code::kTimeout) << outcome.error->message;
  EXPECT_NE(outcome.error->message.find("not connected"), std::string::npos);
}

TEST(HttpClientTest, UnreadableCaFileFailsConstruction) {
  EventLoop loop;
  EXPECT_THROW(HttpClient(loop, {.ca_file = "/nonexistent/ca.pem"}), std::system_error);
}

}  // namespace
}  // namespace portcullis::net
