#include "cel/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portcullis::cel {
namespace {

using K = TokenKind;

std::vector<TokenKind> Kinds(std::string_view source) {
  std::vector<TokenKind> kinds;
  for (const Token& t : Lex(source).tokens) kinds.push_back(t.kind);
  return kinds;
}

std::vector<std::string> Texts(std::string_view source) {
  std::vector<std::string> texts;
  for (const Token& t : Lex(source).tokens) texts.emplace_back(t.text);
  return texts;
}

std::vector<std::string> ErrorMessages(std::string_view source) {
  std::vector<std::string> messages;
  for (const SourceError& e : Lex(source).errors) messages.push_back(e.message);
  return messages;
}

// The decoded value of a source consisting of exactly one literal token.
std::string LiteralValue(std::string_view source) {
  LexResult r = Lex(source);
  EXPECT_TRUE(r.errors.empty()) << source << ": " << r.errors.front().message;
  EXPECT_EQ(r.tokens.size(), 2u) << source;
  return r.tokens.front().value;
}

std::string FirstError(std::string_view source) {
  LexResult r = Lex(source);
  return r.errors.empty() ? "" : r.errors.front().message;
}

TEST(LexerTest, Punctuation) {
  EXPECT_EQ(
      Kinds("( ) [ ] { } . , : ? + - * / % ! != == < <= > >= && ||"),
      (std::vector<K>{K::kLParen,  K::kRParen,       K::kLBracket, K::kRBracket, K::kLBrace,
                      K::kRBrace,  K::kDot,          K::kComma,    K::kColon,    K::kQuestion,
                      K::kPlus,    K::kMinus,        K::kStar,     K::kSlash,    K::kPercent,
                      K::kBang,    K::kNotEqual,     K::kEqual,    K::kLess,     K::kLessEqual,
                      K::kGreater, K::kGreaterEqual, K::kAnd,      K::kOr,       K::kEnd}));
  // No spaces needed between operators.
  EXPECT_EQ(Texts("a<=b!=!c"), (std::vector<std::string>{"a", "<=", "b", "!=", "!", "c", ""}));
}

TEST(LexerTest, IdentifiersAndKeywords) {
  EXPECT_EQ(Kinds("foo _bar x1 true false null in if"),
            (std::vector<K>{K::kIdent, K::kIdent, K::kIdent, K::kTrue, K::kFalse, K::kNull, K::kIn,
                            K::kIdent, K::kEnd}));
  EXPECT_EQ(Texts("inner nullable"), (std::vector<std::string>{"inner", "nullable", ""}));
}

TEST(LexerTest, QuotedIdentifiers) {
  LexResult r = Lex("a.`content-type`.`foo.txt`.`/api/v1 x_9`");
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.tokens.size(), 8u);
  EXPECT_EQ(r.tokens[2].kind, K::kQuotedIdent);
  EXPECT_EQ(r.tokens[2].value, "content-type");
  EXPECT_EQ(r.tokens[4].value, "foo.txt");
  EXPECT_EQ(r.tokens[6].value, "/api/v1 x_9");
  EXPECT_EQ(r.tokens[6].text, "`/api/v1 x_9`");

  EXPECT_NE(FirstError("``").find("invalid quoted identifier"), std::string::npos);
  EXPECT_NE(FirstError("`a#b`").find("invalid quoted identifier"), std::string::npos);
  EXPECT_NE(FirstError("`abc").find("invalid quoted identifier"), std::string::npos);
}

TEST(LexerTest, Numbers) {
  EXPECT_EQ(Kinds("0 42 0x2A 0xff"), (std::vector<K>{K::kInt, K::kInt, K::kInt, K::kInt, K::kEnd}));
  EXPECT_EQ(Kinds("42u 42U 0x2Au"), (std::vector<K>{K::kUint, K::kUint, K::kUint, K::kEnd}));
  EXPECT_EQ(Kinds("1.5 .5 1e10 1.5e-3 1E+2 0.0"),
            (std::vector<K>{K::kDouble, K::kDouble, K::kDouble, K::kDouble, K::kDouble, K::kDouble,
                            K::kEnd}));
  EXPECT_EQ(Texts("1.5e-3 0x2Au"), (std::vector<std::string>{"1.5e-3", "0x2Au", ""}));
  // `1.` is not a double: the dot starts a selection. `1e` is 1 followed by `e`.
  EXPECT_EQ(Kinds("1."), (std::vector<K>{K::kInt, K::kDot, K::kEnd}));
  EXPECT_EQ(Kinds("1.size()"),
            (std::vector<K>{K::kInt, K::kDot, K::kIdent, K::kLParen, K::kRParen, K::kEnd}));
  EXPECT_EQ(Texts("1e 2e+"), (std::vector<std::string>{"1", "e", "2", "e", "+", ""}));
  // Only a lower-case 0x introduces hex.
  EXPECT_EQ(Texts("0X1"), (std::vector<std::string>{"0", "X1", ""}));
  // A double takes no u suffix.
  EXPECT_EQ(Kinds("1.5u"), (std::vector<K>{K::kDouble, K::kIdent, K::kEnd}));
}

TEST(LexerTest, StringQuotingForms) {
  EXPECT_EQ(LiteralValue("'hello'"), "hello");
  EXPECT_EQ(LiteralValue("\"hello\""), "hello");
  EXPECT_EQ(LiteralValue("''"), "");
  EXPECT_EQ(LiteralValue("'''it's \"x\" '' y'''"), "it's \"x\" '' y");
  EXPECT_EQ(LiteralValue("\"\"\"multi\nline\r\n\"\"\""), "multi\nline\r\n");
  EXPECT_EQ(LiteralValue("'\"'"), "\"");
  EXPECT_EQ(Lex("'a'").tokens[0].kind, K::kString);
  EXPECT_EQ(Lex("'a'").tokens[0].text, "'a'");
  // Unicode passes through.
  EXPECT_EQ(LiteralValue("'日本 😬'"), "日本 😬");
}

TEST(LexerTest, RawStrings) {
  EXPECT_EQ(LiteralValue(R"(r'\n\x00\\')"), R"(\n\x00\\)");
  EXPECT_EQ(LiteralValue(R"(R"\d+")"), R"(\d+)");
  EXPECT_EQ(LiteralValue(R"(r'''a\'b''')"), R"(a\'b)");
  EXPECT_EQ(Lex("r'x'").tokens[0].kind, K::kString);
}

TEST(LexerTest, BytesLiterals) {
  for (std::string_view source :
       {"b'abc'", "B'abc'", "b\"abc\"", "b'''abc'''", "B\"\"\"abc\"\"\""}) {
    LexResult r = Lex(source);
    ASSERT_TRUE(r.errors.empty()) << source;
    EXPECT_EQ(r.tokens[0].kind, K::kBytes) << source;
    EXPECT_EQ(r.tokens[0].value, "abc") << source;
  }
  for (std::string_view source : {R"(br'\x')", R"(bR'\x')", R"(Br'\x')", R"(BR'\x')"}) {
    LexResult r = Lex(source);
    EXPECT_EQ(r.tokens[0].kind, K::kBytes) << source;
    EXPECT_EQ(r.tokens[0].value, "\\x") << source;
  }
  // The spec's prefix order is b then r; `rb` is an identifier.
  EXPECT_EQ(Kinds("rb'x'"), (std::vector<K>{K::kIdent, K::kString, K::kEnd}));
  // Unescaped non-ASCII text is stored as UTF-8.
  EXPECT_EQ(LiteralValue("b'ÿ'"), "\xc3\xbf");
}

TEST(LexerTest, SimpleEscapes) {
  EXPECT_EQ(LiteralValue(R"('\a\b\f\n\r\t\v')"), "\a\b\f\n\r\t\v");
  EXPECT_EQ(LiteralValue(R"('\\ \' \" \` \?')"), "\\ ' \" ` ?");
  EXPECT_EQ(LiteralValue(R"("""\"""")"), "\"");
  EXPECT_EQ(LiteralValue(R"(b'\n\\')"), "\n\\");
}

TEST(LexerTest, NumericEscapesInStringsAreCodePoints) {
  EXPECT_EQ(LiteralValue(R"('\x41\X42\x4a\x4B')"), "ABJK");
  EXPECT_EQ(LiteralValue(R"('\101\000\177')"), std::string("A\0\x7f", 3));
  // \377 and \xFF are U+00FF in a string: two UTF-8 bytes.
  EXPECT_EQ(LiteralValue(R"('\377')"), "\xc3\xbf");
  EXPECT_EQ(LiteralValue(R"('\xFF')"), "\xc3\xbf");
  EXPECT_EQ(LiteralValue(R"('\u00e9\u01aB')"), "é\xc6\xab");
  EXPECT_EQ(LiteralValue(R"('\U0001F62C\U00088888')"), "😬\xf2\x88\xa2\x88");
}

TEST(LexerTest, NumericEscapesInBytesAreOctets) {
  EXPECT_EQ(LiteralValue(R"(b'\377\xff\XFF\000')"), std::string("\xff\xff\xff\0", 4));
  EXPECT_EQ(LiteralValue(R"(b'\303\277')"), "\xc3\xbf");
  // \u is the UTF-8 encoding of the code point.
  EXPECT_EQ(LiteralValue(R"(b'\u00e9')"), "\xc3\xa9");
  EXPECT_EQ(FirstError(R"(b'\U0001F62C')"),
            "Syntax error: \\U escapes are only valid in string literals");
}

TEST(LexerTest, InvalidEscapes) {
  EXPECT_EQ(FirstError(R"('\s')"), "Syntax error: invalid escape sequence '\\s'");
  EXPECT_EQ(FirstError(R"('\é')"), "Syntax error: invalid escape sequence '\\é'");
  EXPECT_EQ(FirstError(R"('\400')"), "Syntax error: invalid escape sequence '\\4'");
  EXPECT_EQ(FirstError(R"('\x4g')"),
            "Syntax error: invalid escape sequence '\\x4': expected 2 hexadecimal digits");
  EXPECT_EQ(FirstError(R"('\08')"),
            "Syntax error: invalid escape sequence '\\0': expected 3 octal digits");
  EXPECT_EQ(FirstError(R"('\u12')"),
            "Syntax error: invalid escape sequence '\\u12': expected 4 hexadecimal digits");
  // Surrogates are not code points, even as a valid UTF-16 pair.
  EXPECT_EQ(FirstError(R"('\uD83D\uDE03')"),
            "Syntax error: invalid code point in escape sequence '\\uD83D'");
  EXPECT_EQ(FirstError(R"('\UD83DDE03')"),
            "Syntax error: invalid code point in escape sequence '\\UD83DDE03'");
  EXPECT_EQ(FirstError(R"('\U00110000')"),
            "Syntax error: invalid code point in escape sequence '\\U00110000'");
  // The error points at the backslash.
  EXPECT_EQ(Lex(R"('ab\q')").errors.at(0).offset, 3);
}

TEST(LexerTest, UnterminatedAndInvalidStrings) {
  EXPECT_EQ(FirstError("'abc"), "Syntax error: unterminated string literal");
  EXPECT_EQ(FirstError("'''abc''"), "Syntax error: unterminated string literal");
  EXPECT_EQ(FirstError("'abc\\"), "Syntax error: unterminated string literal");
  EXPECT_EQ(FirstError("'ab\ncd'"),
            "Syntax error: unterminated string literal (a newline needs ''' or \"\"\")");
  EXPECT_EQ(FirstError("'ab\rcd'"),
            "Syntax error: unterminated string literal (a newline needs ''' or \"\"\")");
  EXPECT_EQ(FirstError("'a\xff'"), "Syntax error: invalid UTF-8 in string literal");
  EXPECT_EQ(FirstError("'\xed\xa0\x80'"), "Syntax error: invalid UTF-8 in string literal");
  EXPECT_EQ(FirstError("'\xc0\xaf'"), "Syntax error: invalid UTF-8 in string literal");
}

TEST(LexerTest, WhitespaceAndComments) {
  EXPECT_EQ(Texts(" a\t\n\r\fb // comment ( ]\n c // end"),
            (std::vector<std::string>{"a", "b", "c", ""}));
  EXPECT_EQ(Kinds("// only a comment"), (std::vector<K>{K::kEnd}));
  EXPECT_EQ(Kinds("a / b"), (std::vector<K>{K::kIdent, K::kSlash, K::kIdent, K::kEnd}));
  // Vertical tab is not CEL whitespace.
  EXPECT_EQ(ErrorMessages("a\vb"),
            (std::vector<std::string>{"Syntax error: token recognition error at: '\v'"}));
}

TEST(LexerTest, UnrecognizedCharactersAreReportedAndSkipped) {
  LexResult r = Lex("a # b = c & d | é");
  EXPECT_EQ(ErrorMessages("a # b = c & d | é"),
            (std::vector<std::string>{"Syntax error: token recognition error at: '#'",
                                      "Syntax error: token recognition error at: '='",
                                      "Syntax error: token recognition error at: '&'",
                                      "Syntax error: token recognition error at: '|'",
                                      "Syntax error: token recognition error at: 'é'"}));
  EXPECT_EQ(r.errors[0].offset, 2);
  EXPECT_EQ(r.errors[4].offset, 16);
  EXPECT_EQ(Texts("a # b"), (std::vector<std::string>{"a", "b", ""}));
}

TEST(LexerTest, Offsets) {
  LexResult r = Lex("ab + 'x'\n  .5");
  ASSERT_EQ(r.tokens.size(), 5u);
  EXPECT_EQ(r.tokens[0].offset, 0);
  EXPECT_EQ(r.tokens[1].offset, 3);
  EXPECT_EQ(r.tokens[2].offset, 5);
  EXPECT_EQ(r.tokens[3].offset, 11);
  EXPECT_EQ(r.tokens[4].offset, 13);  // end of input
}

TEST(LexerTest, DescribeToken) {
  LexResult r = Lex("foo");
  EXPECT_EQ(DescribeToken(r.tokens[0]), "'foo'");
  EXPECT_EQ(DescribeToken(r.tokens[1]), "'<EOF>'");
}

}  // namespace
}  // namespace portcullis::cel
