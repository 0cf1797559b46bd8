#include "gateway/server/gateway_metrics.h"

#include "obs/histogram.h"

namespace portcullis::gateway::server {

GatewayMetrics GatewayMetrics::Register(obs::MetricsRegistry& registry) {
  return GatewayMetrics{
      .requests =
          registry.AddCounter("portcullis_requests_total",
                              "Requests answered, by hop and HTTP status.", {"hop", "status"}),
      .decisions =
          registry.AddCounter("portcullis_decisions_total",
                              "Policy decisions, by resource kind and effect.", {"kind", "effect"}),
      .upstream_seconds = registry.AddHistogram("portcullis_upstream_seconds",
                                                "Upstream latency, to the end of the answer.",
                                                {"upstream"}, obs::UpstreamSecondsBuckets()),
      .upstream_failures =
          registry.AddCounter("portcullis_upstream_failures_total",
                              "Upstream calls that gave no usable answer.", {"upstream"}),
      .llm_tokens = registry.AddCounter("portcullis_llm_tokens_total",
                                        "Tokens the LLM providers reported, by model.",
                                        {"model", "direction"}),
  };
}

}  // namespace portcullis::gateway::server
