// Counters: monotonically increasing integers, one series per label set.
//
//   CounterFamily& requests = registry.AddCounter("portcullis_requests_total",
//                                                 "Requests answered.", {"hop", "status"});
//   requests.Labels({"mcp", "200"}).Increment();
//
// A Counter is a handle to one series: cheap to copy, valid as long as its family; keep it to
// skip the label lookup. Increment is a relaxed atomic add on the calling thread's shard
// (shards.h): no lock. Labels finds an existing series without a lock (series_table.h).
//
// Thread-safety: Labels, Increment and Render may be called concurrently from any threads.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "obs/metric_family.h"
#include "obs/series_table.h"
#include "obs/shards.h"

namespace portcullis::obs {

class Counter {
 public:
  // A handle that records nothing (a label set refused for lack of room).
  Counter() = default;

  void Increment(uint64_t n = 1) const {
    if (series_ != nullptr) series_->Add(0, n);
  }

 private:
  friend class CounterFamily;
  explicit Counter(ShardedCounters* series) : series_(series) {}

  ShardedCounters* series_ = nullptr;
};

class CounterFamily final : public MetricFamily {
 public:
  // See MetricFamily; a family without labels has its one series from the start (rendered 0).
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names,
                size_t max_series);

  // The series of `values`, one per label name in order (else std::invalid_argument).
  Counter Labels(std::span<const std::string_view> values);
  Counter Labels(std::initializer_list<std::string_view> values) {
    return Labels(std::span(values.begin(), values.size()));
  }

  void Render(std::string& out) const override;

 private:
  SeriesTable<ShardedCounters> series_;
};

}  // namespace portcullis::obs
