#include "gateway/server/mcp_server_requests.h"

#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "gateway/mcp/denial.h"

namespace portcullis::gateway::server {
namespace {

constexpr std::string_view kRelayedIdPrefix = "portcullis:";
constexpr std::string_view kSamplingMethod = "sampling/createMessage";

// The model a sampling request is decided as (see the header).
pdp::DecisionResource DescribeSampling(const McpServerConfig& server,
                                       const boost::json::object* params) {
  std::string model = "client-model";
  boost::json::object attr = server.attr;
  attr["via"] = "sampling";
  attr["server"] = server.name;
  if (params != nullptr) {
    if (const boost::json::value* hints = params->if_contains("modelPreferences")) {
      const boost::json::value* list =
          hints->is_object() ? hints->as_object().if_contains("hints") : nullptr;
      if (list != nullptr && list->is_array() && !list->as_array().empty()) {
        const boost::json::value& first = list->as_array().front();
        const boost::json::value* name =
            first.is_object() ? first.as_object().if_contains("name") : nullptr;
        if (name != nullptr && name->is_string() && !name->as_string().empty()) {
          model = std::string(name->as_string());
        }
      }
    }
    if (const boost::json::value* max_tokens = params->if_contains("maxTokens");
        max_tokens != nullptr && max_tokens->is_int64()) {
      attr["max_tokens"] = *max_tokens;
    }
  }
  return {.kind = "model", .id = std::move(model), .attr = std::move(attr), .actions = {"sample"}};
}

// Answers `server`'s request `id` itself with `error` (the client never sees the request).
void AnswerServer(const std::shared_ptr<McpFlow>& flow, const McpServerConfig& server,
                  const boost::json::value& id, JsonRpcError error) {
  error.id = id;
  flow->Post(server, MakeJsonRpcErrorResponse(error), std::nullopt, {}, [](UpstreamReply) {});
}

}  // namespace

std::string RelayedRequestId(std::string_view server, const boost::json::value& id) {
  return std::string(kRelayedIdPrefix) + std::string(server) + ":" + boost::json::serialize(id);
}

std::optional<std::pair<std::string, boost::json::value>> ReadRelayedRequestId(
    const boost::json::value& id) {
  if (!id.is_string()) return std::nullopt;
  std::string_view text = id.as_string();
  if (!text.starts_with(kRelayedIdPrefix)) return std::nullopt;
  text.remove_prefix(kRelayedIdPrefix.size());
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  boost::system::error_code error;
  boost::json::value original = boost::json::parse(text.substr(colon + 1), error);
  if (error || !(original.is_string() || original.is_int64())) return std::nullopt;
  return std::pair{std::string(text.substr(0, colon)), std::move(original)};
}

void RelayServerMessage(const std::shared_ptr<McpFlow>& flow, const McpServerConfig& server,
                        boost::json::value message) {
  boost::json::object& object = message.as_object();
  const boost::json::value* id = object.if_contains("id");
  const boost::json::value* method = object.if_contains("method");
  if (id == nullptr || method == nullptr) {  // a notification
    flow->SendInterim(message);
    return;
  }
  boost::json::value server_id = *id;
  object["id"] = RelayedRequestId(server.name, server_id);
  if (method->as_string() != kSamplingMethod) {
    flow->SendInterim(message);
    return;
  }
  const boost::json::value* params = object.if_contains("params");
  pdp::DecisionResource resource =
      DescribeSampling(server, params != nullptr ? params->if_object() : nullptr);
  std::string target = resource.id;
  flow->services().decisions.Decide(
      flow->request().caller(),
      {.hop = "mcp",
       .method = std::string(kSamplingMethod),
       .peer = flow->request().peer(),
       .loop = &flow->request().exchange().loop()},
      {std::move(resource)},
      [flow, &server, server_id = std::move(server_id), target = std::move(target),
       message = std::move(message)](std::vector<pdp::Decision> decisions) {
        if (decisions.size() == 1 && decisions.front().allowed()) {
          flow->SendInterim(message);
          return;
        }
        pdp::Decision denied = decisions.empty() ? pdp::Decision{} : decisions.front();
        if (decisions.empty()) denied.fail_closed = true;
        AnswerServer(flow, server, server_id,
                     mcp::MakeDenial(denied, kSamplingMethod, target, server_id));
      });
}

void RunClientResponse(std::shared_ptr<McpFlow> flow) {
  const boost::json::value* id = flow->message().id;
  auto relayed = id != nullptr ? ReadRelayedRequestId(*id) : std::nullopt;
  const GatewayConfig& config = flow->request().config();
  const McpServerConfig* server = relayed ? config.FindServer(relayed->first) : nullptr;
  if (server == nullptr || !flow->session().upstream_sessions.contains(server->name)) {
    flow->RespondError({.code = kJsonRpcInvalidRequest,
                        .message = "no request of this id was relayed in this session",
                        .id = nullptr,
                        .data = std::nullopt},
                       400);
    return;
  }
  flow->body().as_object().at("id") = relayed->second;
  flow->Post(*server, flow->body(), std::nullopt, {}, [flow](UpstreamReply) { flow->Accept(); });
}

}  // namespace portcullis::gateway::server
