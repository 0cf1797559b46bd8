#include "obs/counter.h"

#include "obs/exposition.h"

namespace portcullis::obs {

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names, size_t max_series)
    : MetricFamily(std::move(name), std::move(help), std::move(label_names)), series_(max_series) {
  if (MetricFamily::label_names().empty()) Labels({});
}

Counter CounterFamily::Labels(std::span<const std::string_view> values) {
  CheckLabelCount(values);
  return Counter(series_.Find(values, size_t{1}));
}

void CounterFamily::Render(std::string& out) const {
  AppendHeader("counter", series_.max_series(), series_.refused(), out);
  for (const auto* entry : series_.Entries()) {
    AppendSample(name(), "", label_names(), entry->label_values, {},
                 std::to_string(entry->series.Load(0)), out);
  }
}

}  // namespace portcullis::obs
