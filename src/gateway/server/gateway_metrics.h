// The gateway's Prometheus metrics, registered once per process and served at /metrics:
//
//   portcullis_requests_total{hop, status}          requests answered (hop: mcp, llm, metadata,
//                                                   health, metrics, other; status: HTTP status)
//   portcullis_decisions_total{kind, effect}        decisions (kind: the resource kind decided;
//                                                   effect: EFFECT_ALLOW, EFFECT_DENY, FAIL_CLOSED)
//   portcullis_upstream_seconds{upstream}           upstream latency to the end of the answer
//                                                   (upstream: a configured server or provider)
//   portcullis_upstream_failures_total{upstream}    upstream calls without a usable answer
//   portcullis_llm_tokens_total{model, direction}   tokens the providers reported (input, output)
//
// Labels take values from bounded sets only (configured names, kinds, statuses), never from a
// request as sent.
//
// Thread-safety: the families may be used concurrently from any threads.
#pragma once

#include "obs/metrics_registry.h"

namespace portcullis::gateway::server {

struct GatewayMetrics {
  obs::CounterFamily& requests;
  obs::CounterFamily& decisions;
  obs::HistogramFamily& upstream_seconds;
  obs::CounterFamily& upstream_failures;
  obs::CounterFamily& llm_tokens;

  // Adds the families to `registry`, which must outlive the returned handles.
  static GatewayMetrics Register(obs::MetricsRegistry& registry);
};

}  // namespace portcullis::gateway::server
