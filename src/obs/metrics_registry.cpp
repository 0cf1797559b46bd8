#include "obs/metrics_registry.h"

#include <stdexcept>

namespace portcullis::obs {

template <typename Family>
Family& MetricsRegistry::Add(std::unique_ptr<Family> family) {
  std::lock_guard lock(mutex_);
  for (const auto& existing : families_) {
    if (existing->name() == family->name()) {
      throw std::invalid_argument("metric " + family->name() + " is already registered");
    }
  }
  Family& added = *family;
  families_.push_back(std::move(family));
  return added;
}

CounterFamily& MetricsRegistry::AddCounter(std::string name, std::string help,
                                           std::vector<std::string> label_names,
                                           size_t max_series) {
  return Add(std::make_unique<CounterFamily>(std::move(name), std::move(help),
                                             std::move(label_names), max_series));
}

HistogramFamily& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                               std::vector<std::string> label_names,
                                               std::vector<double> upper_bounds,
                                               size_t max_series) {
  return Add(std::make_unique<HistogramFamily>(std::move(name), std::move(help),
                                               std::move(label_names), std::move(upper_bounds),
                                               max_series));
}

void MetricsRegistry::Render(std::string& out) const {
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) family->Render(out);
}

}  // namespace portcullis::obs
