// HttpServer and HttpRouter against real sockets: a server on an ephemeral loopback port, driven
// by blocking Beast clients.
#include "net/http_server.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <future>
#include <iostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "http_server_harness.h"
#include "net/http_router.h"

namespace portcullis::net {
namespace {

using namespace harness;

// Answers `<method> <path> <body>` (and the X-Tag header, when sent).
void Echo(const HttpRequest& request, HttpResponse& response) {
  response.content_type = "text/plain";
  response.body.append(request.method()).append(" ").append(request.path());
  response.body.append(" ").append(request.body());
  if (auto tag = request.header("x-tag")) response.headers.emplace_back("X-Tag", *tag);
}

TEST(HttpServerTest, AnswersSeveralRequestsOnOneKeepAliveConnection) {
  RunningServer server(Options(), Echo);
  Client client(server.port());
  for (int i = 0; i < 3; ++i) {
    auto request = Post("/echo?n=" + std::to_string(i), "body" + std::to_string(i));
    request.set("X-Tag", "t" + std::to_string(i));
    client.Send(request);
    auto response = client.Receive();
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "POST /echo body" + std::to_string(i));
    EXPECT_EQ(response[http::field::content_type], "text/plain");
    EXPECT_EQ(response["X-Tag"], "t" + std::to_string(i));
    EXPECT_TRUE(response.keep_alive());
    EXPECT_TRUE(std::regex_match(
        std::string(response[http::field::date]),
        std::regex(R"([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)")))
        << response[http::field::date];
  }
}

TEST(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  RunningServer server(Options(), Echo);
  Client client(server.port());
  client.Send(
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1"
      "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n333");
  EXPECT_EQ(client.Receive().body(), "POST /a 1");
  EXPECT_EQ(client.Receive().body(), "GET /b ");
  EXPECT_EQ(client.Receive().body(), "POST /c 333");
}

TEST(HttpServerTest, ClosesWhenTheClientAsksFor) {
  RunningServer server(Options(), Echo);
  Client client(server.port());
  auto request = Post("/x", "");
  request.keep_alive(false);
  client.Send(request);
  auto response = client.Receive();
  EXPECT_EQ(response.body(), "POST /x ");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.Closed());
}

// Larger than the socket's send buffer, read late: the answer is written in several goes.
TEST(HttpServerTest, SendsAnAnswerLargerThanTheSendBufferWhole) {
  const std::string big = [] {
    std::string text;
    for (int i = 0; text.size() < (4 << 20); ++i) text += std::to_string(i) + ",";
    return text;
  }();
  RunningServer server(Options(), [&](const HttpRequest& request, HttpResponse& response) {
    response.body = request.path() == "/big" ? big : "small";
  });
  Client client(server.port());
  client.Send(Post("/big", ""));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_TRUE(response.body() == big) << response.body().size() << " bytes";
  client.Send(Post("/next", ""));
  EXPECT_EQ(client.Receive().body(), "small");
}

TEST(HttpServerTest, AnswersHttp10InItsOwnVersionAndConnectionRules) {
  RunningServer server(Options(), Echo);
  Client kept(server.port());
  kept.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto response = kept.Receive();
  EXPECT_EQ(response.version(), 10);
  EXPECT_EQ(response[http::field::connection], "keep-alive");
  EXPECT_EQ(response.body(), "GET /a ");
  kept.Send("GET /b HTTP/1.0\r\n\r\n");
  response = kept.Receive();
  EXPECT_EQ(response.body(), "GET /b ");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(kept.Closed());
}

TEST(HttpServerTest, RejectsABodyOverTheLimitWith413) {
  HttpServerOptions options = Options();
  options.max_body_bytes = 1024;
  options.error_body = [](int status, std::string_view reason) {
    return "{\"status\":" + std::to_string(status) + ",\"reason\":\"" + std::string(reason) + "\"}";
  };
  std::atomic<int> handled = 0;
  RunningServer server(options, [&](const HttpRequest&, HttpResponse&) { ++handled; });

  Client exact(server.port());
  exact.Send(Post("/", std::string(1024, 'a')));
  EXPECT_EQ(exact.Receive().result_int(), 200);

  Client over(server.port());
  over.Send(Post("/", std::string(1025, 'a')));
  auto response = over.Receive();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_EQ(response.body(), R"({"status":413,"reason":"Payload Too Large"})");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(over.Closed());
  EXPECT_EQ(handled, 1);
}

TEST(HttpServerTest, RejectsAChunkedBodyOverTheLimitWith413) {
  HttpServerOptions options = Options();
  options.max_body_bytes = 10;
  RunningServer server(options, Echo);
  Client client(server.port());
  client.Send(
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response.body(), R"({"code":413,"message":"Payload Too Large"})");
}

TEST(HttpServerTest, RejectsGarbageWith400AndCloses) {
  RunningServer server(Options(), Echo);
  Client client(server.port());
  client.Send("GARBAGE\r\n\r\n");
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_EQ(response.body(), R"({"code":400,"message":"Bad Request"})");
  EXPECT_TRUE(client.Closed());
}

TEST(HttpServerTest, RejectsOversizedHeadersWith431) {
  HttpServerOptions options = Options();
  options.max_header_bytes = 512;
  RunningServer server(options, Echo);
  Client client(server.port());
  client.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(1000, 'b') + "\r\n\r\n");
  EXPECT_EQ(client.Receive().result_int(), 431);
}

TEST(HttpServerTest, AnswersExpect100ContinueBeforeTheBody) {
  RunningServer server(Options(), Echo);
  Client client(server.port());
  client.Send("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.Receive().result_int(), 100);
  client.Send("data");
  EXPECT_EQ(client.Receive().body(), "POST /e data");
}

TEST(HttpServerTest, AHandlerExceptionBecomes500) {
  RunningServer server(Options(), [](const HttpRequest&, HttpResponse& response) {
    response.body = "partial";
    throw std::runtime_error("boom");
  });
  Client client(server.port());
  client.Send(Post("/", ""));
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_EQ(response.body(), R"({"code":500,"message":"Internal Server Error"})");
}

TEST(HttpServerTest, ClosesIdleConnections) {
  HttpServerOptions options = Options();
  options.idle_timeout = std::chrono::milliseconds(100);
  RunningServer server(options, Echo);
  Client client(server.port());
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.Closed());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(HttpServerTest, ServesConcurrentClientsFromSeveralThreads) {
  std::atomic<int> handled = 0;
  RunningServer server(Options(4), [&](const HttpRequest& request, HttpResponse& response) {
    ++handled;
    response.body = request.body();
  });
  constexpr int kClients = 8, kRequests = 50;
  std::vector<std::thread> clients;
  std::atomic<int> correct = 0;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      Client client(server.port());
      for (int r = 0; r < kRequests; ++r) {
        std::string body = std::to_string(c) + "/" + std::to_string(r);
        client.Send(Post("/", body));
        if (client.Receive().body() == body) ++correct;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(correct, kClients * kRequests);
  EXPECT_EQ(handled, kClients * kRequests);
}

TEST(HttpServerTest, StopsGracefullyAfterAnsweringTheRequestInFlight) {
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  RunningServer server(Options(1), [&](const HttpRequest& request, HttpResponse& response) {
    if (request.path() == "/slow") {
      entered.set_value();
      released.wait();
    }
    response.body = "done " + std::string(request.path());
  });
  Client idle(server.port());
  Client busy(server.port());
  busy.Send(Post("/slow", ""));
  entered.get_future().wait();

  server.Stop();
  release.set_value();
  auto response = busy.Receive();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "done /slow");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(busy.Closed());
  EXPECT_TRUE(idle.Closed());
  server.StopAndWait();  // Run has returned

  asio::io_context io;
  tcp::socket refused(io);
  boost::system::error_code error;
  refused.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()), error);
  EXPECT_EQ(error, asio::error::connection_refused);
}

TEST(HttpServerTest, RefusesAPortInUse) {
  RunningServer first(Options(), Echo);
  HttpServerOptions options = Options();
  options.port = first.port();
  HttpServer second(options, Echo);
  EXPECT_THROW(second.Start(), std::system_error);
}

// The process's resident memory, in bytes.
size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// A connected loopback socket, without any user-space state (its memory is the kernel's).
int ConnectBare(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ADD_FAILURE() << "connect: " << strerror(errno);
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}

// Sends one request on `fd` and reads its answer, which ends with `body_end`.
bool Exchange(int fd, std::string_view request, std::string_view body_end) {
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
    return false;
  std::string received;
  char chunk[1024];
  while (!received.ends_with(body_end)) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got <= 0) return false;
    received.append(chunk, got);
  }
  return true;
}

// What an idle keep-alive connection costs the server: thousands of clients each get an answer
// and keep their connection open. The clients are bare sockets, so what grows is the server's:
// its heap (bytes allocated, whether touched or not) and the process's resident memory. Kernel
// socket buffers are counted in neither.
TEST(HttpServerTest, AnIdleKeepAliveConnectionCostsUnder10kB) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's allocator pads every allocation";
#endif
  // Two descriptors per connection (client and server side), within the process's limit.
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  const int connections = static_cast<int>(std::min<rlim_t>(5000, (files.rlim_cur - 64) / 2));
  ASSERT_GE(connections, 500) << "too few file descriptors allowed";

  RunningServer server(Options(1), Echo);
  constexpr std::string_view kRequest = "GET /idle HTTP/1.1\r\nHost: x\r\n\r\n";
  constexpr std::string_view kAnswerEnd = "GET /idle ";
  // Warm-up: the worker's thread sets up its heap arena with its first connections.
  for (int i = 0; i < 20; ++i) {
    int fd = ConnectBare(server.port());
    ASSERT_TRUE(Exchange(fd, kRequest, kAnswerEnd));
    close(fd);
  }

  const double heap_before = static_cast<double>(mallinfo2().uordblks);
  const double resident_before = static_cast<double>(ResidentBytes());
  auto heap_per_connection = [&] {
    return (static_cast<double>(mallinfo2().uordblks) - heap_before) / connections;
  };
  std::vector<int> sockets;
  for (int i = 0; i < connections; ++i) {
    int fd = ConnectBare(server.port());
    ASSERT_GE(fd, 0);
    sockets.push_back(fd);
    ASSERT_TRUE(Exchange(fd, kRequest, kAnswerEnd)) << "connection " << i;
  }
  const double heap_just_answered = heap_per_connection();
  // Connections quiet for a second give their read buffers back, as the server's sweep (every
  // 250 ms) finds them: wait until the heap has shrunk, then stopped shrinking for a while (at
  // most 10 s: the assertions below then fail instead).
  double heap_idle = heap_just_answered;
  for (int polls = 0, unchanged = 0; polls < 50 && unchanged < 3; ++polls) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    double heap_now = heap_per_connection();
    if (heap_now < heap_idle)
      unchanged = 0;
    else if (heap_idle < heap_just_answered)
      ++unchanged;
    heap_idle = heap_now;
  }
  const double resident_idle =
      (static_cast<double>(ResidentBytes()) - resident_before) / connections;
  std::cout << connections << " keep-alive connections, bytes each: heap " << heap_just_answered
            << " just answered, " << heap_idle << " idle; resident " << resident_idle << "\n";
  RecordProperty("heap_bytes_per_idle_connection", static_cast<int>(heap_idle));
  RecordProperty("resident_bytes_per_idle_connection", static_cast<int>(resident_idle));
  EXPECT_LE(heap_idle, 10 << 10);
  EXPECT_LE(resident_idle, 10 << 10);

  // Every one of them still works.
  for (size_t i = 0; i < sockets.size(); i += sockets.size() / 10)
    EXPECT_TRUE(Exchange(sockets[i], kRequest, kAnswerEnd)) << "connection " << i;
  for (int fd : sockets) close(fd);
}

TEST(HttpRouterTest, DispatchesByMethodAndPath) {
  HttpRouter router;
  router.Add("GET", "/a", [](const HttpRequest&, HttpResponse& r) { r.body = "get a"; });
  router.Add("POST", "/a", [](const HttpRequest&, HttpResponse& r) { r.body = "post a"; });
  router.Add("POST", "/b", [](const HttpRequest& q, HttpResponse& r) { r.body = q.body(); });

  HttpResponse response;
  router.Handle(HttpRequest("GET", "/a?x=1", ""), response);
  EXPECT_EQ(response.body, "get a");
  response.Clear();
  router.Handle(HttpRequest("POST", "/b", "payload"), response);
  EXPECT_EQ(response.body, "payload");

  response.Clear();
  router.Handle(HttpRequest("PUT", "/a", ""), response);
  EXPECT_EQ(response.status, 405);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "GET, POST");

  response.Clear();
  router.Handle(HttpRequest("GET", "/c", ""), response);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"code":404,"message":"Not Found"})");

  router.SetNotFound([](const HttpRequest&, HttpResponse& r) { r.status = 410; });
  response.Clear();
  router.Handle(HttpRequest("GET", "/c", ""), response);
  EXPECT_EQ(response.status, 410);
}

}  // namespace
}  // namespace portcullis::net
