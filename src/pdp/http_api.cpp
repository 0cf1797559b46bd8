#include "pdp/http_api.h"

#include "audit/json_writer.h"
#include "pdp/ulid.h"
#include "policy/engine.h"

namespace portcullis::pdp {
namespace {

// Cache keys are drawn from one process-wide counter, so that a thread's cache never mistakes
// one api instance's snapshot for another's.
std::atomic<uint64_t> next_cache_key{1};

struct PolicyCache {
  uint64_t key = 0;
  std::shared_ptr<const ServedPolicies> policies;
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

std::shared_ptr<const ServedPolicies> Serve(std::shared_ptr<const policy::PolicySet> policies,
                                            std::shared_ptr<const policy::PolicySources> sources) {
  return std::make_shared<const ServedPolicies>(
      ServedPolicies{.policies = std::move(policies), .sources = std::move(sources)});
}

}  // namespace

CerbosHttpApi::CerbosHttpApi(std::shared_ptr<const policy::PolicySet> policies,
                             RequestLimits limits,
                             std::shared_ptr<const policy::PolicySources> sources)
    : limits_(limits),
      policies_(Serve(std::move(policies), std::move(sources))),
      cache_key_(next_cache_key++),
      status_{.generation = 1,
              .loaded_at = std::chrono::system_clock::now(),
              .failed_at = {},
              .errors = {}} {
  router_.Add("POST", "/api/check/resources",
              [this](const net::HttpRequest& request, net::HttpResponse& response) {
                CheckResources(request, response);
              });
  router_.Add("GET", "/_cerbos/health", Health);
  router_.Add(
      "GET", "/_portcullis/policies",
      [this](const net::HttpRequest&, net::HttpResponse& response) { PolicyStatus(response); });
  router_.SetNotFound(NotFound);
  router_.SetMethodNotAllowed(MethodNotAllowed);
}

uint64_t CerbosHttpApi::SetPolicies(std::shared_ptr<const policy::PolicySet> policies,
                                    std::shared_ptr<const policy::PolicySources> sources) {
  std::lock_guard lock(status_mutex_);
  policies_.store(Serve(std::move(policies), std::move(sources)));
  cache_key_.store(next_cache_key++);
  ++status_.generation;
  status_.loaded_at = std::chrono::system_clock::now();
  status_.errors.clear();
  return status_.generation;
}

void CerbosHttpApi::ReportReloadFailure(const std::vector<policy::PolicyError>& errors) {
  std::lock_guard lock(status_mutex_);
  status_.failed_at = std::chrono::system_clock::now();
  status_.errors.clear();
  for (const policy::PolicyError& error : errors) status_.errors.push_back(error.ToString());
}

void CerbosHttpApi::EnableDecisionLog(audit::DecisionLog& log, CheckAuditOptions options) {
  auditor_ = std::make_unique<const CheckResourcesAuditor>(log, std::move(options));
}

const std::shared_ptr<const ServedPolicies>& CerbosHttpApi::CurrentPolicies() const {
  uint64_t key = cache_key_.load(std::memory_order_acquire);
  if (policy_cache.key != key) {
    policy_cache.policies = policies_.load();
    policy_cache.key = key;
  }
  return policy_cache.policies;
}

void CerbosHttpApi::CheckResources(const net::HttpRequest& request,
                                   net::HttpResponse& response) const {
  CheckResourcesParse parsed = ParseCheckResourcesRequest(request.body(), limits_);
  if (!parsed.ok()) return Reply(*parsed.error, response);
  const std::shared_ptr<const ServedPolicies>& served = CurrentPolicies();
  thread_local policy::CheckOutput output;
  policy::Engine::Check(*served->policies, parsed.request->input(), output);
  std::string call_id = NewUlid();
  RenderedResponse rendered = RenderCheckResourcesResponse(*parsed.request, output,
                                                           parsed.request->include_meta(), call_id);
  if (rendered.error) return Reply(*rendered.error, response);
  response.body = std::move(rendered.json);
  if (auditor_) {
    auditor_->Record(request, std::move(parsed.request), output, std::move(call_id),
                     served->sources.get(), served);
  }
}

void CerbosHttpApi::PolicyStatus(net::HttpResponse& response) const {
  std::shared_ptr<const ServedPolicies> served = policies_.load();
  std::lock_guard lock(status_mutex_);
  audit::JsonWriter json(response.body);
  json.BeginObject();
  json.Key("generation");
  json.Raw(std::to_string(status_.generation));
  json.Key("loadedAt");
  json.Time(status_.loaded_at);
  json.Key("policies");
  json.BeginObject();
  const policy::PolicySet& set = *served->policies;
  for (auto [kind, count] : {std::pair{"resource", set.resource_policy_count()},
                             std::pair{"principal", set.principal_policy_count()},
                             std::pair{"role", set.role_policy_count()}}) {
    json.Key(kind);
    json.Raw(std::to_string(count));
  }
  json.EndObject();
  json.Key("lastError");
  if (status_.errors.empty()) {
    json.Raw("null");
  } else {
    json.BeginObject();
    json.Key("failedAt");
    json.Time(status_.failed_at);
    json.Key("errors");
    json.BeginArray();
    for (const std::string& error : status_.errors) json.String(error);
    json.EndArray();
    json.EndObject();
  }
  json.EndObject();
}

std::string CerbosHttpApi::ServerErrorBody(int status, std::string_view reason) {
  // gRPC codes as grpc-gateway maps them: 3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 13 INTERNAL.
  int code = status == 413 || status == 431 ? 8 : status >= 500 ? 13 : 3;
  ApiError error{
      .http_status = status, .code = code, .message = std::string(reason), .details = {}};
  return error.ToJson();
}

}  // namespace portcullis::pdp
