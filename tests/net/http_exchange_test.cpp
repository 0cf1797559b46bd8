// HttpServer's asynchronous handlers (HttpExchange) against real sockets on loopback: answers
// given later on the worker's loop (a timer, an HttpClient calling a second local server),
// streams to slow, stalled and vanishing clients, dropped exchanges, pipelining, stopping, and
// HTTP/1.0.
#include "net/http_exchange.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http_server_harness.h"
#include "net/http_client.h"
#include "net/http_server.h"

namespace portcullis::net {
namespace {

using namespace harness;
using std::chrono::milliseconds;

// Whether `future` became ready within 10 s: a failure shows instead of hanging the test.
template <class T>
bool Ready(std::future<T>& future) {
  return future.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
}

HttpResponse Text(std::string body) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

// Reads the head of a streamed answer and its body until it holds `wanted`.
void ReceiveStreamUntil(Client& client, http::response_parser<http::string_body>& parser,
                        std::string_view wanted) {
  http::read_header(client.socket(), client.buffer(), parser);
  while (parser.get().body().find(wanted) == std::string::npos)
    http::read_some(client.socket(), client.buffer(), parser);
}

// Writes "tick\n" every 20 ms until a Write fails (the exchange was aborted).
void TickEvery20ms(HttpExchange exchange) {
  if (!exchange.Write("tick\n")) return;
  exchange.loop().RunAfter(milliseconds(20), [exchange] { TickEvery20ms(exchange); });
}

TEST(HttpExchangeTest, AnswersLaterFromATimerOnTheWorkersThread) {
  RunningServer server(Options(), [](HttpExchange exchange) {
    std::thread::id handled_on = std::this_thread::get_id();
    exchange.loop().RunAfter(milliseconds(30), [exchange, handled_on]() mutable {
      const HttpRequest& request = exchange.request();  // still held by the exchange
      HttpResponse response =
          Text("later " + std::string(request.path()) + " " + std::string(request.body()));
      response.headers.emplace_back("X-Same-Thread",
                                    std::this_thread::get_id() == handled_on ? "yes" : "no");
      exchange.Respond(std::move(response));
    });
  });
  Client client(server.port());
  for (int i = 0; i < 3; ++i) {
    client.Send(Post("/t" + std::to_string(i), "body" + std::to_string(i)));
    auto response = client.Receive();
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "later /t" + std::to_string(i) + " body" + std::to_string(i));
    EXPECT_EQ(response["X-Same-Thread"], "yes");
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST(HttpExchangeTest, AnswersFromAnHttpClientCallbackOnTheSameLoop) {
  RunningServer upstream(Options(1), [](const HttpRequest& request, HttpResponse& response) {
    response.content_type = "text/plain";
    response.body = "upstream saw " + std::string(request.target());
  });
  const std::string upstream_url = "http://127.0.0.1:" + std::to_string(upstream.port());
  // One client per worker, bound to its loop; destroyed after Run returned (no ASSERT before).
  std::vector<std::unique_ptr<HttpClient>> clients;
  RunningServer server(
      Options(2),
      [&](HttpExchange exchange) {
        std::thread::id handled_on = std::this_thread::get_id();
        HttpClient& client = *clients.at(exchange.worker());
        client.Fetch({.url = upstream_url + std::string(exchange.request().target())},
                     [exchange, handled_on](std::optional<HttpClientError> error,
                                            HttpClientResponse got) mutable {
                       HttpResponse response = Text(error ? error->message : got.body);
                       response.status = error ? 502 : got.status;
                       response.headers.emplace_back(
                           "X-Same-Thread",
                           std::this_thread::get_id() == handled_on ? "yes" : "no");
                       exchange.Respond(std::move(response));
                     });
      },
      [&](HttpServer& server) {
        for (unsigned i = 0; i < server.workers(); ++i)
          clients.push_back(std::make_unique<HttpClient>(server.loop(i), HttpClientOptions{}));
      });

  for (int c = 0; c < 4; ++c) {
    Client client(server.port());
    for (int r = 0; r < 3; ++r) {
      std::string target = "/item/" + std::to_string(c) + "/" + std::to_string(r) + "?q=1";
      http::request<http::string_body> request(http::verb::get, target, 11);
      client.Send(request);
      auto response = client.Receive();
      EXPECT_EQ(response.result_int(), 200);
      EXPECT_EQ(response.body(), "upstream saw " + target);
      EXPECT_EQ(response["X-Same-Thread"], "yes");
    }
  }
  server.StopAndWait();
  clients.clear();
}

TEST(HttpExchangeTest, AnswersInlineAndTellsItsWorker) {
  HttpServer* serving = nullptr;
  RunningServer server(
      Options(2),
      [&](HttpExchange exchange) {
        unsigned worker = exchange.worker();
        bool own_loop = worker < serving->workers() && &exchange.loop() == &serving->loop(worker);
        exchange.Respond(Text(own_loop ? "own loop" : "wrong loop"));
      },
      [&](HttpServer& server) { serving = &server; });
  Client client(server.port());
  for (int i = 0; i < 3; ++i) {
    client.Send(Post("/", ""));
    auto response = client.Receive();
    EXPECT_EQ(response.body(), "own loop");
    EXPECT_TRUE(response.keep_alive());
  }
}

// A stream of 16 MB to a client with a small receive buffer that reads only once the server
// has reported it full: Write reports full, OnWritable resumes the writer, and every byte
// arrives, in order.
TEST(HttpExchangeTest, StreamsToASlowReaderWithBackpressure) {
  constexpr int kPieces = 4096;
  constexpr size_t kPieceBytes = 4096;
  auto piece = [](int i) {
    std::string text = std::to_string(i) + ":";
    text.resize(kPieceBytes, static_cast<char>('a' + i % 26));
    return text;
  };
  std::promise<void> first_full;
  std::atomic<int> fulls = 0, writables = 0;
  HttpServerOptions options = Options(1);
  options.stream_high_water_bytes = 64 << 10;
  RunningServer server(options, [&](HttpExchange exchange) {
    exchange.StartStream(Text(""));
    struct Stream {
      HttpExchange exchange;
      int next = 0;
    };
    auto stream = std::make_shared<Stream>(Stream{exchange});
    // Writes until the client is slow or the body is whole.
    auto fill = [&, stream] {
      while (stream->next < kPieces) {
        if (!stream->exchange.Write(piece(stream->next++))) {
          if (fulls++ == 0) first_full.set_value();
          return;
        }
      }
      stream->exchange.End();
      if (fulls == 0) first_full.set_value();  // never full: fails below rather than hangs
    };
    exchange.OnWritable([&writables, fill] {
      ++writables;
      fill();
    });
    fill();
  });

  Client client(server.port(), 16 << 10);
  client.Send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
  auto full = first_full.get_future();
  ASSERT_TRUE(Ready(full));
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  http::read(client.socket(), client.buffer(), parser);
  std::string expected;
  for (int i = 0; i < kPieces; ++i) expected += piece(i);
  const auto& response = parser.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[http::field::transfer_encoding], "chunked");
  EXPECT_EQ(response.body().size(), expected.size());
  EXPECT_TRUE(response.body() == expected) << "the body differs";
  EXPECT_GT(fulls, 0);
  EXPECT_GT(writables, 0);
  EXPECT_TRUE(response.keep_alive());
}

TEST(HttpExchangeTest, AClientLeavingMidStreamAbortsTheExchange) {
  std::promise<bool> aborted;  // with what a Write returned afterwards
  RunningServer server(Options(1), [&](HttpExchange exchange) {
    HttpResponse head = Text("data: first\n\n");
    head.content_type = "text/event-stream";
    exchange.StartStream(std::move(head));
    // The callback's copy keeps the exchange until the abort; nothing else is written.
    exchange.OnAbort([&aborted, exchange]() mutable {
      aborted.set_value(exchange.aborted() && !exchange.Write("data: late\n\n"));
    });
  });
  Client client(server.port());
  client.Send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  http::response_parser<http::string_body> parser;
  ReceiveStreamUntil(client, parser, "data: first\n\n");
  EXPECT_EQ(parser.get()[http::field::content_type], "text/event-stream");
  client.Close();
  auto result = aborted.get_future();
  ASSERT_TRUE(Ready(result));
  EXPECT_TRUE(result.get()) << "not aborted, or a Write after the abort succeeded";
}

TEST(HttpExchangeTest, AnExchangeDroppedUnansweredIsAnswered500) {
  RunningServer server(Options(1), [](HttpExchange exchange) {
    std::string_view path = exchange.request().path();
    if (path == "/drop-later") exchange.loop().RunAfter(milliseconds(20), [exchange] {});
    if (path == "/throw") throw std::runtime_error("boom");
    if (path == "/cut") {
      exchange.StartStream(Text("partial"));
      exchange.loop().RunAfter(milliseconds(20), [exchange] {});
    }
  });
  Client client(server.port());
  for (const char* path : {"/drop", "/drop-later", "/throw"}) {
    client.Send(Post(path, ""));
    auto response = client.Receive();
    EXPECT_EQ(response.result_int(), 500) << path;
    EXPECT_EQ(response.body(), R"({"code":500,"message":"Internal Server Error"})") << path;
    EXPECT_TRUE(response.keep_alive()) << path;
  }
  // A started stream dropped: the body is cut, never complete.
  client.Send(Post("/cut", ""));
  boost::system::error_code error;
  auto response = client.Receive(error);
  // The server closed the connection before the last chunk.
  EXPECT_EQ(error, http::error::partial_message);
  EXPECT_EQ(response.result_int(), 200);
}

TEST(HttpExchangeTest, AnswersPipelinedRequestsInOrderOneAtATime) {
  std::mutex mutex;
  std::vector<std::string> events;
  auto record = [&](std::string event) {
    std::lock_guard lock(mutex);
    events.push_back(std::move(event));
  };
  RunningServer server(Options(1), [&](HttpExchange exchange) {
    std::string path(exchange.request().path());
    record("handle " + path);
    // The first request is the slowest to answer.
    milliseconds delay(path == "/a" ? 60 : path == "/b" ? 30 : 0);
    exchange.loop().RunAfter(delay, [&record, exchange, path]() mutable {
      record("answer " + path);
      exchange.Respond(Text(path));
    });
  });
  Client client(server.port());
  client.Send(
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.Receive().body(), "/a");
  EXPECT_EQ(client.Receive().body(), "/b");
  EXPECT_EQ(client.Receive().body(), "/c");
  std::lock_guard lock(mutex);
  EXPECT_EQ(events, (std::vector<std::string>{"handle /a", "answer /a", "handle /b", "answer /b",
                                              "handle /c", "answer /c"}));
}

TEST(HttpExchangeTest, StopLetsAnAnswerInProgressFinish) {
  std::promise<void> handled;
  RunningServer server(Options(1), [&](HttpExchange exchange) {
    handled.set_value();
    exchange.loop().RunAfter(milliseconds(100),
                             [exchange]() mutable { exchange.Respond(Text("finished")); });
  });
  Client idle(server.port());
  Client busy(server.port());
  busy.Send(Post("/", ""));
  auto started = handled.get_future();
  ASSERT_TRUE(Ready(started));
  server.Stop();
  auto response = busy.Receive();
  EXPECT_EQ(response.body(), "finished");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(busy.Closed());
  EXPECT_TRUE(idle.Closed());
  server.StopAndWait();  // Run has returned
}

TEST(HttpExchangeTest, StopAbortsAStreamAfterTheGracePeriod) {
  std::promise<void> streaming, aborted;
  HttpServerOptions options = Options(1);
  options.stop_grace = milliseconds(200);
  RunningServer server(options, [&](HttpExchange exchange) {
    exchange.StartStream(Text(""));
    exchange.OnAbort([&aborted] { aborted.set_value(); });
    TickEvery20ms(exchange);
    streaming.set_value();
  });
  Client client(server.port());
  client.Send("GET /ticks HTTP/1.1\r\nHost: x\r\n\r\n");
  http::response_parser<http::string_body> parser;
  ReceiveStreamUntil(client, parser, "tick\n");
  server.Stop();
  // The stream goes on until the grace period ends, then is cut.
  boost::system::error_code error;
  http::read(client.socket(), client.buffer(), parser, error);
  EXPECT_EQ(error, http::error::partial_message);
  EXPECT_NE(parser.get().body().find("tick\ntick\n"), std::string::npos);
  auto abort_called = aborted.get_future();
  EXPECT_TRUE(Ready(abort_called));
  server.StopAndWait();  // Run has returned
}

TEST(HttpExchangeTest, StreamsToAnHttp10ClientUntilClosing) {
  RunningServer server(Options(1), [](HttpExchange exchange) {
    exchange.StartStream(Text("piece0\n"));
    exchange.loop().RunAfter(milliseconds(10), [exchange]() mutable {
      exchange.Write("piece1\n");
      exchange.Write("piece2\n");
      exchange.End();
    });
  });
  Client client(server.port());
  client.Send("GET /s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  std::string received = client.ReceiveUntilClosed();
  EXPECT_TRUE(received.starts_with("HTTP/1.0 200 OK\r\n")) << received;
  EXPECT_TRUE(received.ends_with("\r\n\r\npiece0\npiece1\npiece2\n")) << received;
  EXPECT_EQ(received.find("Transfer-Encoding"), std::string::npos) << received;
  EXPECT_EQ(received.find("Content-Length"), std::string::npos) << received;
  EXPECT_EQ(received.find("Connection"), std::string::npos) << received;
}

// Waiting for the handler or for the stream's next piece is not idleness: both outlast the idle
// timeout here.
TEST(HttpExchangeTest, TheIdleTimeoutSparesWorkingHandlersAndQuietStreams) {
  HttpServerOptions options = Options(1);
  options.idle_timeout = milliseconds(100);
  RunningServer server(options, [](HttpExchange exchange) {
    if (exchange.request().path() == "/slow") {
      exchange.loop().RunAfter(milliseconds(400),
                               [exchange]() mutable { exchange.Respond(Text("slow")); });
      return;
    }
    exchange.StartStream(Text("one\n"));
    exchange.loop().RunAfter(milliseconds(300), [exchange]() mutable {
      exchange.Write("two\n");
      exchange.loop().RunAfter(milliseconds(300), [exchange]() mutable {
        exchange.Write("three\n");
        exchange.End();
      });
    });
  });
  Client client(server.port());
  client.Send(Post("/slow", ""));
  EXPECT_EQ(client.Receive().body(), "slow");
  client.Send(Post("/quiet-stream", ""));
  EXPECT_EQ(client.Receive().body(), "one\ntwo\nthree\n");
}

// A client that stops reading a stream while the server has more to send is given the idle
// timeout, then the exchange is aborted.
TEST(HttpExchangeTest, AStalledReaderIsCutOffAfterTheIdleTimeout) {
  HttpServerOptions options = Options(1);
  options.idle_timeout = milliseconds(200);
  std::promise<void> aborted;
  RunningServer server(options, [&](HttpExchange exchange) {
    exchange.StartStream(Text(""));
    // Writes for as long as the client takes what is written: until the kernel's buffers and
    // then the stream's fill up.
    auto fill = [exchange]() mutable {
      const std::string piece(16 << 10, 'x');
      while (exchange.Write(piece)) {
      }
    };
    exchange.OnWritable(fill);
    exchange.OnAbort([&aborted] { aborted.set_value(); });
    fill();
  });
  Client client(server.port(), 16 << 10);
  client.Send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
  auto abort_called = aborted.get_future();  // the client never reads
  EXPECT_TRUE(Ready(abort_called));
}

}  // namespace
}  // namespace portcullis::net
