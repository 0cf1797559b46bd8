// Compiling the CEL of conditions and outputs (see compile_context.h).
#include <variant>

#include "cel/parser.h"
#include "policy/compile_context.h"

namespace portcullis::policy::compile_detail {
namespace {

bool IsVariablesIdent(const cel::Expr& e) {
  const auto* ident = e.as<cel::IdentExpr>();
  return ident && (ident->name == "V" || ident->name == "variables");
}

void CollectVariables(const cel::Expr& e, std::set<std::string>& out) {
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, cel::IdentExpr>) {
          std::string_view name = node.name;
          for (std::string_view prefix : {"V.", "variables."}) {
            if (name.starts_with(prefix)) {
              std::string_view rest = name.substr(prefix.size());
              out.emplace(rest.substr(0, rest.find('.')));
            }
          }
        } else if constexpr (std::is_same_v<T, cel::SelectExpr>) {
          if (IsVariablesIdent(*node.operand)) {
            out.insert(node.field);
          } else {
            CollectVariables(*node.operand, out);
          }
        } else if constexpr (std::is_same_v<T, cel::CallExpr>) {
          if (node.function == "_[_]" && node.args.size() == 2 && IsVariablesIdent(*node.args[0])) {
            if (const auto* key = node.args[1]->template as<cel::ConstantExpr>();
                key && key->value.is(cel::Kind::kString)) {
              out.emplace(key->value.str());
            }
          }
          if (node.target) CollectVariables(*node.target, out);
          for (const cel::ExprPtr& arg : node.args) CollectVariables(*arg, out);
        } else if constexpr (std::is_same_v<T, cel::ListExpr>) {
          for (const cel::ExprPtr& element : node.elements) CollectVariables(*element, out);
        } else if constexpr (std::is_same_v<T, cel::MapExpr>) {
          for (const cel::MapEntryExpr& entry : node.entries) {
            CollectVariables(*entry.key, out);
            CollectVariables(*entry.value, out);
          }
        } else if constexpr (std::is_same_v<T, cel::StructExpr>) {
          for (const cel::FieldInitExpr& field : node.fields) CollectVariables(*field.value, out);
        } else if constexpr (std::is_same_v<T, cel::ComprehensionExpr>) {
          for (const cel::ExprPtr* part : {&node.iter_range, &node.accu_init, &node.loop_condition,
                                           &node.loop_step, &node.result}) {
            if (*part) CollectVariables(**part, out);
          }
        }
      },
      e.kind);
}

std::optional<compiled::Condition> CompileMatch(CompileContext& ctx, const Match& match,
                                                const compiled::Params& params) {
  compiled::Condition out;
  out.op = match.op;
  if (match.op == Match::Op::kExpr) {
    CheckVariablesDefined(ctx, match.expr, params, "condition");
    out.program = CompileExpression(ctx, match.expr);
    if (!out.program) return std::nullopt;
    return out;
  }
  bool ok = true;
  for (const Match& child : match.of) {
    std::optional<compiled::Condition> compiled_child = CompileMatch(ctx, child, params);
    if (compiled_child) {
      out.of.push_back(std::move(*compiled_child));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<cel::Program> CompileOutputExpression(CompileContext& ctx, const Expression* expr,
                                                    const compiled::Params& params) {
  if (!expr) return std::nullopt;
  CheckVariablesDefined(ctx, *expr, params, "output");
  return CompileExpression(ctx, *expr);
}

}  // namespace

std::optional<cel::Program> CompileExpression(CompileContext& ctx, const Expression& expr) {
  cel::CompileResult result = cel::Compile(expr.source);
  if (result.ok()) return std::move(*result.program);
  ctx.Error(PolicyErrorKind::kInvalidExpression, expr.location,
            "invalid expression `" + expr.source + "`:\n" + result.FormattedErrors());
  return std::nullopt;
}

std::set<std::string> ReferencedVariables(std::string_view source) {
  std::set<std::string> names;
  cel::ParseResult parsed = cel::Parse(source);
  if (parsed.expr) CollectVariables(*parsed.expr, names);
  return names;
}

void CheckVariablesDefined(CompileContext& ctx, const Expression& expr,
                           const compiled::Params& params, std::string_view what) {
  for (const std::string& name : ReferencedVariables(expr.source)) {
    if (params.FindVariable(name) < 0) {
      ctx.Error(PolicyErrorKind::kUndefinedVariable, expr.location,
                "undefined variable '" + name + "' referenced in " + std::string(what));
    }
  }
}

std::optional<compiled::Condition> CompileCondition(CompileContext& ctx, const Condition& condition,
                                                    const compiled::Params& params) {
  return CompileMatch(ctx, condition.match, params);
}

compiled::Output CompileOutput(CompileContext& ctx, const Output& output,
                               const compiled::Params& params) {
  compiled::Output out;
  out.rule_activated = CompileOutputExpression(ctx, output.RuleActivatedExpression(), params);
  out.condition_not_met = CompileOutputExpression(
      ctx, output.condition_not_met ? &*output.condition_not_met : nullptr, params);
  return out;
}

}  // namespace portcullis::policy::compile_detail
