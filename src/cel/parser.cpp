// A recursive-descent parser for the cel-spec grammar:
//
//   Expr           = ConditionalOr ["?" ConditionalOr ":" Expr] ;
//   ConditionalOr  = [ConditionalOr "||"] ConditionalAnd ;
//   ConditionalAnd = [ConditionalAnd "&&"] Relation ;
//   Relation       = [Relation Relop] Addition ;
//   Addition       = [Addition ("+" | "-")] Multiplication ;
//   Multiplication = [Multiplication ("*" | "/" | "%")] Unary ;
//   Unary          = Member | "!" {"!"} Member | "-" {"-"} Member ;
//   Member         = Primary | Member "." SELECTOR ["(" [ExprList] ")"] | Member "[" Expr "]" ;
//   Primary        = ["."] IDENT ["(" [ExprList] ")"] | "(" Expr ")"
//                  | "[" [ExprList] [","] "]" | "{" [MapInits] [","] "}"
//                  | ["."] SELECTOR {"." SELECTOR} "{" [FieldInits] [","] "}" | LITERAL ;
//
// plus the optional syntax (`a.?f`, `a[?i]`, `[?e]`, `{?k: v}`, `Msg{?f: v}`) and backquoted
// field names. Chains of one precedence level and of conditionals are parsed in loops, so only
// real nesting recurses; `&&` and `||` chains are built as balanced trees, as cel-go does.
// The nesting limit also bounds the depth of the tree, operator chains included (to within a
// small factor), so code walking it recursively, the destructor among others, cannot run out of
// stack.
// The first syntax error stops the parse; literal, identifier and macro errors do not.
#include <locale.h>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <string>

#include "cel/lexer.h"
#include "cel/macros.h"
#include "cel/parser.h"

namespace portcullis::cel {
namespace {

bool IsReservedWord(std::string_view name) {
  static constexpr std::string_view kReserved[] = {
      "as",  "break", "const",   "continue",  "else",   "for", "function", "if",   "import",
      "let", "loop",  "package", "namespace", "return", "var", "void",     "while"};
  for (std::string_view word : kReserved) {
    if (word == name) return true;
  }
  return false;
}

// The left-associative binary operators below `&&`: relations bind loosest (precedence 0),
// then + and - (1), then *, / and % (2).
struct BinaryOperator {
  TokenKind token;
  int precedence;
  std::string_view function;
};
constexpr BinaryOperator kBinaryOperators[] = {
    {TokenKind::kLess, 0, "_<_"},    {TokenKind::kLessEqual, 0, "_<=_"},
    {TokenKind::kGreater, 0, "_>_"}, {TokenKind::kGreaterEqual, 0, "_>=_"},
    {TokenKind::kEqual, 0, "_==_"},  {TokenKind::kNotEqual, 0, "_!=_"},
    {TokenKind::kIn, 0, "@in"},      {TokenKind::kPlus, 1, "_+_"},
    {TokenKind::kMinus, 1, "_-_"},   {TokenKind::kStar, 2, "_*_"},
    {TokenKind::kSlash, 2, "_/_"},   {TokenKind::kPercent, 2, "_%_"}};

const BinaryOperator* FindBinaryOperator(TokenKind token) {
  for (const BinaryOperator& op : kBinaryOperators) {
    if (op.token == token) return &op;
  }
  return nullptr;
}

// The magnitude of an int/uint literal's digits (decimal or 0x hex, suffix excluded).
bool ParseMagnitude(std::string_view digits, uint64_t& out) {
  uint64_t base = 10;
  if (digits.starts_with("0x")) {
    base = 16;
    digits.remove_prefix(2);
  }
  out = 0;
  for (char c : digits) {
    const uint64_t d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (out > (UINT64_MAX - d) / base) return false;
    out = out * base + d;
  }
  return true;
}

class Parser {
 public:
  Parser(std::string_view source, const ParseOptions& options)
      : source_(source), options_(options) {}

  ParseResult Run() {
    ParseResult result;
    if (source_.size() > options_.limits.max_source_bytes) {
      Report(0, "expression is " + std::to_string(source_.size()) +
                    " bytes, larger than the limit of " +
                    std::to_string(options_.limits.max_source_bytes));
    } else {
      LexResult lexed = Lex(source_);
      tokens_ = std::move(lexed.tokens);
      errors_ = std::move(lexed.errors);
      result.expr = ParseExpr();
      if (Peek().kind != TokenKind::kEnd) SyntaxError("<EOF>");
      CheckNodeLimit();
    }
    result.next_id = factory_.next_id();
    if (!errors_.empty()) {
      result.expr = nullptr;
      std::stable_sort(
          errors_.begin(), errors_.end(),
          [](const SourceError& a, const SourceError& b) { return a.offset < b.offset; });
      for (SourceError& e : errors_) e = LocateError(source_, e.offset, std::move(e.message));
    }
    result.errors = std::move(errors_);
    return result;
  }

 private:
  // ---- tokens and errors ----

  // After a fatal error every lookahead is the end of input, so all loops wind down.
  const Token& Peek() const { return stopped_ ? tokens_.back() : tokens_[pos_]; }
  TokenKind PeekKind() const { return Peek().kind; }
  const Token& Advance() {
    const Token& token = Peek();
    if (!stopped_ && token.kind != TokenKind::kEnd) ++pos_;
    CheckNodeLimit();
    return token;
  }
  bool Accept(TokenKind kind) {
    if (PeekKind() != kind) return false;
    Advance();
    return true;
  }
  // Consumes a token of `kind`, or reports that `expected` was expected.
  void Expect(TokenKind kind, std::string_view expected) {
    if (!Accept(kind)) SyntaxError(expected);
  }

  // The reporting functions stay out of line: inlined, their message temporaries would enlarge
  // every frame of the recursive descent.
  [[gnu::noinline]] void Report(int32_t offset, std::string message) {
    errors_.push_back(SourceError{0, 0, offset, std::move(message)});
  }
  [[gnu::noinline]] void Stop(int32_t offset, std::string message) {
    if (stopped_) return;
    Report(offset, std::move(message));
    stopped_ = true;
  }
  [[gnu::noinline]] void SyntaxError(std::string_view expected) {
    if (stopped_) return;
    const Token& token = Peek();
    Stop(token.offset, "Syntax error: mismatched input " + DescribeToken(token) + " expecting " +
                           std::string(expected));
  }
  void CheckNodeLimit() {
    if (factory_.next_id() - 1 > options_.limits.max_ast_nodes) ReportTooManyNodes();
  }
  [[gnu::noinline]] void ReportTooManyNodes() {
    Stop(Peek().offset, "expression has more than " +
                            std::to_string(options_.limits.max_ast_nodes) + " nodes, the limit");
  }
  // Adds `levels` to the nesting depth; reports (once) when it passes the limit.
  void Nest(int levels, int32_t offset) {
    depth_ += levels;
    if (depth_ > options_.limits.max_nesting_depth) ReportTooDeep(offset);
  }
  [[gnu::noinline]] void ReportTooDeep(int32_t offset) {
    Stop(offset, "expression nesting is deeper than the limit of " +
                     std::to_string(options_.limits.max_nesting_depth));
  }

  ExprPtr Call(int32_t offset, std::string_view function, std::vector<ExprPtr> args) {
    return factory_.GlobalCall(offset, std::string(function), std::move(args));
  }

  // ---- grammar ----

  // Expr. The helpers taking a parsed first operand run only when an operator follows, so the
  // frames of plain nesting stay small.
  ExprPtr ParseExpr() {
    const int saved_depth = depth_;
    Nest(1, Peek().offset);
    ExprPtr expr = ParseLogical(TokenKind::kOr);
    if (PeekKind() == TokenKind::kQuestion) expr = ParseConditionals(std::move(expr));
    depth_ = saved_depth;
    return expr;
  }

  // `c ? a : d ? b : e`: right-associative, collected in a loop and built from the right. Each
  // conditional after the first nests one level deeper in the tree.
  [[gnu::noinline]] ExprPtr ParseConditionals(ExprPtr condition) {
    const int saved_depth = depth_;
    struct Branch {
      int32_t offset;
      ExprPtr condition;
      ExprPtr then;
    };
    std::vector<Branch> branches;
    ExprPtr otherwise;
    while (true) {
      const int32_t offset = Advance().offset;  // '?'
      if (!branches.empty()) Nest(1, offset);
      ExprPtr then = ParseLogical(TokenKind::kOr);
      Expect(TokenKind::kColon, "':'");
      ExprPtr next = ParseLogical(TokenKind::kOr);
      branches.push_back({offset, std::move(condition), std::move(then)});
      if (PeekKind() != TokenKind::kQuestion) {
        otherwise = std::move(next);
        break;
      }
      condition = std::move(next);
    }
    for (auto it = branches.rbegin(); it != branches.rend(); ++it) {
      otherwise =
          Call(it->offset, "_?_:_",
               MakeArgs(std::move(it->condition), std::move(it->then), std::move(otherwise)));
    }
    depth_ = saved_depth;
    return otherwise;
  }

  // ConditionalOr (op = kOr) and ConditionalAnd (op = kAnd).
  ExprPtr ParseLogical(TokenKind op) {
    ExprPtr first = ParseLogicalTerm(op);
    if (PeekKind() != op) return first;
    return ParseLogicalChain(op, std::move(first));
  }
  ExprPtr ParseLogicalTerm(TokenKind op) {
    return op == TokenKind::kOr ? ParseLogical(TokenKind::kAnd) : ParseBinary(0);
  }
  [[gnu::noinline]] ExprPtr ParseLogicalChain(TokenKind op, ExprPtr first) {
    std::vector<ExprPtr> terms;
    std::vector<int32_t> op_offsets;
    terms.push_back(std::move(first));
    while (PeekKind() == op) {
      op_offsets.push_back(Advance().offset);
      terms.push_back(ParseLogicalTerm(op));
    }
    return Balance(op == TokenKind::kOr ? "_||_" : "_&&_", terms, op_offsets, 0,
                   op_offsets.size() - 1);
  }

  // Joins terms[lo..hi+1] with the operators op_offsets[lo..hi] into a balanced tree.
  ExprPtr Balance(std::string_view function, std::vector<ExprPtr>& terms,
                  const std::vector<int32_t>& op_offsets, size_t lo, size_t hi) {
    const size_t mid = (lo + hi + 1) / 2;
    ExprPtr left =
        mid == lo ? std::move(terms[mid]) : Balance(function, terms, op_offsets, lo, mid - 1);
    ExprPtr right =
        mid == hi ? std::move(terms[mid + 1]) : Balance(function, terms, op_offsets, mid + 1, hi);
    return Call(op_offsets[mid], function, MakeArgs(std::move(left), std::move(right)));
  }

  // Relation, Addition and Multiplication by precedence climbing: operators of one level loop,
  // and only a tighter-binding right operand recurses (at most three levels deep). Each operator
  // still nests its left operand one level deeper in the tree, so it counts toward the limit.
  ExprPtr ParseBinary(int min_precedence) {
    const int saved_depth = depth_;
    ExprPtr left = ParseUnary();
    while (const BinaryOperator* op = FindBinaryOperator(PeekKind())) {
      if (op->precedence < min_precedence) break;
      const int32_t offset = Advance().offset;
      Nest(1, offset);
      ExprPtr right = ParseBinary(op->precedence + 1);
      left = Call(offset, op->function, MakeArgs(std::move(left), std::move(right)));
    }
    depth_ = saved_depth;
    return left;
  }

  // Unary: a run of `!` or of `-`. As in cel-go, an even run cancels out and an odd run is one
  // operator; a single `-` directly before a number literal is its sign, so
  // -9223372036854775808 is an int constant.
  ExprPtr ParseUnary() {
    const TokenKind op = PeekKind();
    if (op != TokenKind::kBang && op != TokenKind::kMinus) return ParseMember();
    const int32_t offset = Peek().offset;
    size_t count = 0;
    for (; PeekKind() == op; ++count) Advance();
    if (count == 1 && op == TokenKind::kMinus &&
        (PeekKind() == TokenKind::kInt || PeekKind() == TokenKind::kDouble)) {
      return ParseMemberSuffixes(ParseNumber(offset), /*is_name=*/false);
    }
    if (count % 2 == 0) return ParseMember();
    const int saved_depth = depth_;
    Nest(1, offset);
    ExprPtr operand = ParseMember();
    depth_ = saved_depth;
    return Call(offset, op == TokenKind::kBang ? "!_" : "-_", MakeArgs(std::move(operand)));
  }

  ExprPtr ParseMember() {
    bool is_name = false;
    ExprPtr primary = ParsePrimary(is_name);
    return ParseMemberSuffixes(std::move(primary), is_name);
  }

  // The `.f`, `.f(args)`, `.?f`, `[i]`, `[?i]` and `Name{...}` suffixes of a member.
  // `is_name` says whether `expr` so far is a qualified name (`a.b.c`), which `{` may follow.
  ExprPtr ParseMemberSuffixes(ExprPtr expr, bool is_name) {
    const int saved_depth = depth_;
    while (true) {
      const Token& token = Peek();
      if (token.kind == TokenKind::kDot) {
        Advance();
        const bool optional = Accept(TokenKind::kQuestion);
        const Token& field = Peek();
        if (field.kind != TokenKind::kIdent && field.kind != TokenKind::kQuotedIdent) {
          SyntaxError("an identifier");
          break;
        }
        Advance();
        const bool quoted = field.kind == TokenKind::kQuotedIdent;
        if (!optional && !quoted && PeekKind() == TokenKind::kLParen) {
          expr = ParseCall(std::string(field.text), std::move(expr));
          is_name = false;
        } else {
          std::string name = quoted ? field.value : std::string(field.text);
          expr = factory_.New(token.offset,
                              SelectExpr{std::move(expr), std::move(name), false, optional});
          is_name = is_name && !optional && !quoted;
        }
      } else if (token.kind == TokenKind::kLBracket) {
        Advance();
        const bool optional = Accept(TokenKind::kQuestion);
        ExprPtr index = ParseExpr();
        Expect(TokenKind::kRBracket, "']'");
        expr = Call(token.offset, optional ? "_[?_]" : "_[_]",
                    MakeArgs(std::move(expr), std::move(index)));
        is_name = false;
      } else if (token.kind == TokenKind::kLBrace && is_name) {
        expr = ParseStruct(*expr);
        is_name = false;
      } else {
        break;
      }
      Nest(1, token.offset);
    }
    depth_ = saved_depth;
    return expr;
  }

  ExprPtr ParsePrimary(bool& is_name) {
    const Token& token = Peek();
    switch (token.kind) {
      case TokenKind::kInt:
      case TokenKind::kUint:
      case TokenKind::kDouble:
        return ParseNumber(-1);
      case TokenKind::kString:
        Advance();
        return factory_.Constant(token.offset, Value::String(token.value));
      case TokenKind::kBytes:
        Advance();
        return factory_.Constant(token.offset, Value::Bytes(token.value));
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        Advance();
        return factory_.Constant(token.offset, Value::Bool(token.kind == TokenKind::kTrue));
      case TokenKind::kNull:
        Advance();
        return factory_.Constant(token.offset, Value::Null());
      case TokenKind::kDot:
      case TokenKind::kIdent:
        return ParseIdentOrCall(is_name);
      case TokenKind::kLParen: {
        Advance();
        ExprPtr inner = ParseExpr();
        Expect(TokenKind::kRParen, "')'");
        return inner;
      }
      case TokenKind::kLBracket:
        return ParseList();
      case TokenKind::kLBrace:
        return ParseMap();
      default:
        SyntaxError("an expression");
        return factory_.Constant(token.offset, Value::Null());
    }
  }

  // `name`, `.name`, `name(args)`, `.name(args)`.
  [[gnu::noinline]] ExprPtr ParseIdentOrCall(bool& is_name) {
    const bool leading_dot = Accept(TokenKind::kDot);
    const Token& token = Peek();
    if (token.kind != TokenKind::kIdent) {
      SyntaxError("an identifier");
      return factory_.Constant(token.offset, Value::Null());
    }
    Advance();
    if (IsReservedWord(token.text)) {
      Report(token.offset, "reserved identifier: " + std::string(token.text));
    }
    std::string name = leading_dot ? "." + std::string(token.text) : std::string(token.text);
    if (PeekKind() == TokenKind::kLParen) return ParseCall(std::move(name), nullptr);
    is_name = true;
    return factory_.Ident(token.offset, std::move(name));
  }

  // The arguments of `function(...)` or `target.function(...)`, then macro expansion.
  [[gnu::noinline]] ExprPtr ParseCall(std::string function, ExprPtr target) {
    const int32_t offset = Advance().offset;  // '('
    std::vector<ExprPtr> args;
    if (PeekKind() != TokenKind::kRParen) {
      do {
        args.push_back(ParseExpr());
      } while (Accept(TokenKind::kComma));
    }
    Expect(TokenKind::kRParen, "',' or ')'");
    if (options_.enable_macros) {
      if (ExprPtr expansion = ExpandMacro(factory_, offset, function, target, args, errors_)) {
        return expansion;
      }
    }
    return factory_.ReceiverCall(offset, std::move(function), std::move(target), std::move(args));
  }

  [[gnu::noinline]] ExprPtr ParseList() {
    const int32_t offset = Advance().offset;  // '['
    ListExpr list;
    while (PeekKind() != TokenKind::kRBracket && PeekKind() != TokenKind::kEnd) {
      if (Accept(TokenKind::kQuestion)) {
        list.optional_indices.push_back(static_cast<int32_t>(list.elements.size()));
      }
      list.elements.push_back(ParseExpr());
      if (!Accept(TokenKind::kComma)) break;
    }
    Expect(TokenKind::kRBracket, list.elements.empty() ? "an expression or ']'" : "',' or ']'");
    return factory_.New(offset, std::move(list));
  }

  [[gnu::noinline]] ExprPtr ParseMap() {
    const int32_t offset = Advance().offset;  // '{'
    MapExpr map;
    while (PeekKind() != TokenKind::kRBrace && PeekKind() != TokenKind::kEnd) {
      const bool optional = Accept(TokenKind::kQuestion);
      ExprPtr key = ParseExpr();
      Expect(TokenKind::kColon, "':'");
      const int64_t id = factory_.NewId();
      ExprPtr value = ParseExpr();
      map.entries.push_back({id, std::move(key), std::move(value), optional});
      if (!Accept(TokenKind::kComma)) break;
    }
    Expect(TokenKind::kRBrace, map.entries.empty() ? "an expression or '}'" : "',' or '}'");
    return factory_.New(offset, std::move(map));
  }

  // `a.b.Msg{f: v, ?g: w}`; `name` is the already parsed qualified name.
  [[gnu::noinline]] ExprPtr ParseStruct(const Expr& name) {
    const int32_t offset = Advance().offset;  // '{'
    StructExpr message{QualifiedName(name), {}};
    while (PeekKind() != TokenKind::kRBrace && PeekKind() != TokenKind::kEnd) {
      const bool optional = Accept(TokenKind::kQuestion);
      const Token& field = Peek();
      if (field.kind != TokenKind::kIdent && field.kind != TokenKind::kQuotedIdent) {
        SyntaxError("a field name");
        break;
      }
      Advance();
      Expect(TokenKind::kColon, "':'");
      const int64_t id = factory_.NewId();
      std::string field_name =
          field.kind == TokenKind::kQuotedIdent ? field.value : std::string(field.text);
      message.fields.push_back({id, std::move(field_name), ParseExpr(), optional});
      if (!Accept(TokenKind::kComma)) break;
    }
    Expect(TokenKind::kRBrace, message.fields.empty() ? "a field name or '}'" : "',' or '}'");
    return factory_.New(offset, std::move(message));
  }

  // "a.b.c" from the select chain of a qualified name (see ParseMemberSuffixes' is_name).
  static std::string QualifiedName(const Expr& expr) {
    if (const auto* select = expr.as<SelectExpr>()) {
      return QualifiedName(*select->operand) + "." + select->field;
    }
    return expr.as<IdentExpr>()->name;
  }

  // An int, uint or double literal; `sign_offset` >= 0 when a unary minus precedes it.
  [[gnu::noinline]] ExprPtr ParseNumber(int32_t sign_offset) {
    const Token& token = Advance();
    const bool negative = sign_offset >= 0;
    const int32_t offset = negative ? sign_offset : token.offset;
    const std::string_view text = token.text;
    if (token.kind == TokenKind::kDouble) {
      static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", nullptr);
      const std::string digits(text);
      errno = 0;
      const double value = strtod_l(digits.c_str(), nullptr, c_locale);
      if (errno == ERANGE && std::isinf(value)) {
        Report(offset, "invalid double literal: " + digits + " is out of range");
      }
      return factory_.Constant(offset, Value::Double(negative ? -value : value));
    }
    uint64_t magnitude = 0;
    if (token.kind == TokenKind::kUint) {
      if (!ParseMagnitude(text.substr(0, text.size() - 1), magnitude)) {
        Report(offset, "invalid uint literal: " + std::string(text) + " is out of range");
      }
      return factory_.Constant(offset, Value::Uint(magnitude));
    }
    const uint64_t limit = negative ? uint64_t{1} << 63 : uint64_t{INT64_MAX};
    if (!ParseMagnitude(text, magnitude) || magnitude > limit) {
      Report(offset, "invalid int literal: " + std::string(negative ? "-" : "") +
                         std::string(text) + " is out of range");
      magnitude = 0;
    }
    // Negating in unsigned arithmetic keeps -2^63 well defined.
    return factory_.Constant(
        offset, Value::Int(static_cast<int64_t>(negative ? 0 - magnitude : magnitude)));
  }

  std::string_view source_;
  const ParseOptions& options_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::vector<SourceError> errors_;
  ExprFactory factory_;
  int depth_ = 0;
  bool stopped_ = false;  // a syntax error or a limit ended the parse
};

}  // namespace

ParseResult Parse(std::string_view source, const ParseOptions& options) {
  return Parser(source, options).Run();
}

}  // namespace portcullis::cel
