// The upstream MCP server of the gateway benchmark (bench/gateway/run): the same fast server
// behind every path measured (direct, nginx, portcullis), so that what differs is the proxy.
// Speaks just enough of MCP's Streamable HTTP for a tools/call round trip: initialize (assigns
// the session id "bench-session"), notifications (202), tools/list (one tool, `echo`) and
// tools/call (a canned text result), each answered as application/json.
//
//   bench_mcp_upstream --port 7201 [--threads 1]
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "net/http_server.h"

namespace {

using portcullis::net::HttpRequest;
using portcullis::net::HttpResponse;

constexpr std::string_view kEchoTool = R"({"name":"echo","description":"Echoes its text.",)"
                                       R"("inputSchema":{"type":"object","properties":)"
                                       R"({"text":{"type":"string"},"amount":{"type":"number"}}}})";

std::string Result(const boost::json::value& id, std::string_view result) {
  return R"({"jsonrpc":"2.0","id":)" + boost::json::serialize(id) + R"(,"result":)" +
         std::string(result) + "}";
}

void Answer(const HttpRequest& request, HttpResponse& response) {
  boost::system::error_code error;
  boost::json::value message = boost::json::parse(request.body(), error);
  const boost::json::object* object = error ? nullptr : message.if_object();
  const boost::json::value* method = object ? object->if_contains("method") : nullptr;
  const boost::json::value* id = object ? object->if_contains("id") : nullptr;
  if (method == nullptr || !method->is_string()) {
    response.status = 400;
    response.body = R"({"error":"not a JSON-RPC request"})";
    return;
  }
  if (id == nullptr) {  // a notification
    response.status = 202;
    return;
  }
  std::string_view name = method->as_string();
  if (name == "initialize") {
    response.headers.emplace_back("Mcp-Session-Id", "bench-session");
    response.body = Result(*id, R"({"protocolVersion":"2025-06-18","capabilities":{"tools":{}},)"
                                R"("serverInfo":{"name":"bench","version":"1.0.0"}})");
  } else if (name == "tools/list") {
    response.body = Result(*id, R"({"tools":[)" + std::string(kEchoTool) + "]}");
  } else if (name == "tools/call") {
    response.body = Result(*id, R"({"content":[{"type":"text","text":"ok"}]})");
  } else {
    response.body = R"({"jsonrpc":"2.0","id":)" + boost::json::serialize(*id) +
                    R"(,"error":{"code":-32601,"message":"not here"}})";
  }
}

}  // namespace

int main(int argc, char** argv) {
  portcullis::net::HttpServerOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--port") options.port = static_cast<uint16_t>(std::atoi(argv[i + 1]));
    if (flag == "--threads") options.threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
  }
  portcullis::net::HttpServer server(options, Answer);
  server.Start();
  std::cout << "listening on " << server.port() << std::endl;
  server.Run();
}
