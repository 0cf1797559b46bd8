// Cerbos's HTTP API (the routes of Cerbos 0.55.0 that Portcullis serves) over the policy engine,
// as a handler for net::HttpServer:
//
//   POST /api/check/resources   CheckResources: the request and response JSON of cerbos_json.h
//   GET  /_cerbos/health        {"status":"SERVING"} (optional `?service=`, as Cerbos)
//
// Status codes, content types and error bodies are Cerbos's: an invalid request → 400
// `{"code":3,"message":...}`; a known path with another method → 501 `{"code":12, "message":
// "Method Not Allowed"}`; an unknown path → 404 `404 page not found` (text/plain).
//
// Thread-safety: Handle may be called concurrently from any number of threads, also while
// SetPolicies swaps the snapshot; requests being checked keep the snapshot they started with.
// Each serving thread keeps a reference to the last snapshot it used until its next request
// after a swap. The api must outlive the server that calls it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "net/http_router.h"
#include "net/http_server.h"
#include "pdp/cerbos_json.h"
#include "policy/policy_set.h"

namespace portcullis::pdp {

class CerbosHttpApi {
 public:
  // REQUIRES: policies is not null.
  explicit CerbosHttpApi(std::shared_ptr<const policy::PolicySet> policies,
                         RequestLimits limits = {});
  CerbosHttpApi(const CerbosHttpApi&) = delete;
  CerbosHttpApi& operator=(const CerbosHttpApi&) = delete;

  void Handle(const net::HttpRequest& request, net::HttpResponse& response) const {
    router_.Handle(request, response);
  }

  // Serves `policies` from now on (hot reload). REQUIRES: not null.
  void SetPolicies(std::shared_ptr<const policy::PolicySet> policies);

  // The body of the errors the HTTP server answers itself (malformed request, oversized body or
  // headers) in Cerbos's error shape, for HttpServerOptions::error_body.
  static std::string ServerErrorBody(int status, std::string_view reason);

 private:
  void CheckResources(const net::HttpRequest& request, net::HttpResponse& response) const;
  // The current snapshot, cached per thread so that the request path reads one atomic counter
  // instead of contending on the shared_ptr's reference count.
  const policy::PolicySet& CurrentPolicies() const;

  RequestLimits limits_;
  net::HttpRouter router_;
  std::atomic<std::shared_ptr<const policy::PolicySet>> policies_;
  // Changes on every SetPolicies; unique across instances (see CurrentPolicies).
  std::atomic<uint64_t> generation_;
};

}  // namespace portcullis::pdp
