#include "gateway/mcp/uri_template.h"

#include <optional>
#include <string>
#include <vector>

namespace portcullis::gateway::mcp {
namespace {

// A literal part, or an expression (its operator; '\0' for a simple expansion).
struct Part {
  bool expression;
  char op;
  std::string_view literal;
};

bool IsControl(char c) {
  unsigned char byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}

std::optional<std::vector<Part>> Parse(std::string_view text) {
  if (text.size() > kMaxUriTemplateBytes) return std::nullopt;
  std::vector<Part> parts;
  size_t at = 0;
  while (at < text.size()) {
    if (text[at] == '{') {
      size_t close = text.find('}', at);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view body = text.substr(at + 1, close - at - 1);
      if (body.empty() || body.find('{') != std::string_view::npos) return std::nullopt;
      char op = '\0';
      if (std::string_view("+#./;?&").find(body.front()) != std::string_view::npos) {
        op = body.front();
        body.remove_prefix(1);
      }
      // Variable names: ALPHA / DIGIT / "_" / pct-encoded / ".", lists with ",", modifiers.
      for (char c : body) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '%' || c == '.' || c == ',' || c == '*' || c == ':';
        if (!ok) return std::nullopt;
      }
      if (body.empty()) return std::nullopt;
      parts.push_back({true, op, {}});
      at = close + 1;
      continue;
    }
    size_t end = text.find_first_of("{}", at);
    if (end == std::string_view::npos) end = text.size();
    if (end < text.size() && text[end] == '}') return std::nullopt;
    std::string_view literal = text.substr(at, end - at);
    for (char c : literal) {
      if (IsControl(c)) return std::nullopt;
    }
    parts.push_back({false, '\0', literal});
    at = end;
  }
  return parts;
}

// The characters an expansion with operator `op` never produces unencoded.
std::string_view Excluded(char op) {
  switch (op) {
    case '+':
    case '#':
      return "";
    case '/':
      return "?#";
    case '?':
    case '&':
      return "/#";
    default:
      return "/?#";
  }
}

}  // namespace

bool IsUriTemplate(std::string_view uri_template) {
  return Parse(uri_template).has_value();
}

bool UriTemplateMatches(std::string_view uri_template, std::string_view uri) {
  std::optional<std::vector<Part>> parts = Parse(uri_template);
  if (!parts) return false;
  // reach[i]: the parts so far can produce exactly uri[0, i).
  std::vector<char> reach(uri.size() + 1, 0);
  reach[0] = 1;
  for (const Part& part : *parts) {
    std::vector<char> next(uri.size() + 1, 0);
    if (part.expression) {
      std::string_view excluded = Excluded(part.op);
      bool running = false;
      for (size_t i = 0; i <= uri.size(); ++i) {
        running = reach[i] || (running && excluded.find(uri[i - 1]) == std::string_view::npos);
        next[i] = running;
      }
    } else {
      for (size_t i = 0; i + part.literal.size() <= uri.size(); ++i) {
        if (reach[i] && uri.compare(i, part.literal.size(), part.literal) == 0) {
          next[i + part.literal.size()] = 1;
        }
      }
    }
    reach = std::move(next);
  }
  return reach[uri.size()] != 0;
}

}  // namespace portcullis::gateway::mcp
