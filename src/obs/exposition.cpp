#include "obs/exposition.h"

#include <charconv>
#include <cmath>

namespace portcullis::obs {
namespace {

bool IsLetterOrUnderscore(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// `\` → `\\` and newline → `\n` everywhere; `"` → `\"` in label values only.
void AppendEscaped(std::string_view text, bool escape_quote, std::string& out) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void AppendLabel(std::string_view name, std::string_view value, bool& first, std::string& out) {
  out += first ? '{' : ',';
  first = false;
  out += name;
  out += "=\"";
  AppendEscaped(value, true, out);
  out += '"';
}

}  // namespace

bool IsValidMetricName(std::string_view name) {
  if (name.empty() || !(IsLetterOrUnderscore(name[0]) || name[0] == ':')) return false;
  for (char c : name) {
    if (!IsLetterOrUnderscore(c) && !IsDigit(c) && c != ':') return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty() || !IsLetterOrUnderscore(name[0]) || name.starts_with("__")) return false;
  for (char c : name) {
    if (!IsLetterOrUnderscore(c) && !IsDigit(c)) return false;
  }
  return true;
}

void AppendHeader(std::string_view name, std::string_view help, std::string_view type,
                  std::string& out) {
  out += "# HELP ";
  out += name;
  out += ' ';
  AppendEscaped(help, false, out);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void AppendFloat(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
  }
}

void AppendSample(std::string_view name, std::string_view suffix,
                  std::span<const std::string> label_names,
                  std::span<const std::string> label_values, std::string_view le,
                  std::string_view value, std::string& out) {
  out += name;
  out += suffix;
  bool first = true;
  for (size_t i = 0; i < label_names.size(); ++i) {
    AppendLabel(label_names[i], label_values[i], first, out);
  }
  if (!le.empty()) AppendLabel("le", le, first, out);
  if (!first) out += '}';
  out += ' ';
  out += value;
  out += '\n';
}

}  // namespace portcullis::obs
