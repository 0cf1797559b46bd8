// Locating errors in source text and rendering them as cel-go does.
#include <algorithm>

#include "cel/parser.h"

namespace portcullis::cel {
namespace {

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The text of the 1-based `line`, without its line break; empty when there is no such line.
std::string_view LineText(std::string_view source, int line) {
  size_t start = 0;
  for (int current = 1; current < line; ++current) {
    const size_t newline = source.find('\n', start);
    if (newline == std::string_view::npos) return {};
    start = newline + 1;
  }
  std::string_view text = source.substr(start, source.find('\n', start) - start);
  if (text.ends_with('\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

SourceError LocateError(std::string_view source, int32_t offset, std::string message) {
  const size_t end = std::clamp<size_t>(offset < 0 ? 0 : offset, 0, source.size());
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < end; ++i) {
    if (source[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  int column = 1;
  for (size_t i = line_start; i < end; ++i) {
    if (!IsContinuationByte(source[i])) ++column;
  }
  return SourceError{line, column, static_cast<int32_t>(end), std::move(message)};
}

std::string FormatErrors(std::string_view source, const std::vector<SourceError>& errors) {
  std::string out;
  for (const SourceError& error : errors) {
    const SourceError located =
        error.line > 0 ? error : LocateError(source, error.offset, error.message);
    if (!out.empty()) out += '\n';
    out += "ERROR: <input>:" + std::to_string(located.line) + ":" + std::to_string(located.column) +
           ": " + error.message;
    out += "\n | ";
    for (char c : LineText(source, located.line)) out += c == '\t' ? ' ' : c;
    out += "\n | ";
    out.append(static_cast<size_t>(std::max(located.column - 1, 0)), '.');
    out += '^';
  }
  return out;
}

}  // namespace portcullis::cel
