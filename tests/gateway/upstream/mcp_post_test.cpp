// PostMcpMessage against a loopback upstream answering as Streamable HTTP servers do (MCP
// 2025-06-18 "Transports"): JSON bodies, SSE streams with messages before the response, 202 for
// notifications, and the failures a gateway must tell apart.
#include "gateway/upstream/mcp_post.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/http_server.h"

namespace portcullis::gateway::upstream {
namespace {

using Kind = McpPostError::Kind;

// An upstream on a loopback port answering every POST with `answer`, recording what it received.
class Upstream {
 public:
  struct Received {
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
  };

  explicit Upstream(net::HttpResponse answer)
      : answer_(std::move(answer)),
        server_(Options(), [this](const net::HttpRequest& request, net::HttpResponse& response) {
          Received received{std::string(request.body()), {}};
          request.ForEachHeader([&](std::string_view name, std::string_view value) {
            received.headers.emplace_back(name, value);
          });
          {
            std::lock_guard lock(mutex_);
            received_.push_back(std::move(received));
          }
          response.status = answer_.status;
          response.content_type = answer_.content_type;
          response.body = answer_.body;
          response.headers = answer_.headers;
        }) {
    server_.Start();
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~Upstream() {
    server_.Stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/mcp"; }
  Received last() {
    std::lock_guard lock(mutex_);
    return received_.back();
  }

 private:
  static net::HttpServerOptions Options() {
    net::HttpServerOptions options;
    options.threads = 1;
    return options;
  }

  net::HttpResponse answer_;
  std::mutex mutex_;
  std::vector<Received> received_;
  net::HttpServer server_;
  std::thread thread_;
};

struct Answer {
  std::vector<std::string> session_ids;
  std::vector<boost::json::value> messages;
  std::optional<McpPostError> error;
};

// Posts `request` and runs a loop until the answer is complete.
Answer Post(McpPostRequest request) {
  net::EventLoop loop;
  net::HttpClient client(loop, {});
  Answer answer;
  bool done = false;
  PostMcpMessage(client, std::move(request),
                 {.on_session = [&](std::string id) { answer.session_ids.push_back(id); },
                  .on_message = [&](boost::json::value m) { answer.messages.push_back(m); },
                  .on_complete =
                      [&](std::optional<McpPostError> error) {
                        answer.error = std::move(error);
                        done = true;
                        loop.Stop();
                      }});
  net::TimerHandle guard = loop.RunAfter(std::chrono::seconds(20), [&] { loop.Stop(); });
  loop.Run();
  guard.Cancel();
  EXPECT_TRUE(done) << "the post did not complete";
  return answer;
}

const char* kToolsList = R"({"jsonrpc":"2.0","id":7,"method":"tools/list"})";

McpPostRequest ToolsList(const Upstream& upstream) {
  return {.url = upstream.url(),
          .body = kToolsList,
          .session = {"s-123", "2025-06-18"},
          .request_id = boost::json::value(7),
          .extra_headers = {{"Authorization", "Bearer minted-for-this-server"}}};
}

std::optional<std::string> HeaderOf(const Upstream::Received& received, std::string_view name) {
  for (const auto& [key, value] : received.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return value;
    }
  }
  return std::nullopt;
}

TEST(McpPostTest, SendsTheTransportHeadersAndReadsAJsonAnswer) {
  Upstream upstream({.status = 200,
                     .content_type = "application/json; charset=utf-8",
                     .body = R"({"jsonrpc":"2.0","id":7,"result":{"tools":[]}})",
                     .headers = {{"Mcp-Session-Id", "s-123"}}});
  Answer answer = Post(ToolsList(upstream));
  EXPECT_FALSE(answer.error) << answer.error->message;
  ASSERT_EQ(answer.messages.size(), 1u);
  EXPECT_EQ(answer.messages[0],
            boost::json::parse(R"({"jsonrpc":"2.0","id":7,"result":{"tools":[]}})"));
  EXPECT_EQ(answer.session_ids, std::vector<std::string>{"s-123"});

  Upstream::Received received = upstream.last();
  EXPECT_EQ(received.body, kToolsList);
  EXPECT_EQ(HeaderOf(received, "accept"), "application/json, text/event-stream");
  EXPECT_EQ(HeaderOf(received, "content-type"), "application/json");
  EXPECT_EQ(HeaderOf(received, "mcp-session-id"), "s-123");
  EXPECT_EQ(HeaderOf(received, "mcp-protocol-version"), "2025-06-18");
  EXPECT_EQ(HeaderOf(received, "authorization"), "Bearer minted-for-this-server");
}

TEST(McpPostTest, ReadsAnEventStreamWithMessagesBeforeTheResponse) {
  Upstream upstream({.status = 200,
                     .content_type = "text/event-stream",
                     .body = ": keep-alive\n\n"
                             "event: message\r\n"
                             "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\r\n"
                             "data: \"params\":{\"progressToken\":1,\"progress\":50}}\r\n\r\n"
                             "id: 2\n"
                             "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}\n\n"});
  Answer answer = Post(ToolsList(upstream));
  EXPECT_FALSE(answer.error) << answer.error->message;
  ASSERT_EQ(answer.messages.size(), 2u);
  EXPECT_EQ(answer.messages[0].at("method"), "notifications/progress");
  EXPECT_EQ(answer.messages[0].at("params").at("progress"), 50);
  EXPECT_EQ(answer.messages[1].at("id"), 7);
}

TEST(McpPostTest, ANotificationIsAcceptedWith202) {
  Upstream upstream({.status = 202, .content_type = "", .body = ""});
  Answer answer = Post({.url = upstream.url(),
                        .body = R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                        .session = {"s-1", "2025-06-18"}});
  EXPECT_FALSE(answer.error);
  EXPECT_TRUE(answer.messages.empty());
}

TEST(McpPostTest, TellsTheFailuresApart) {
  struct Case {
    net::HttpResponse answer;
    Kind expected;
  };
  const Case cases[] = {
      {{.status = 404, .body = R"({"error":"Session not found"})"}, Kind::kSessionExpired},
      {{.status = 500, .body = "boom"}, Kind::kHttpStatus},
      {{.status = 200, .content_type = "text/html", .body = "<html>"}, Kind::kBadContentType},
      {{.status = 202, .content_type = "", .body = ""}, Kind::kMissingResponse},
      // A duplicate key: the gateway and the upstream could read it differently.
      {{.status = 200,
        .content_type = "text/event-stream",
        .body = "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"id\":8,\"result\":{}}\n\n"},
       Kind::kBadMessage},
      {{.status = 200, .body = R"({"jsonrpc":"2.0","id":7})"}, Kind::kBadMessage},
      // The stream ends with a response to another request only.
      {{.status = 200,
        .content_type = "text/event-stream",
        .body = "data: {\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}\n\n"},
       Kind::kMissingResponse},
  };
  for (const Case& c : cases) {
    Upstream upstream(c.answer);
    Answer answer = Post(ToolsList(upstream));
    ASSERT_TRUE(answer.error) << c.answer.status << " " << c.answer.body;
    EXPECT_EQ(answer.error->kind, c.expected)
        << ToString(answer.error->kind) << ": " << answer.error->message;
  }
}

TEST(McpPostTest, A404WithoutASessionIsNotAnExpiredSession) {
  Upstream upstream({.status = 404, .body = "no such endpoint"});
  McpPostRequest request = ToolsList(upstream);
  request.session = {};
  Answer answer = Post(std::move(request));
  ASSERT_TRUE(answer.error);
  EXPECT_EQ(answer.error->kind, Kind::kHttpStatus);
  EXPECT_EQ(answer.error->status, 404);
  EXPECT_NE(answer.error->message.find("no such endpoint"), std::string::npos);
}

TEST(McpPostTest, AnUnreachableServerIsATransportFailure) {
  // Port 9 (discard) on loopback: nobody listens there.
  Answer answer = Post(
      {.url = "http://127.0.0.1:9/mcp", .body = kToolsList, .request_id = boost::json::value(7)});
  ASSERT_TRUE(answer.error);
  EXPECT_EQ(answer.error->kind, Kind::kTransport);
}

}  // namespace
}  // namespace portcullis::gateway::upstream
