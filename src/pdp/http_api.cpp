#include "pdp/http_api.h"

#include "pdp/ulid.h"
#include "policy/engine.h"

namespace portcullis::pdp {
namespace {

// Generations are drawn from one process-wide counter, so that a thread's cache never mistakes
// one api instance's snapshot for another's.
std::atomic<uint64_t> next_generation{1};

struct PolicyCache {
  uint64_t generation = 0;
  std::shared_ptr<const policy::PolicySet> policies;
};
thread_local PolicyCache policy_cache;

// The value of `name` in a query string (`a=1&name=value`), undecoded; empty when absent.
std::string_view QueryParameter(std::string_view target, std::string_view name) {
  size_t question = target.find('?');
  if (question == std::string_view::npos) return {};
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

void Health(const net::HttpRequest& request, net::HttpResponse& response) {
  std::string_view service = QueryParameter(request.target(), "service");
  if (service.empty() || service == "cerbos.svc.v1.CerbosService") {
    response.body = "{\"status\":\"SERVING\"}\n";
    return;
  }
  response.status = 404;
  response.body = R"({"code":5, "message":"unknown service"})";
}

void NotFound(const net::HttpRequest&, net::HttpResponse& response) {
  response.status = 404;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.body = "404 page not found\n";
}

void MethodNotAllowed(const net::HttpRequest&, net::HttpResponse& response) {
  response.status = 501;
  response.body = R"({"code":12, "message":"Method Not Allowed"})";
}

void Reply(const ApiError& error, net::HttpResponse& response) {
  response.status = error.http_status;
  response.body = error.ToJson();
}

}  // namespace

CerbosHttpApi::CerbosHttpApi(std::shared_ptr<const policy::PolicySet> policies,
                             RequestLimits limits)
    : limits_(limits), policies_(std::move(policies)), generation_(next_generation++) {
  router_.Add("POST", "/api/check/resources",
              [this](const net::HttpRequest& request, net::HttpResponse& response) {
                CheckResources(request, response);
              });
  router_.Add("GET", "/_cerbos/health", Health);
  router_.SetNotFound(NotFound);
  router_.SetMethodNotAllowed(MethodNotAllowed);
}

void CerbosHttpApi::SetPolicies(std::shared_ptr<const policy::PolicySet> policies) {
  policies_.store(std::move(policies));
  generation_.store(next_generation++);
}

const policy::PolicySet& CerbosHttpApi::CurrentPolicies() const {
  uint64_t generation = generation_.load(std::memory_order_acquire);
  if (policy_cache.generation != generation) {
    policy_cache.policies = policies_.load();
    policy_cache.generation = generation;
  }
  return *policy_cache.policies;
}

void CerbosHttpApi::CheckResources(const net::HttpRequest& request,
                                   net::HttpResponse& response) const {
  CheckResourcesParse parsed = ParseCheckResourcesRequest(request.body(), limits_);
  if (!parsed.ok()) return Reply(*parsed.error, response);
  thread_local policy::CheckOutput output;
  policy::Engine::Check(CurrentPolicies(), parsed.request->input(), output);
  RenderedResponse rendered = RenderCheckResourcesResponse(
      *parsed.request, output, parsed.request->include_meta(), NewUlid());
  if (rendered.error) return Reply(*rendered.error, response);
  response.body = std::move(rendered.json);
}

std::string CerbosHttpApi::ServerErrorBody(int status, std::string_view reason) {
  // gRPC codes as grpc-gateway maps them: 3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 13 INTERNAL.
  int code = status == 413 || status == 431 ? 8 : status >= 500 ? 13 : 3;
  ApiError error{
      .http_status = status, .code = code, .message = std::string(reason), .details = {}};
  return error.ToJson();
}

}  // namespace portcullis::pdp
