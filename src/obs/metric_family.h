// What every metric family (a metric name with its series, one per label set) shares: its name,
// help text and label names, validated on construction, and rendering into a scrape.
//
// Thread-safety: immutable apart from the derived classes' series (see theirs); Render may be
// called concurrently with updates.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portcullis::obs {

class MetricFamily {
 public:
  virtual ~MetricFamily() = default;
  MetricFamily(const MetricFamily&) = delete;
  MetricFamily& operator=(const MetricFamily&) = delete;

  const std::string& name() const { return name_; }

  // Appends the family to a scrape: its HELP and TYPE lines, then every series.
  virtual void Render(std::string& out) const = 0;

 protected:
  // Throws std::invalid_argument when a name is invalid or repeated, or `reserved_label` (not
  // empty) is one of the label names.
  MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
               std::string_view reserved_label = {});

  // Throws std::invalid_argument unless there is one value per label name.
  void CheckLabelCount(std::span<const std::string_view> values) const;

  // The HELP and TYPE lines, and when label sets were refused for lack of room (series_table.h),
  // a comment saying how many times.
  void AppendHeader(std::string_view type, size_t max_series, uint64_t refused,
                    std::string& out) const;

  std::span<const std::string> label_names() const { return label_names_; }

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
};

}  // namespace portcullis::obs
