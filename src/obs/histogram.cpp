#include "obs/histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "obs/exposition.h"

namespace portcullis::obs {
namespace {

std::vector<double> CheckedBounds(std::vector<double> bounds, const std::string& name) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      throw std::invalid_argument("the buckets of " + name +
                                  " must be finite and strictly increasing");
    }
  }
  return bounds;
}

std::string FormatFloat(double value) {
  std::string text;
  AppendFloat(value, text);
  return text;
}

// The `le` label value of each bucket, +Inf last.
std::vector<std::string> BucketLabels(const std::vector<double>& bounds) {
  std::vector<std::string> labels;
  for (double bound : bounds) labels.push_back(FormatFloat(bound));
  labels.push_back("+Inf");
  return labels;
}

}  // namespace

std::vector<double> UpstreamSecondsBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
}

void Histogram::Observe(double value) const {
  if (series_ == nullptr || std::isnan(value)) return;
  size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  series_->Add(bucket, 1);
  series_->AddDouble(bounds_.size() + 1, value);
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> upper_bounds, size_t max_series)
    : MetricFamily(name, std::move(help), std::move(label_names), "le"),
      bounds_(CheckedBounds(std::move(upper_bounds), name)),
      bucket_labels_(BucketLabels(bounds_)),
      series_(max_series) {}

Histogram HistogramFamily::Labels(std::span<const std::string_view> values) {
  CheckLabelCount(values);
  // The buckets, +Inf and the sum.
  return Histogram(series_.Find(values, bounds_.size() + 2), bounds_);
}

void HistogramFamily::Render(std::string& out) const {
  AppendHeader("histogram", series_.max_series(), series_.refused(), out);
  for (const auto* entry : series_.Entries()) {
    const ShardedCounters& series = entry->series;
    uint64_t cumulative = 0;
    for (size_t i = 0; i < bucket_labels_.size(); ++i) {
      cumulative += series.Load(i);
      AppendSample(name(), "_bucket", label_names(), entry->label_values, bucket_labels_[i],
                   std::to_string(cumulative), out);
    }
    AppendSample(name(), "_sum", label_names(), entry->label_values, {},
                 FormatFloat(series.LoadDouble(bounds_.size() + 1)), out);
    AppendSample(name(), "_count", label_names(), entry->label_values, {},
                 std::to_string(cumulative), out);
  }
}

}  // namespace portcullis::obs
