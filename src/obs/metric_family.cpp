#include "obs/metric_family.h"

#include <algorithm>
#include <stdexcept>

#include "obs/exposition.h"

namespace portcullis::obs {

MetricFamily::MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
                           std::string_view reserved_label)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {
  if (!IsValidMetricName(name_)) throw std::invalid_argument("invalid metric name: " + name_);
  for (size_t i = 0; i < label_names_.size(); ++i) {
    const std::string& label = label_names_[i];
    if (!IsValidLabelName(label) || label == reserved_label ||
        std::find(label_names_.begin(), label_names_.begin() + i, label) !=
            label_names_.begin() + i) {
      throw std::invalid_argument("invalid or repeated label name of " + name_ + ": " + label);
    }
  }
}

void MetricFamily::CheckLabelCount(std::span<const std::string_view> values) const {
  if (values.size() != label_names_.size()) {
    throw std::invalid_argument(name_ + " takes " + std::to_string(label_names_.size()) +
                                " label values, not " + std::to_string(values.size()));
  }
}

void MetricFamily::AppendHeader(std::string_view type, size_t max_series, uint64_t refused,
                                std::string& out) const {
  obs::AppendHeader(name_, help_, type, out);
  if (refused > 0) {
    out += "# " + std::to_string(refused) +
           " lookups of new label sets were refused (limit: " + std::to_string(max_series) +
           " series); their updates are not recorded\n";
  }
}

}  // namespace portcullis::obs
