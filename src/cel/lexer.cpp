#include "cel/lexer.h"

#include <utility>

#include "cel/utf8.h"

namespace portcullis::cel {
namespace {

using detail::AppendUtf8;
using detail::Utf8SequenceLength;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentPart(char c) {
  return IsIdentStart(c) || IsDigit(c);
}
// Characters allowed between backticks (cel-go's ESC_IDENTIFIER).
bool IsQuotedIdentPart(char c) {
  return IsIdentPart(c) || c == '.' || c == '-' || c == '/' || c == ' ';
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

bool IsSurrogate(uint32_t cp) {
  return cp >= 0xD800 && cp <= 0xDFFF;
}

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}

  LexResult Run() {
    for (SkipSpaceAndComments(); pos_ < src_.size(); SkipSpaceAndComments()) {
      const char c = src_[pos_];
      if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) {
        LexNumber();
      } else if (IsIdentStart(c)) {
        LexWord();
      } else if (c == '"' || c == '\'') {
        LexQuoted(pos_, /*raw=*/false, /*bytes=*/false);
      } else if (c == '`') {
        LexQuotedIdent();
      } else {
        LexPunctuation();
      }
    }
    Emit(TokenKind::kEnd, src_.size());
    return std::move(result_);
  }

 private:
  char Peek(size_t ahead) const { return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0'; }

  void Emit(TokenKind kind, size_t start, std::string value = {}) {
    result_.tokens.push_back(Token{kind, static_cast<int32_t>(start),
                                   src_.substr(start, pos_ - start), std::move(value)});
  }

  void Error(size_t offset, std::string message) {
    result_.errors.push_back(SourceError{0, 0, static_cast<int32_t>(offset), std::move(message)});
  }

  void SkipSpaceAndComments() {
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++pos_;
      } else if (c == '/' && Peek(1) == '/') {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      } else {
        return;
      }
    }
  }

  void LexNumber() {
    const size_t start = pos_;
    if (src_[pos_] == '0' && Peek(1) == 'x' && IsHexDigit(Peek(2))) {
      pos_ += 2;
      while (IsHexDigit(Peek(0))) ++pos_;
      return EmitIntegerWithSuffix(start);
    }
    bool is_double = false;
    while (IsDigit(Peek(0))) ++pos_;
    if (Peek(0) == '.' && IsDigit(Peek(1))) {
      is_double = true;
      ++pos_;
      while (IsDigit(Peek(0))) ++pos_;
    }
    if (Peek(0) == 'e' || Peek(0) == 'E') {
      const size_t sign = (Peek(1) == '+' || Peek(1) == '-') ? 1 : 0;
      if (IsDigit(Peek(1 + sign))) {
        is_double = true;
        pos_ += 1 + sign;
        while (IsDigit(Peek(0))) ++pos_;
      }
    }
    if (is_double) return Emit(TokenKind::kDouble, start);
    EmitIntegerWithSuffix(start);
  }

  void EmitIntegerWithSuffix(size_t start) {
    if (Peek(0) == 'u' || Peek(0) == 'U') {
      ++pos_;
      return Emit(TokenKind::kUint, start);
    }
    Emit(TokenKind::kInt, start);
  }

  // Identifiers, keywords, and the r/b/br prefixes of string literals.
  void LexWord() {
    const size_t start = pos_;
    while (IsIdentPart(Peek(0))) ++pos_;
    const std::string_view word = src_.substr(start, pos_ - start);
    if (Peek(0) == '"' || Peek(0) == '\'') {
      const bool raw = word == "r" || word == "R";
      const bool bytes = word == "b" || word == "B";
      const bool raw_bytes = word.size() == 2 && (word[0] == 'b' || word[0] == 'B') &&
                             (word[1] == 'r' || word[1] == 'R');
      if (raw || bytes || raw_bytes) return LexQuoted(start, raw || raw_bytes, bytes || raw_bytes);
    }
    TokenKind kind = TokenKind::kIdent;
    if (word == "true")
      kind = TokenKind::kTrue;
    else if (word == "false")
      kind = TokenKind::kFalse;
    else if (word == "null")
      kind = TokenKind::kNull;
    else if (word == "in")
      kind = TokenKind::kIn;
    Emit(kind, start);
  }

  // A string or bytes literal whose opening quote is at pos_; `start` includes the prefix.
  void LexQuoted(size_t start, bool raw, bool bytes) {
    const char quote = src_[pos_];
    const bool triple = Peek(1) == quote && Peek(2) == quote;
    pos_ += triple ? 3 : 1;
    std::string value;
    while (true) {
      if (pos_ >= src_.size()) {
        Error(start, "Syntax error: unterminated string literal");
        return;
      }
      const char c = src_[pos_];
      if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote))) {
        pos_ += triple ? 3 : 1;
        return Emit(bytes ? TokenKind::kBytes : TokenKind::kString, start, std::move(value));
      }
      if (!triple && (c == '\n' || c == '\r')) {
        Error(start, "Syntax error: unterminated string literal (a newline needs ''' or \"\"\")");
        return;
      }
      if (c == '\\' && !raw) {
        LexEscape(value, bytes);
      } else if (static_cast<unsigned char>(c) < 0x80) {
        value += c;
        ++pos_;
      } else if (const size_t len = Utf8SequenceLength(src_, pos_); len > 0) {
        value.append(src_.substr(pos_, len));
        pos_ += len;
      } else {
        Error(pos_, "Syntax error: invalid UTF-8 in string literal");
        ++pos_;  // and the rest of the malformed sequence, reported once
        while (pos_ < src_.size() && (static_cast<unsigned char>(src_[pos_]) & 0xC0) == 0x80) {
          ++pos_;
        }
      }
    }
  }

  // Decodes the escape sequence at pos_ (a backslash) into `out`.
  void LexEscape(std::string& out, bool bytes) {
    const size_t start = pos_;
    const char c = Peek(1);
    pos_ += 2;
    switch (c) {
      case 'a':
        out += '\a';
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'v':
        out += '\v';
        return;
      case '\\':
      case '\'':
      case '"':
      case '`':
      case '?':
        out += c;
        return;
      case 'x':
      case 'X':
        return LexNumericEscape(out, bytes, start, 2, 16);
      case 'u':
        return LexNumericEscape(out, bytes, start, 4, 16);
      case 'U':
        return LexNumericEscape(out, bytes, start, 8, 16);
      case '0':
      case '1':
      case '2':
      case '3':
        pos_ -= 1;  // the first octal digit is part of the number
        return LexNumericEscape(out, bytes, start, 3, 8);
      default:
        break;
    }
    if (start + 1 >= src_.size()) {
      pos_ = start + 1;  // let the caller report the unterminated literal
      return;
    }
    const size_t len = Utf8SequenceLength(src_, start + 1);
    pos_ = start + 1 + (len > 0 ? len : 1);
    Error(start, "Syntax error: invalid escape sequence '" +
                     std::string(src_.substr(start, pos_ - start)) + "'");
  }

  // \xHH, \uHHHH, \UHHHHHHHH (base 16) and \ooo (base 8): `digits` digits at pos_.
  void LexNumericEscape(std::string& out, bool bytes, size_t start, int digits, int base) {
    uint32_t value = 0;
    for (int i = 0; i < digits; ++i) {
      const char d = Peek(0);
      const bool ok = base == 16 ? IsHexDigit(d) : (d >= '0' && d <= '7');
      if (!ok) {
        Error(start, "Syntax error: invalid escape sequence '" +
                         std::string(src_.substr(start, pos_ - start)) + "': expected " +
                         std::to_string(digits) + (base == 16 ? " hexadecimal" : " octal") +
                         " digits");
        return;
      }
      value = value * base + HexValue(d);
      ++pos_;
    }
    const std::string_view text = src_.substr(start, pos_ - start);
    const bool unicode = text[1] == 'u' || text[1] == 'U';
    if (!unicode) {
      // \x and octal escapes denote octets in bytes and code points U+0000..U+00FF in strings.
      if (bytes)
        out += static_cast<char>(value);
      else
        AppendUtf8(out, value);
      return;
    }
    if (bytes && text[1] == 'U') {
      Error(start, "Syntax error: \\U escapes are only valid in string literals");
      return;
    }
    if (value > 0x10FFFF || IsSurrogate(value)) {
      Error(start,
            "Syntax error: invalid code point in escape sequence '" + std::string(text) + "'");
      return;
    }
    AppendUtf8(out, value);
  }

  void LexQuotedIdent() {
    const size_t start = pos_;
    ++pos_;
    while (IsQuotedIdentPart(Peek(0))) ++pos_;
    if (Peek(0) != '`' || pos_ == start + 1) {
      Error(start,
            "Syntax error: invalid quoted identifier: expected letters, digits, "
            "'_', '.', '-', '/' or ' ' between backticks");
      return;
    }
    ++pos_;
    Emit(TokenKind::kQuotedIdent, start, std::string(src_.substr(start + 1, pos_ - start - 2)));
  }

  void LexPunctuation() {
    const size_t start = pos_;
    const char c = src_[pos_];
    const char next = Peek(1);
    auto one = [&](TokenKind kind) {
      pos_ += 1;
      Emit(kind, start);
    };
    auto two = [&](TokenKind kind) {
      pos_ += 2;
      Emit(kind, start);
    };
    switch (c) {
      case '(':
        return one(TokenKind::kLParen);
      case ')':
        return one(TokenKind::kRParen);
      case '[':
        return one(TokenKind::kLBracket);
      case ']':
        return one(TokenKind::kRBracket);
      case '{':
        return one(TokenKind::kLBrace);
      case '}':
        return one(TokenKind::kRBrace);
      case '.':
        return one(TokenKind::kDot);
      case ',':
        return one(TokenKind::kComma);
      case ':':
        return one(TokenKind::kColon);
      case '?':
        return one(TokenKind::kQuestion);
      case '+':
        return one(TokenKind::kPlus);
      case '-':
        return one(TokenKind::kMinus);
      case '*':
        return one(TokenKind::kStar);
      case '/':
        return one(TokenKind::kSlash);
      case '%':
        return one(TokenKind::kPercent);
      case '!':
        return next == '=' ? two(TokenKind::kNotEqual) : one(TokenKind::kBang);
      case '<':
        return next == '=' ? two(TokenKind::kLessEqual) : one(TokenKind::kLess);
      case '>':
        return next == '=' ? two(TokenKind::kGreaterEqual) : one(TokenKind::kGreater);
      case '=':
        if (next == '=') return two(TokenKind::kEqual);
        break;
      case '&':
        if (next == '&') return two(TokenKind::kAnd);
        break;
      case '|':
        if (next == '|') return two(TokenKind::kOr);
        break;
      default:
        break;
    }
    const size_t len = Utf8SequenceLength(src_, pos_);
    pos_ += len > 0 ? len : 1;
    Error(start, "Syntax error: token recognition error at: '" +
                     std::string(src_.substr(start, pos_ - start)) + "'");
  }

  std::string_view src_;
  size_t pos_ = 0;
  LexResult result_;
};

}  // namespace

LexResult Lex(std::string_view source) {
  return Lexer(source).Run();
}

std::string DescribeToken(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "'<EOF>'";
  return "'" + std::string(token.text) + "'";
}

}  // namespace portcullis::cel
