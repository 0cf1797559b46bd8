// Histograms with fixed buckets, one series per label set: counts of observations at most each
// upper bound (`le`), their sum and their count, rendered as Prometheus histograms
// (`_bucket{le="..."}` cumulative up to `le="+Inf"`, `_sum`, `_count`).
//
//   HistogramFamily& upstream = registry.AddHistogram(
//       "portcullis_upstream_seconds", "Upstream latency.", {"upstream"},
//       UpstreamSecondsBuckets());
//   upstream.Labels({"payments"}).Observe(0.042);
//
// A Histogram is a handle to one series, valid as long as its family. Observe finds the bucket
// (a binary search over the bounds) and makes two relaxed atomic updates on the calling
// thread's shard: no lock. A scrape reads every bucket, so `_count` always equals the `+Inf`
// bucket; an observation racing with the scrape may be counted while its sum is not yet added.
//
// Thread-safety: Labels, Observe and Render may be called concurrently from any threads.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "obs/metric_family.h"
#include "obs/series_table.h"
#include "obs/shards.h"

namespace portcullis::obs {

// Bounds for upstream latencies in seconds, from a local tool call (5 ms) to a long LLM
// completion (2 min): 0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10 30 60 120.
std::vector<double> UpstreamSecondsBuckets();

class Histogram {
 public:
  // A handle that records nothing (a label set refused for lack of room).
  Histogram() = default;

  // Counts `value` in the first bucket whose bound is >= value (else +Inf). NaN is ignored.
  void Observe(double value) const;

 private:
  friend class HistogramFamily;
  Histogram(ShardedCounters* series, std::span<const double> bounds)
      : series_(series), bounds_(bounds) {}

  // Counters 0..bounds.size(): the buckets (the last is +Inf), not cumulative; then the sum.
  ShardedCounters* series_ = nullptr;
  std::span<const double> bounds_;
};

class HistogramFamily final : public MetricFamily {
 public:
  // `upper_bounds`: finite and strictly increasing (else std::invalid_argument); +Inf is
  // implied. `le` may not be a label name.
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> upper_bounds, size_t max_series);

  Histogram Labels(std::span<const std::string_view> values);
  Histogram Labels(std::initializer_list<std::string_view> values) {
    return Labels(std::span(values.begin(), values.size()));
  }

  void Render(std::string& out) const override;

 private:
  const std::vector<double> bounds_;
  const std::vector<std::string> bucket_labels_;  // `le` of each bucket, "+Inf" last
  SeriesTable<ShardedCounters> series_;
};

}  // namespace portcullis::obs
