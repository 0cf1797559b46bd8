// Writing the Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): comment lines and samples.
//
//   # HELP <name> <help, with '\' and newline escaped>
//   # TYPE <name> counter|histogram
//   <name>{<label>="<value, with '\', '"' and newline escaped>",...} <value>
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace portcullis::obs {

// The Content-Type of a scrape's answer.
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Whether `name` is a valid metric name, `[a-zA-Z_:][a-zA-Z0-9_:]*`.
bool IsValidMetricName(std::string_view name);
// Whether `name` is a valid label name, `[a-zA-Z_][a-zA-Z0-9_]*`, not reserved (`__` prefix).
bool IsValidLabelName(std::string_view name);

// "# HELP name help\n# TYPE name type\n".
void AppendHeader(std::string_view name, std::string_view help, std::string_view type,
                  std::string& out);

// A float as the format writes it: "+Inf", "-Inf", "NaN", else the shortest decimal that reads
// back as the same double ("0.005", "1", "1e-07").
void AppendFloat(double value, std::string& out);

// "<name><suffix>{<label>="<value>",...[,le="<le>"]} <value>\n": label names and values pair
// up; `le`, when not empty, adds a histogram bucket's bound; no braces when there is no label.
// `value` is already formatted.
void AppendSample(std::string_view name, std::string_view suffix,
                  std::span<const std::string> label_names,
                  std::span<const std::string> label_values, std::string_view le,
                  std::string_view value, std::string& out);

}  // namespace portcullis::obs
