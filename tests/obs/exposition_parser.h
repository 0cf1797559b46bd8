// A reader of the Prometheus text exposition format 0.0.4, written from the format's
// description for the tests: it parses what the registry renders back into HELP, TYPE and
// samples (label values unescaped), and reports every line that breaks the format's rules
// (malformed lines, unknown escapes, a TYPE after its samples or repeated, a sample of an
// undeclared family) as a test failure.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portcullis::obs::testing {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string value;
};

struct Exposition {
  std::map<std::string, std::string> help;  // unescaped
  std::map<std::string, std::string> type;
  std::vector<Sample> samples;
  std::vector<std::string> comments;  // other `#` lines

  // The value of the one sample with this name and these labels; nullopt when none.
  std::optional<std::string> Value(std::string_view name,
                                   const std::map<std::string, std::string>& labels = {}) const {
    for (const Sample& sample : samples) {
      if (sample.name == name && sample.labels == labels) return sample.value;
    }
    return std::nullopt;
  }
};

namespace internal {

inline bool IsNameChar(char c, bool first) {
  bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return letter || (!first && c >= '0' && c <= '9');
}

// Reads a metric or label name at the start of `text`; empty when there is none.
inline std::string ReadName(std::string_view& text) {
  size_t n = 0;
  while (n < text.size() && IsNameChar(text[n], n == 0)) ++n;
  std::string name(text.substr(0, n));
  text.remove_prefix(n);
  return name;
}

// The family a sample belongs to: histogram samples carry a suffix.
inline std::string FamilyOf(const std::string& sample, const Exposition& exposition) {
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (sample.ends_with(suffix)) {
      std::string base = sample.substr(0, sample.size() - suffix.size());
      auto type = exposition.type.find(base);
      if (type != exposition.type.end() && type->second == "histogram") return base;
    }
  }
  return sample;
}

// `"value"` with \\, \" and \n escapes; false when malformed.
inline bool ReadQuoted(std::string_view& text, std::string& value) {
  if (text.empty() || text[0] != '"') return false;
  size_t i = 1;
  for (; i < text.size() && text[i] != '"'; ++i) {
    if (text[i] == '\n') return false;
    if (text[i] != '\\') {
      value += text[i];
      continue;
    }
    if (++i == text.size()) return false;
    switch (text[i]) {
      case '\\':
        value += '\\';
        break;
      case '"':
        value += '"';
        break;
      case 'n':
        value += '\n';
        break;
      default:
        return false;
    }
  }
  if (i == text.size()) return false;
  text.remove_prefix(i + 1);
  return true;
}

inline std::string UnescapeHelp(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '\\' || text[i + 1] == 'n')) {
      out += text[++i] == 'n' ? '\n' : '\\';
    } else {
      out += text[i];
    }
  }
  return out;
}

inline void ParseSample(std::string_view line, Exposition& out) {
  Sample sample;
  std::string_view rest = line;
  sample.name = ReadName(rest);
  if (sample.name.empty()) return ADD_FAILURE() << "no metric name: " << line;
  if (!rest.empty() && rest[0] == '{') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest[0] != '}') {
      std::string label = ReadName(rest);
      std::string value;
      if (label.empty() || rest.empty() || rest[0] != '=') {
        return ADD_FAILURE() << "bad label: " << line;
      }
      rest.remove_prefix(1);
      if (!ReadQuoted(rest, value)) return ADD_FAILURE() << "bad label value: " << line;
      if (!sample.labels.emplace(label, value).second) {
        return ADD_FAILURE() << "repeated label: " << line;
      }
      if (!rest.empty() && rest[0] == ',') rest.remove_prefix(1);
    }
    if (rest.empty()) return ADD_FAILURE() << "unterminated labels: " << line;
    rest.remove_prefix(1);
  }
  if (rest.size() < 2 || rest[0] != ' ' || rest.find(' ', 1) != std::string_view::npos) {
    return ADD_FAILURE() << "expected one value after the labels: " << line;
  }
  sample.value = rest.substr(1);
  if (!out.type.contains(FamilyOf(sample.name, out))) {
    ADD_FAILURE() << "sample before (or without) its TYPE line: " << line;
  }
  out.samples.push_back(std::move(sample));
}

inline void ParseComment(std::string_view line, Exposition& out) {
  for (std::string_view keyword : {"# HELP ", "# TYPE "}) {
    if (!line.starts_with(keyword)) continue;
    std::string_view rest = line.substr(keyword.size());
    std::string name = ReadName(rest);
    if (name.empty() || rest.empty() || rest[0] != ' ') {
      return ADD_FAILURE() << "malformed: " << line;
    }
    rest.remove_prefix(1);
    if (keyword == "# HELP ") {
      if (!out.help.emplace(name, UnescapeHelp(rest)).second) ADD_FAILURE() << "repeated HELP";
      return;
    }
    for (const Sample& sample : out.samples) {
      if (FamilyOf(sample.name, out) == name) ADD_FAILURE() << "TYPE after samples: " << line;
    }
    if (rest != "counter" && rest != "gauge" && rest != "histogram" && rest != "summary" &&
        rest != "untyped") {
      ADD_FAILURE() << "unknown type: " << line;
    }
    if (!out.type.emplace(name, rest).second) ADD_FAILURE() << "repeated TYPE: " << line;
    return;
  }
  out.comments.emplace_back(line);
}

}  // namespace internal

inline Exposition ParseExposition(std::string_view text) {
  Exposition out;
  if (!text.empty() && !text.ends_with('\n')) ADD_FAILURE() << "the last line has no newline";
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      internal::ParseComment(line, out);
    } else {
      internal::ParseSample(line, out);
    }
  }
  return out;
}

}  // namespace portcullis::obs::testing
