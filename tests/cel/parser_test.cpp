#include "cel/parser.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "ast_printer.h"

namespace portcullis::cel {
namespace {

using testing::PrintExpr;

// The parsed tree on one line, or the formatted errors.
std::string Parsed(std::string_view source, const ParseOptions& options = {}) {
  ParseResult r = Parse(source, options);
  if (r.expr == nullptr) return FormatErrors(source, r.errors);
  EXPECT_TRUE(r.errors.empty());
  return PrintExpr(*r.expr);
}

std::vector<std::string> ErrorMessages(std::string_view source, const ParseOptions& options = {}) {
  ParseResult r = Parse(source, options);
  EXPECT_EQ(r.expr == nullptr, !r.errors.empty());
  std::vector<std::string> messages;
  for (const SourceError& e : r.errors) messages.push_back(e.message);
  return messages;
}

ParseOptions WithoutMacros() {
  ParseOptions options;
  options.enable_macros = false;
  return options;
}

const Value& ConstantOf(const ParseResult& r) {
  return r.expr->as<ConstantExpr>()->value;
}

TEST(ParserTest, Precedence) {
  EXPECT_EQ(Parsed("a || b && c"), "_||_(a, _&&_(b, c))");
  EXPECT_EQ(Parsed("a && b || c"), "_||_(_&&_(a, b), c)");
  EXPECT_EQ(Parsed("a && b == c"), "_&&_(a, _==_(b, c))");
  EXPECT_EQ(Parsed("a < b + c"), "_<_(a, _+_(b, c))");
  EXPECT_EQ(Parsed("a + b * c"), "_+_(a, _*_(b, c))");
  EXPECT_EQ(Parsed("(a + b) * c"), "_*_(_+_(a, b), c)");
  EXPECT_EQ(Parsed("-a * b"), "_*_(-_(a), b)");
  EXPECT_EQ(Parsed("!a.b"), "!_(a.b)");
  EXPECT_EQ(Parsed("-a[0].f()"), "-_(_[_](a, 0).f())");
  EXPECT_EQ(Parsed("a || b ? c : d"), "_?_:_(_||_(a, b), c, d)");
  EXPECT_EQ(Parsed("x in y && z"), "_&&_(@in(x, y), z)");
  EXPECT_EQ(Parsed("a + b in c"), "@in(_+_(a, b), c)");
}

TEST(ParserTest, Associativity) {
  EXPECT_EQ(Parsed("a - b - c"), "_-_(_-_(a, b), c)");
  EXPECT_EQ(Parsed("a / b * c % d"), "_%_(_*_(_/_(a, b), c), d)");
  EXPECT_EQ(Parsed("a < b == c"), "_==_(_<_(a, b), c)");
  EXPECT_EQ(Parsed("a ? b : c ? d : e"), "_?_:_(a, b, _?_:_(c, d, e))");
  EXPECT_EQ(Parsed("(a ? b : c) ? d : e"), "_?_:_(_?_:_(a, b, c), d, e)");
  // The middle branch is a ConditionalOr, not a full expression.
  EXPECT_NE(Parsed("a ? b ? c : d : e").find("Syntax error"), std::string::npos);
}

TEST(ParserTest, LogicalChainsAreBalanced) {
  EXPECT_EQ(Parsed("a && b && c"), "_&&_(_&&_(a, b), c)");
  EXPECT_EQ(Parsed("a || b || c || d"), "_||_(_||_(a, b), _||_(c, d))");
  EXPECT_EQ(Parsed("a || b || c || d || e"), "_||_(_||_(_||_(a, b), c), _||_(d, e))");
}

TEST(ParserTest, EveryOperator) {
  const std::pair<std::string_view, std::string_view> kCases[] = {
      {"a < b", "_<_(a, b)"},
      {"a <= b", "_<=_(a, b)"},
      {"a > b", "_>_(a, b)"},
      {"a >= b", "_>=_(a, b)"},
      {"a == b", "_==_(a, b)"},
      {"a != b", "_!=_(a, b)"},
      {"a in b", "@in(a, b)"},
      {"a + b", "_+_(a, b)"},
      {"a - b", "_-_(a, b)"},
      {"a * b", "_*_(a, b)"},
      {"a / b", "_/_(a, b)"},
      {"a % b", "_%_(a, b)"},
      {"!a", "!_(a)"},
      {"-a", "-_(a)"},
      {"a && b", "_&&_(a, b)"},
      {"a || b", "_||_(a, b)"},
      {"a ? b : c", "_?_:_(a, b, c)"},
      {"a[b]", "_[_](a, b)"},
      {"a[?b]", "_[?_](a, b)"},
  };
  for (const auto& [source, tree] : kCases) EXPECT_EQ(Parsed(source), tree) << source;
}

TEST(ParserTest, UnaryRunsCancelInPairs) {
  EXPECT_EQ(Parsed("!!a"), "a");
  EXPECT_EQ(Parsed("!!!a"), "!_(a)");
  EXPECT_EQ(Parsed("--a"), "a");
  EXPECT_EQ(Parsed("---a"), "-_(a)");
  EXPECT_EQ(Parsed("!(!a)"), "!_(!_(a))");
  EXPECT_EQ(Parsed(std::string(1000, '!') + "true"), "true");
  // A run mixes no operators.
  EXPECT_NE(Parsed("!-a").find("mismatched input '-'"), std::string::npos);
}

TEST(ParserTest, IntLiterals) {
  ParseResult r = Parse("9223372036854775807");
  EXPECT_EQ(ConstantOf(r).int_value(), INT64_MAX);
  r = Parse("-9223372036854775808");
  ASSERT_TRUE(r.expr);
  EXPECT_EQ(ConstantOf(r).kind(), Kind::kInt);
  EXPECT_EQ(ConstantOf(r).int_value(), INT64_MIN);
  EXPECT_EQ(ConstantOf(Parse("0x7fffffffffffffff")).int_value(), INT64_MAX);
  EXPECT_EQ(ConstantOf(Parse("-0x8000000000000000")).int_value(), INT64_MIN);
  EXPECT_EQ(ConstantOf(Parse("0x2A")).int_value(), 42);
  EXPECT_EQ(ConstantOf(Parse("007")).int_value(), 7);
  EXPECT_EQ(ErrorMessages("9223372036854775808"),
            (std::vector<std::string>{"invalid int literal: 9223372036854775808 is out of range"}));
  EXPECT_EQ(
      ErrorMessages("-9223372036854775809"),
      (std::vector<std::string>{"invalid int literal: -9223372036854775809 is out of range"}));
  EXPECT_EQ(ErrorMessages("99999999999999999999999").size(), 1u);
  // The sign folds only into a literal directly after a single minus.
  EXPECT_EQ(Parsed("-1"), "-1");
  EXPECT_EQ(Parsed("- 1"), "-1");
  EXPECT_EQ(Parsed("-(1)"), "-_(1)");
  EXPECT_EQ(Parsed("---1"), "-_(1)");
  EXPECT_EQ(Parsed("-1.abs()"), "-1.abs()");
  EXPECT_EQ(Parsed("1 -1"), "_-_(1, 1)");
}

TEST(ParserTest, UintLiterals) {
  ParseResult r = Parse("18446744073709551615u");
  EXPECT_EQ(ConstantOf(r).kind(), Kind::kUint);
  EXPECT_EQ(ConstantOf(r).uint_value(), UINT64_MAX);
  EXPECT_EQ(ConstantOf(Parse("0xFFFFFFFFFFFFFFFFU")).uint_value(), UINT64_MAX);
  EXPECT_EQ(ConstantOf(Parse("0u")).uint_value(), 0u);
  EXPECT_EQ(
      ErrorMessages("18446744073709551616u"),
      (std::vector<std::string>{"invalid uint literal: 18446744073709551616u is out of range"}));
  // Unsigned literals take no sign.
  EXPECT_EQ(Parsed("-1u"), "-_(1u)");
}

TEST(ParserTest, DoubleLiterals) {
  EXPECT_EQ(ConstantOf(Parse("1.5")).double_value(), 1.5);
  EXPECT_EQ(ConstantOf(Parse(".5")).double_value(), 0.5);
  EXPECT_EQ(ConstantOf(Parse("1e10")).double_value(), 1e10);
  EXPECT_EQ(ConstantOf(Parse("1.5e-3")).double_value(), 1.5e-3);
  EXPECT_EQ(ConstantOf(Parse("-1.5")).double_value(), -1.5);
  EXPECT_EQ(ConstantOf(Parse("-9223372036854775809.0")).double_value(), -9223372036854775809.0);
  EXPECT_EQ(ConstantOf(Parse("1e-400")).double_value(), 0.0);
  EXPECT_EQ(ConstantOf(Parse("1.0")).kind(), Kind::kDouble);
  EXPECT_EQ(ErrorMessages("1e400"),
            (std::vector<std::string>{"invalid double literal: 1e400 is out of range"}));
}

TEST(ParserTest, OtherLiterals) {
  ParseResult r = Parse("'a\\n'");
  EXPECT_EQ(ConstantOf(r).kind(), Kind::kString);
  EXPECT_EQ(ConstantOf(r).str(), "a\n");
  r = Parse("b'\\xff'");
  EXPECT_EQ(ConstantOf(r).kind(), Kind::kBytes);
  EXPECT_EQ(ConstantOf(r).str(), "\xff");
  EXPECT_EQ(Parsed("[true, false, null, 'x', b'y', 1u, 2.5]"),
            "[true, false, null, \"x\", b\"y\", 1u, 2.5]");
}

TEST(ParserTest, IdentifiersAndSelection) {
  EXPECT_EQ(Parsed("a.b.c"), "a.b.c");
  EXPECT_EQ(Parsed(".a.b"), ".a.b");
  EXPECT_EQ(Parsed("a.`content-type`"), "a.content-type");
  EXPECT_EQ(Parsed("a.?b.c"), "a.?b.c");
  EXPECT_EQ(Parsed("a.?`b-c`"), "a.?b-c");
  // Reserved words may be selected and called as receiver functions, but not named alone.
  EXPECT_EQ(Parsed("a.if.while"), "a.if.while");
  EXPECT_EQ(Parsed("a.package()"), "a.package()");
  EXPECT_EQ(ErrorMessages("if"), (std::vector<std::string>{"reserved identifier: if"}));
  EXPECT_EQ(ErrorMessages("namespace(1)"),
            (std::vector<std::string>{"reserved identifier: namespace"}));
  // Keywords are never names.
  EXPECT_EQ(
      ErrorMessages("a.in"),
      (std::vector<std::string>{"Syntax error: mismatched input 'in' expecting an identifier"}));
  EXPECT_EQ(
      ErrorMessages("`a`"),
      (std::vector<std::string>{"Syntax error: mismatched input '`a`' expecting an expression"}));
}

TEST(ParserTest, Calls) {
  EXPECT_EQ(Parsed("f()"), "f()");
  EXPECT_EQ(Parsed("f(1, a.b)"), "f(1, a.b)");
  EXPECT_EQ(Parsed("a.f(1)"), "a.f(1)");
  EXPECT_EQ(Parsed("a.b.f(1).g()"), "a.b.f(1).g()");
  EXPECT_EQ(Parsed(".f(1)"), ".f(1)");
  EXPECT_EQ(Parsed("a.f(1)[0]"), "_[_](a.f(1), 0)");
  // ExprList takes no trailing comma.
  EXPECT_EQ(
      ErrorMessages("f(1,)"),
      (std::vector<std::string>{"Syntax error: mismatched input ')' expecting an expression"}));
  // A quoted name selects a field; it cannot be called.
  EXPECT_NE(Parsed("a.`f`()").find("Syntax error"), std::string::npos);
}

TEST(ParserTest, ListsAndMaps) {
  EXPECT_EQ(Parsed("[]"), "[]");
  EXPECT_EQ(Parsed("[1, 2,]"), "[1, 2]");
  EXPECT_EQ(Parsed("[?a, b, ?c]"), "[?a, b, ?c]");
  ParseResult r = Parse("[?a, b, ?c]");
  EXPECT_EQ(r.expr->as<ListExpr>()->optional_indices, (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(Parsed("{}"), "{}");
  EXPECT_EQ(Parsed("{1: 'a', b: c,}"), "{1: \"a\", b: c}");
  EXPECT_EQ(Parsed("{?'k': v}"), "{?\"k\": v}");
  EXPECT_EQ(Parsed("{a: {b: [c]}}[a]"), "_[_]({a: {b: [c]}}, a)");
  EXPECT_NE(Parsed("[,]").find("Syntax error"), std::string::npos);
  EXPECT_NE(Parsed("{,}").find("Syntax error"), std::string::npos);
  EXPECT_EQ(ErrorMessages("[1 2]"),
            (std::vector<std::string>{"Syntax error: mismatched input '2' expecting ',' or ']'"}));
}

TEST(ParserTest, MessageConstruction) {
  EXPECT_EQ(Parsed("Msg{}"), "Msg{}");
  EXPECT_EQ(Parsed("a.b.Msg{f: 1, ?g: x,}"), "a.b.Msg{f: 1, ?g: x}");
  EXPECT_EQ(Parsed(".a.Msg{f: 1}"), ".a.Msg{f: 1}");
  EXPECT_EQ(Parsed("Msg{`in`: true, if: false}"), "Msg{in: true, if: false}");
  EXPECT_EQ(Parsed("Msg{f: 1}.f"), "Msg{f: 1}.f");
  EXPECT_EQ(Parsed("Msg{child: Msg{f: 1}}"), "Msg{child: Msg{f: 1}}");
  // Only a qualified name can be constructed.
  EXPECT_NE(Parsed("a.f(){}").find("Syntax error"), std::string::npos);
  EXPECT_NE(Parsed("(a){}").find("Syntax error"), std::string::npos);
  EXPECT_NE(Parsed("a.?b{}").find("Syntax error"), std::string::npos);
  EXPECT_NE(Parsed("a[0]{}").find("Syntax error"), std::string::npos);
  EXPECT_EQ(
      ErrorMessages("Msg{1: 2}"),
      (std::vector<std::string>{"Syntax error: mismatched input '1' expecting a field name"}));
}

// Collects every id in the tree, entries and field initializers included.
void CollectIds(const Expr& e, std::vector<int64_t>& ids) {
  ids.push_back(e.id);
  auto visit = [&](const ExprPtr& child) {
    if (child) CollectIds(*child, ids);
  };
  if (const auto* s = e.as<SelectExpr>()) visit(s->operand);
  if (const auto* c = e.as<CallExpr>()) {
    visit(c->target);
    for (const ExprPtr& a : c->args) visit(a);
  }
  if (const auto* l = e.as<ListExpr>()) {
    for (const ExprPtr& a : l->elements) visit(a);
  }
  if (const auto* m = e.as<MapExpr>()) {
    for (const MapEntryExpr& entry : m->entries) {
      ids.push_back(entry.id);
      visit(entry.key);
      visit(entry.value);
    }
  }
  if (const auto* st = e.as<StructExpr>()) {
    for (const FieldInitExpr& f : st->fields) {
      ids.push_back(f.id);
      visit(f.value);
    }
  }
  if (const auto* c = e.as<ComprehensionExpr>()) {
    for (const ExprPtr* p :
         {&c->iter_range, &c->accu_init, &c->loop_condition, &c->loop_step, &c->result}) {
      visit(*p);
    }
  }
}

TEST(ParserTest, IdsAndOffsets) {
  ParseResult r = Parse("a + b.c");
  ASSERT_TRUE(r.expr);
  const auto* call = r.expr->as<CallExpr>();
  EXPECT_EQ(call->args[0]->id, 1);
  EXPECT_EQ(call->args[0]->offset, 0);
  EXPECT_EQ(call->args[1]->as<SelectExpr>()->operand->id, 2);
  EXPECT_EQ(call->args[1]->id, 3);
  EXPECT_EQ(call->args[1]->offset, 5);  // the '.'
  EXPECT_EQ(r.expr->id, 4);
  EXPECT_EQ(r.expr->offset, 2);  // the '+'
  EXPECT_EQ(r.next_id, 5);

  r = Parse("f(x)[0]");
  EXPECT_EQ(r.expr->offset, 4);                           // the '['
  EXPECT_EQ(r.expr->as<CallExpr>()->args[0]->offset, 1);  // the '('

  for (std::string_view source :
       {"{1: [2, 3], 'k': M{f: 4, g: {5: 6}}}", "[1, 2].map(x, x * 2).exists(y, y > 1)",
        "o.a.optMap(v, v.b).optFlatMap(w, w)", "cel.bind(x, {1: 2}, x[1] + 1)"}) {
    r = Parse(source);
    ASSERT_TRUE(r.expr) << source;
    std::vector<int64_t> ids;
    CollectIds(*r.expr, ids);
    const std::set<int64_t> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << source;
    EXPECT_GT(*unique.begin(), 0) << source;
    EXPECT_LT(*unique.rbegin(), r.next_id) << source;
  }
}

TEST(ParserMacroTest, Has) {
  EXPECT_EQ(Parsed("has(a.b)"), "a.b~test-only");
  EXPECT_EQ(Parsed("has(a.b.c)"), "a.b.c~test-only");
  EXPECT_EQ(Parsed("has(a.`b-c`)"), "a.b-c~test-only");
  EXPECT_EQ(Parsed("has(a.b, c)"), "has(a.b, c)");
  EXPECT_EQ(Parsed("x.has(a.b)"), "x.has(a.b)");
  EXPECT_EQ(ErrorMessages("has(a)"),
            (std::vector<std::string>{
                "has() macro: the argument must be a field selection, e.g. has(a.f)"}));
  EXPECT_EQ(ErrorMessages("has(a[0])").size(), 1u);
  EXPECT_EQ(ErrorMessages("has(a.?b)").size(), 1u);
}

TEST(ParserMacroTest, OneVariableQuantifiers) {
  EXPECT_EQ(Parsed("l.all(x, x > 0)"),
            "__comprehension__(x, l, @result, true, @not_strictly_false(@result), "
            "_&&_(@result, _>_(x, 0)), @result)");
  EXPECT_EQ(Parsed("l.exists(x, p)"),
            "__comprehension__(x, l, @result, false, @not_strictly_false(!_(@result)), "
            "_||_(@result, p), @result)");
  const std::string exists_one =
      "__comprehension__(x, l, @result, 0, true, _?_:_(p, _+_(@result, 1), @result), "
      "_==_(@result, 1))";
  EXPECT_EQ(Parsed("l.exists_one(x, p)"), exists_one);
  EXPECT_EQ(Parsed("l.existsOne(x, p)"), exists_one);
}

TEST(ParserMacroTest, MapAndFilter) {
  EXPECT_EQ(Parsed("l.map(x, x * 2)"),
            "__comprehension__(x, l, @result, [], true, _+_(@result, [_*_(x, 2)]), @result)");
  EXPECT_EQ(Parsed("l.map(x, p, t)"),
            "__comprehension__(x, l, @result, [], true, _?_:_(p, _+_(@result, [t]), @result), "
            "@result)");
  EXPECT_EQ(Parsed("l.filter(x, p)"),
            "__comprehension__(x, l, @result, [], true, _?_:_(p, _+_(@result, [x]), @result), "
            "@result)");
}

TEST(ParserMacroTest, TwoVariableQuantifiers) {
  EXPECT_EQ(Parsed("m.all(k, v, p)"),
            "__comprehension__(k, v, m, @result, true, @not_strictly_false(@result), "
            "_&&_(@result, p), @result)");
  EXPECT_EQ(Parsed("m.exists(k, v, p)"),
            "__comprehension__(k, v, m, @result, false, @not_strictly_false(!_(@result)), "
            "_||_(@result, p), @result)");
  const std::string exists_one =
      "__comprehension__(i, v, l, @result, 0, true, _?_:_(p, _+_(@result, 1), @result), "
      "_==_(@result, 1))";
  EXPECT_EQ(Parsed("l.existsOne(i, v, p)"), exists_one);
  EXPECT_EQ(Parsed("l.exists_one(i, v, p)"), exists_one);
}

TEST(ParserMacroTest, Transforms) {
  EXPECT_EQ(Parsed("l.transformList(i, v, t)"),
            "__comprehension__(i, v, l, @result, [], true, _+_(@result, [t]), @result)");
  EXPECT_EQ(Parsed("l.transformList(i, v, p, t)"),
            "__comprehension__(i, v, l, @result, [], true, _?_:_(p, _+_(@result, [t]), "
            "@result), @result)");
  EXPECT_EQ(Parsed("m.transformMap(k, v, t)"),
            "__comprehension__(k, v, m, @result, {}, true, cel.@mapInsert(@result, k, t), "
            "@result)");
  EXPECT_EQ(Parsed("m.transformMap(k, v, p, t)"),
            "__comprehension__(k, v, m, @result, {}, true, "
            "_?_:_(p, cel.@mapInsert(@result, k, t), @result), @result)");
  EXPECT_EQ(Parsed("m.transformMapEntry(k, v, t)"),
            "__comprehension__(k, v, m, @result, {}, true, cel.@mapInsert(@result, t), "
            "@result)");
  EXPECT_EQ(Parsed("m.transformMapEntry(k, v, p, t)"),
            "__comprehension__(k, v, m, @result, {}, true, "
            "_?_:_(p, cel.@mapInsert(@result, t), @result), @result)");
}

TEST(ParserMacroTest, Bind) {
  EXPECT_EQ(Parsed("cel.bind(x, 1, x + 1)"),
            "__comprehension__(#unused, [], x, 1, false, x, _+_(x, 1))");
  EXPECT_EQ(Parsed("cel.bind(a, 1, cel.bind(b, a, b))"),
            "__comprehension__(#unused, [], a, 1, false, a, "
            "__comprehension__(#unused, [], b, a, false, b, b))");
  // Only cel.bind is the macro.
  EXPECT_EQ(Parsed("x.bind(a, 1, a)"), "x.bind(a, 1, a)");
  EXPECT_EQ(Parsed("cel.bind(a, 1)"), "cel.bind(a, 1)");
}

TEST(ParserMacroTest, OptionalTransforms) {
  EXPECT_EQ(Parsed("o.f.optMap(v, v + 1)"),
            "_?_:_(o.f.hasValue(), optional.of(__comprehension__(#unused, [], v, o.f.value(), "
            "false, v, _+_(v, 1))), optional.none())");
  EXPECT_EQ(Parsed("o.optFlatMap(v, v.?x)"),
            "_?_:_(o.hasValue(), __comprehension__(#unused, [], v, o.value(), false, v, v.?x), "
            "optional.none())");
  // The receiver is copied with fresh ids.
  ParseResult r = Parse("o.f.optMap(v, v)");
  ASSERT_TRUE(r.expr);
  const auto& args = r.expr->as<CallExpr>()->args;
  const Expr& has_value_target = *args[0]->as<CallExpr>()->target;
  const auto& bind = *args[1]->as<CallExpr>()->args[0]->as<ComprehensionExpr>();
  const Expr& value_target = *bind.accu_init->as<CallExpr>()->target;
  EXPECT_NE(has_value_target.id, value_target.id);
  EXPECT_EQ(has_value_target.offset, value_target.offset);
}

TEST(ParserMacroTest, SortBy) {
  EXPECT_EQ(Parsed("l.sortBy(e, e.score)"),
            "l.@sortByAssociatedKeys(__comprehension__(e, l, @result, [], true, "
            "_+_(@result, [e.score]), @result))");
  // A receiver that is not a name is bound once.
  EXPECT_EQ(Parsed("[3, 1].sortBy(e, -e)"),
            "__comprehension__(#unused, [], @__sortBy_input__, [3, 1], false, @__sortBy_input__, "
            "@__sortBy_input__.@sortByAssociatedKeys(__comprehension__(e, @__sortBy_input__, "
            "@result, [], true, _+_(@result, [-_(e)]), @result)))");
  EXPECT_EQ(
      ErrorMessages("l.sortBy(e.f, 1)"),
      (std::vector<std::string>{"sortBy() macro: the variable name must be a simple identifier"}));
  EXPECT_EQ(Parsed("l.sortBy(e)"), "l.sortBy(e)");
}

TEST(ParserMacroTest, WrongArgumentCountIsAnOrdinaryCall) {
  EXPECT_EQ(Parsed("l.map(x)"), "l.map(x)");
  EXPECT_EQ(Parsed("l.filter(x, y, z)"), "l.filter(x, y, z)");
  EXPECT_EQ(Parsed("l.all(a, b, c, d)"), "l.all(a, b, c, d)");
  EXPECT_EQ(Parsed("l.transformMap(k, v)"), "l.transformMap(k, v)");
  EXPECT_EQ(Parsed("all(l, x, p)"), "all(l, x, p)");
  EXPECT_EQ(Parsed("o.optMap(v)"), "o.optMap(v)");
}

TEST(ParserMacroTest, VariablesMustBeSimpleNames) {
  EXPECT_EQ(
      ErrorMessages("l.all(x.y, true)"),
      (std::vector<std::string>{"all() macro: the variable name must be a simple identifier"}));
  EXPECT_EQ(
      ErrorMessages("l.map(.x, x)"),
      (std::vector<std::string>{"map() macro: the variable name must be a simple identifier"}));
  EXPECT_EQ(
      ErrorMessages("l.exists(i, f(v), true)"),
      (std::vector<std::string>{"exists() macro: the variable name must be a simple identifier"}));
  EXPECT_EQ(
      ErrorMessages("cel.bind(1, 2, 3)"),
      (std::vector<std::string>{"bind() macro: the variable name must be a simple identifier"}));
  EXPECT_EQ(
      ErrorMessages("o.optMap(o.x, 1)"),
      (std::vector<std::string>{"optMap() macro: the variable name must be a simple identifier"}));
  EXPECT_EQ(ErrorMessages("m.transformMap(k, k, v)"),
            (std::vector<std::string>{
                "transformMap() macro: the two variables must have different names, got 'k' "
                "twice"}));
  // The error points at the offending argument.
  EXPECT_EQ(FormatErrors("[1].exists(x.y, true)", Parse("[1].exists(x.y, true)").errors),
            "ERROR: <input>:1:13: exists() macro: the variable name must be a simple identifier\n"
            " | [1].exists(x.y, true)\n"
            " | ............^");
}

TEST(ParserMacroTest, DisabledMacrosStayCalls) {
  EXPECT_EQ(Parsed("has(a.b)", WithoutMacros()), "has(a.b)");
  EXPECT_EQ(Parsed("l.all(x, p)", WithoutMacros()), "l.all(x, p)");
  EXPECT_EQ(Parsed("cel.bind(x, 1, x)", WithoutMacros()), "cel.bind(x, 1, x)");
  EXPECT_EQ(Parsed("has(a)", WithoutMacros()), "has(a)");
}

TEST(ParserMacroTest, NestedMacros) {
  EXPECT_EQ(Parsed("l.all(x, x.exists(y, has(y.z)))"),
            "__comprehension__(x, l, @result, true, @not_strictly_false(@result), "
            "_&&_(@result, __comprehension__(y, x, @result, false, "
            "@not_strictly_false(!_(@result)), _||_(@result, y.z~test-only), @result)), "
            "@result)");
}

TEST(ParserErrorTest, CaretRendering) {
  EXPECT_EQ(Parsed("a + + b"),
            "ERROR: <input>:1:5: Syntax error: mismatched input '+' expecting an expression\n"
            " | a + + b\n"
            " | ....^");
  EXPECT_EQ(Parsed("(a"),
            "ERROR: <input>:1:3: Syntax error: mismatched input '<EOF>' expecting ')'\n"
            " | (a\n"
            " | ..^");
  EXPECT_EQ(Parsed("a b"),
            "ERROR: <input>:1:3: Syntax error: mismatched input 'b' expecting <EOF>\n"
            " | a b\n"
            " | ..^");
  // Lines and columns are 1-based; columns count code points; tabs render as spaces.
  EXPECT_EQ(Parsed("a &&\n\t'éé' ?"),
            "ERROR: <input>:2:8: Syntax error: mismatched input '<EOF>' expecting an expression\n"
            " |  'éé' ?\n"
            " | .......^");
}

TEST(ParserErrorTest, CollectsSeveralErrorsInSourceOrder) {
  EXPECT_EQ(Parsed("if + 9223372036854775808 + l.all(x.y, true) # 1"),
            "ERROR: <input>:1:1: reserved identifier: if\n"
            " | if + 9223372036854775808 + l.all(x.y, true) # 1\n"
            " | ^\n"
            "ERROR: <input>:1:6: invalid int literal: 9223372036854775808 is out of range\n"
            " | if + 9223372036854775808 + l.all(x.y, true) # 1\n"
            " | .....^\n"
            "ERROR: <input>:1:35: all() macro: the variable name must be a simple identifier\n"
            " | if + 9223372036854775808 + l.all(x.y, true) # 1\n"
            " | ..................................^\n"
            "ERROR: <input>:1:45: Syntax error: token recognition error at: '#'\n"
            " | if + 9223372036854775808 + l.all(x.y, true) # 1\n"
            " | ............................................^\n"
            "ERROR: <input>:1:47: Syntax error: mismatched input '1' expecting <EOF>\n"
            " | if + 9223372036854775808 + l.all(x.y, true) # 1\n"
            " | ..............................................^");
}

TEST(ParserErrorTest, ErrorsCarryLineColumnAndOffset) {
  ParseResult r = Parse("a &&\n  if");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].column, 3);
  EXPECT_EQ(r.errors[0].offset, 7);
  EXPECT_EQ(r.expr, nullptr);
}

TEST(ParserErrorTest, LocateError) {
  const SourceError e = LocateError("ab\ncdé f\n", 8, "m");  // at 'f'
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.offset, 8);
  EXPECT_EQ(e.message, "m");
  EXPECT_EQ(LocateError("ab", 0, "m").column, 1);
  // Offsets past the end clamp to it.
  EXPECT_EQ(LocateError("ab", 99, "m").offset, 2);
}

TEST(ParserErrorTest, FormatErrorsUsesGivenPositions) {
  const std::string source = "x\ny + z";
  EXPECT_EQ(FormatErrors(source, {SourceError{2, 3, 0, "undeclared reference"}}),
            "ERROR: <input>:2:3: undeclared reference\n"
            " | y + z\n"
            " | ..^");
  EXPECT_EQ(FormatErrors(source, {}), "");
}

TEST(ParserLimitTest, SourceSize) {
  ParseOptions options;
  options.limits.max_source_bytes = 10;
  EXPECT_EQ(ErrorMessages("aaaaa + bbbbb", options),
            (std::vector<std::string>{"expression is 13 bytes, larger than the limit of 10"}));
  EXPECT_EQ(Parsed("aaaa + bbb", options), "_+_(aaaa, bbb)");
}

std::string Repeat(std::string_view part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

TEST(ParserLimitTest, NestingDepth) {
  const std::string deep_parens = Repeat("(", 40'000) + "1" + Repeat(")", 40'000);
  EXPECT_EQ(ErrorMessages(deep_parens),
            (std::vector<std::string>{"expression nesting is deeper than the limit of 250"}));
  EXPECT_EQ(ErrorMessages(Repeat("[", 300) + Repeat("]", 300)).size(), 1u);
  EXPECT_EQ(ErrorMessages(Repeat("f(", 300) + Repeat(")", 300)).size(), 1u);
  EXPECT_EQ(ErrorMessages(Repeat("{1: ", 300) + "1" + Repeat("}", 300)).size(), 1u);
  EXPECT_EQ(ErrorMessages("a" + Repeat(".b", 300)).size(), 1u);
  EXPECT_EQ(ErrorMessages("a" + Repeat("[0]", 300)).size(), 1u);
  EXPECT_EQ(ErrorMessages(Repeat("-(", 300) + "1" + Repeat(")", 300)).size(), 1u);

  // Within the limit, and the conformance "parse" shapes.
  EXPECT_EQ(Parsed(Repeat("(", 200) + "7" + Repeat(")", 200)), "7");
  EXPECT_EQ(Parsed("a" + Repeat(".b", 100)), "a" + Repeat(".b", 100));
  EXPECT_EQ(Parsed(Repeat("[", 32) + "0" + Repeat("]", 32)),
            Repeat("[", 32) + "0" + Repeat("]", 32));
  ParseOptions tight;
  tight.limits.max_nesting_depth = 5;
  EXPECT_EQ(Parsed("((((1))))", tight), "1");  // depth 5: the top expression and 4 parentheses
  EXPECT_EQ(ErrorMessages("(((((1)))))", tight),
            (std::vector<std::string>{"expression nesting is deeper than the limit of 5"}));
}

TEST(ParserLimitTest, OperatorChainsCountTowardTheDepth) {
  // Each operator of a left-associative chain nests the tree one level deeper.
  EXPECT_TRUE(Parse("a" + Repeat(" + a", 200)).expr);
  EXPECT_EQ(ErrorMessages("a" + Repeat(" + a", 300)),
            (std::vector<std::string>{"expression nesting is deeper than the limit of 250"}));
  EXPECT_TRUE(Parse(Repeat("true ? true : ", 200) + "false").expr);
  EXPECT_EQ(ErrorMessages(Repeat("true ? true : ", 300) + "false").size(), 1u);
  // `&&` and `||` chains are balanced, so they hardly nest.
  EXPECT_TRUE(Parse("true" + Repeat(" || false", 10'000)).expr);
  EXPECT_TRUE(Parse("[" + Repeat("0, ", 10'000) + "1][17]").expr);
}

TEST(ParserLimitTest, LongChainsParseIteratively) {
  // With the limit raised, chains far longer than the parser could recurse parse in loops.
  ParseOptions options;
  options.limits.max_nesting_depth = 1'000'000;
  ParseResult r = Parse("a" + Repeat(" + a", 5'000), options);
  ASSERT_TRUE(r.expr);
  EXPECT_EQ(r.next_id, 10'002);
  EXPECT_TRUE(Parse(Repeat("true ? true : ", 5'000) + "false", options).expr);
  EXPECT_TRUE(Parse("a" + Repeat(" * a", 5'000), options).expr);
}

TEST(ParserLimitTest, NodeCount) {
  ParseOptions options;
  options.limits.max_ast_nodes = 10;
  EXPECT_EQ(Parsed("a + a + a + a + a", options), "_+_(_+_(_+_(_+_(a, a), a), a), a)");
  EXPECT_EQ(ErrorMessages("a + a + a + a + a + a", options),
            (std::vector<std::string>{"expression has more than 10 nodes, the limit"}));
  // Macro expansions count.
  EXPECT_EQ(ErrorMessages("l.exists(x, x)", options).size(), 1u);
}

}  // namespace
}  // namespace portcullis::cel
