#include "pdp/json_locator.h"

namespace portcullis::pdp {
namespace {

// A forward scanner over valid JSON.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  size_t pos() const { return pos_; }
  char Peek() {
    SkipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  void Expect(char c) {
    if (Peek() == c) ++pos_;
  }
  // The string token at pos (quotes included), and moves past it.
  std::string_view StringToken() {
    SkipSpace();
    size_t start = pos_++;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // The token starting the next value, without moving.
  std::string_view ValueToken() {
    char c = Peek();
    if (c == '"') {
      size_t start = pos_;
      std::string_view token = StringToken();
      pos_ = start;
      return token;
    }
    if (c == '{' || c == '[') return text_.substr(pos_, 1);
    size_t end = pos_;
    while (end < text_.size() &&
           std::string_view(",]} \t\r\n").find(text_[end]) == std::string_view::npos)
      ++end;
    return text_.substr(pos_, end - pos_);
  }
  void SkipValue() {
    char c = Peek();
    if (c == '"') {
      StringToken();
    } else if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      ++pos_;
      bool first = true;
      while (Peek() != close) {
        if (!first) Expect(',');
        first = false;
        if (c == '{') {
          StringToken();
          Expect(':');
        }
        SkipValue();
      }
      ++pos_;
    } else {
      pos_ += ValueToken().size();
    }
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() &&
           std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos)
      ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// Whether the JSON string token `token` (with quotes) decodes to `key`. Keys in requests are
// plain; escaped keys are compared after resolving the simple escapes only.
bool KeyEquals(std::string_view token, std::string_view key) {
  token = token.substr(1, token.size() - 2);
  if (token.find('\\') == std::string_view::npos) return token == key;
  std::string decoded;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '\\' && i + 1 < token.size()) ++i;
    decoded += token[i];
  }
  return decoded == key;
}

JsonTokenPlace PlaceOf(std::string_view text, size_t offset, std::string_view token) {
  JsonTokenPlace place;
  place.token = token;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++place.line;
      place.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++place.column;  // count runes: skip UTF-8 continuation bytes
    }
  }
  return place;
}

}  // namespace

std::optional<JsonTokenPlace> LocateJson(std::string_view text, const std::vector<JsonStep>& path,
                                         bool key_of_last) {
  Scanner scanner(text);
  for (size_t step = 0; step < path.size(); ++step) {
    bool found = false;
    if (const auto* key = std::get_if<std::string_view>(&path[step])) {
      if (scanner.Peek() != '{') return std::nullopt;
      scanner.Expect('{');
      while (scanner.Peek() == '"') {
        size_t key_offset = scanner.pos();
        std::string_view token = scanner.StringToken();
        scanner.Expect(':');
        if (KeyEquals(token, *key)) {
          if (key_of_last && step + 1 == path.size()) return PlaceOf(text, key_offset, token);
          found = true;
          break;
        }
        scanner.SkipValue();
        scanner.Expect(',');
      }
    } else {
      if (scanner.Peek() != '[') return std::nullopt;
      scanner.Expect('[');
      size_t index = std::get<size_t>(path[step]);
      for (size_t i = 0; i < index && scanner.Peek() != ']'; ++i) {
        scanner.SkipValue();
        scanner.Expect(',');
      }
      found = scanner.Peek() != ']';
    }
    if (!found) return std::nullopt;
  }
  scanner.Peek();
  size_t offset = scanner.pos();
  return PlaceOf(text, offset, scanner.ValueToken());
}

}  // namespace portcullis::pdp
