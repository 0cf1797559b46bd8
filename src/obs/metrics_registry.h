// The metrics of a process, rendered on scrape in the Prometheus text exposition format 0.0.4
// (serve the Render output with kExpositionContentType at /metrics).
//
//   MetricsRegistry registry;
//   CounterFamily& decisions = registry.AddCounter(
//       "portcullis_decisions_total", "Policy decisions.", {"kind", "effect"});
//   decisions.Labels({"mcp_tool", "EFFECT_ALLOW"}).Increment();
//   std::string body = registry.Render();
//
// Families are rendered in the order they were added, series ordered by label values. Each
// family keeps at most `max_series` label sets (series_table.h): labels should take values
// from a bounded set (hop kinds, status codes, configured upstream names), never from requests.
//
// Thread-safety: every member may be called concurrently from any threads. A family lives as
// long as the registry; Add* throws std::invalid_argument for a name already added or invalid.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "obs/counter.h"
#include "obs/exposition.h"
#include "obs/histogram.h"
#include "obs/metric_family.h"

namespace portcullis::obs {

class MetricsRegistry {
 public:
  static constexpr size_t kDefaultMaxSeries = 1000;

  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  CounterFamily& AddCounter(std::string name, std::string help,
                            std::vector<std::string> label_names = {},
                            size_t max_series = kDefaultMaxSeries);
  HistogramFamily& AddHistogram(std::string name, std::string help,
                                std::vector<std::string> label_names,
                                std::vector<double> upper_bounds,
                                size_t max_series = kDefaultMaxSeries);

  // Appends every family to `out`.
  void Render(std::string& out) const;
  std::string Render() const {
    std::string out;
    Render(out);
    return out;
  }

 private:
  template <typename Family>
  Family& Add(std::unique_ptr<Family> family);

  mutable std::mutex mutex_;  // guards families_ (never taken by updates)
  std::vector<std::unique_ptr<MetricFamily>> families_;
};

}  // namespace portcullis::obs
