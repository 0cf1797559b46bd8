// Cerbos's HTTP API (the routes of Cerbos 0.55.0 that Portcullis serves) over the policy engine,
// as a handler for net::HttpServer, and the state of the policies it serves:
//
//   POST /api/check/resources   CheckResources: the request and response JSON of cerbos_json.h
//   GET  /_cerbos/health        {"status":"SERVING"} (optional `?service=`, as Cerbos)
//   GET  /_portcullis/policies  the snapshot being served and the last failed reload:
//       {"generation":2,"loadedAt":"2024-05-01T10:00:00.5Z",
//        "policies":{"resource":12,"principal":1,"role":2},
//        "lastError":null | {"failedAt":"...","errors":["doc.yaml:3:5: ...", ...]}}
//     `generation` counts the snapshots served (1: the one loaded at startup); `lastError` is the
//     reload that failed after the snapshot being served was loaded (null when none did).
//
// Status codes, content types and error bodies are Cerbos's: an invalid request → 400
// `{"code":3,"message":...}`; a known path with another method → 501 `{"code":12, "message":
// "Method Not Allowed"}`; an unknown path → 404 `404 page not found` (text/plain).
//
// With a decision log (EnableDecisionLog), every answered CheckResources call is logged with the
// cerbosCallId of its answer (check_resources_audit.h), off the request path.
//
// Thread-safety: Handle may be called concurrently from any number of threads, also while
// SetPolicies swaps the snapshot; requests being checked keep the snapshot they started with.
// Each serving thread keeps a reference to the last snapshot it used until its next request
// after a swap. SetPolicies and ReportReloadFailure may be called from any thread;
// EnableDecisionLog only before serving. The api must outlive the server that calls it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "audit/decision_log.h"
#include "net/http_router.h"
#include "net/http_server.h"
#include "pdp/cerbos_json.h"
#include "pdp/check_resources_audit.h"
#include "policy/policy_errors.h"
#include "policy/policy_set.h"
#include "policy/policy_watcher.h"

namespace portcullis::pdp {

// A snapshot being served: the policies and where they came from.
struct ServedPolicies {
  std::shared_ptr<const policy::PolicySet> policies;     // not null
  std::shared_ptr<const policy::PolicySources> sources;  // may be null (no audit trail)
};

class CerbosHttpApi {
 public:
  // REQUIRES: policies is not null.
  explicit CerbosHttpApi(std::shared_ptr<const policy::PolicySet> policies,
                         RequestLimits limits = {},
                         std::shared_ptr<const policy::PolicySources> sources = nullptr);
  CerbosHttpApi(const CerbosHttpApi&) = delete;
  CerbosHttpApi& operator=(const CerbosHttpApi&) = delete;

  void Handle(const net::HttpRequest& request, net::HttpResponse& response) const {
    router_.Handle(request, response);
  }

  // Serves `policies` from now on (hot reload); clears the last reload error. Returns the new
  // generation. REQUIRES: policies is not null.
  uint64_t SetPolicies(std::shared_ptr<const policy::PolicySet> policies,
                       std::shared_ptr<const policy::PolicySources> sources = nullptr);
  // Records a reload that failed (the current snapshot stays), for /_portcullis/policies.
  void ReportReloadFailure(const std::vector<policy::PolicyError>& errors);

  // Logs every answered CheckResources call to `log`, which must outlive the api.
  void EnableDecisionLog(audit::DecisionLog& log, CheckAuditOptions options);

  // The body of the errors the HTTP server answers itself (malformed request, oversized body or
  // headers) in Cerbos's error shape, for HttpServerOptions::error_body.
  static std::string ServerErrorBody(int status, std::string_view reason);

 private:
  struct Status {
    uint64_t generation = 0;
    std::chrono::system_clock::time_point loaded_at;
    std::chrono::system_clock::time_point failed_at;
    std::vector<std::string> errors;  // of the last failed reload; empty: none since loaded_at
  };

  void CheckResources(const net::HttpRequest& request, net::HttpResponse& response) const;
  void PolicyStatus(net::HttpResponse& response) const;
  // The current snapshot, cached per thread so that the request path reads one atomic counter
  // instead of contending on the shared_ptr's reference count.
  const std::shared_ptr<const ServedPolicies>& CurrentPolicies() const;

  RequestLimits limits_;
  net::HttpRouter router_;
  std::atomic<std::shared_ptr<const ServedPolicies>> policies_;
  // Changes on every SetPolicies; unique across instances (see CurrentPolicies).
  std::atomic<uint64_t> cache_key_;
  std::unique_ptr<const CheckResourcesAuditor> auditor_;

  mutable std::mutex status_mutex_;  // never taken on the check path
  Status status_;
};

}  // namespace portcullis::pdp
