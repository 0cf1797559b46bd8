// The CEL lexer (cel-spec "Syntax", lexis): turns source text into tokens.
//
// String and bytes literals are decoded here (escapes, raw and triple-quoted forms), so a
// token carries its final contents. Numbers keep their text: the parser converts them, because
// whether `9223372036854775808` fits depends on a preceding unary minus.
//
// Thread-safety: Lex has no shared state. Lifetime: Token::text views the source passed to Lex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cel/parser.h"

namespace portcullis::cel {

enum class TokenKind : uint8_t {
  kEnd,          // end of input
  kIdent,        // [_a-zA-Z][_a-zA-Z0-9]*, reserved words included
  kQuotedIdent,  // `content-type`: a field name in backticks; `value` holds the name
  kInt,          // 42, 0x2A
  kUint,         // 42u, 0x2AU
  kDouble,       // 1.5, .5, 1e10
  kString,       // `value` holds the decoded UTF-8 contents
  kBytes,        // `value` holds the decoded octets
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kDot,
  kComma,
  kColon,
  kQuestion,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kBang,
  kEqual,     // ==
  kNotEqual,  // !=
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAnd,  // &&
  kOr,   // ||
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int32_t offset = 0;     // byte offset of the first character in the source
  std::string_view text;  // the token as written (empty for kEnd)
  std::string value;      // decoded contents of string, bytes and quoted-identifier tokens
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with a kEnd token
  // Lexical errors; `line`/`column` are not filled in (see LocateError).
  std::vector<SourceError> errors;
};

// Splits `source` into tokens, skipping whitespace and `//` comments. Unrecognized characters
// and malformed literals are reported and skipped, so lexing always reaches the end.
LexResult Lex(std::string_view source);

// How a token is named in error messages: 'text', or '<EOF>' for the end of input.
std::string DescribeToken(const Token& token);

}  // namespace portcullis::cel
