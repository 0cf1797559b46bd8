// Test-only: renders an AST on one line so tests can assert whole trees, e.g.
//   _+_(a, _*_(b, 2))   x.f   x.?f   x.f~test-only   t.f(1u, "s")   [1, ?x]   {k: v}
//   M{f: v}   __comprehension__(x, range, @result, init, condition, step, result)
// (two-variable comprehensions list both variables first).
#pragma once

#include <string>

#include "cel/ast.h"
#include "cel/value_ops.h"

namespace portcullis::cel::testing {

inline void AppendExpr(std::string& out, const Expr& e);

inline void AppendList(std::string& out, const std::vector<ExprPtr>& exprs) {
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    AppendExpr(out, *exprs[i]);
  }
}

inline void AppendExpr(std::string& out, const Expr& e) {
  if (const auto* c = e.as<ConstantExpr>()) {
    out += DebugString(c->value);  // CEL literal syntax
  } else if (const auto* i = e.as<IdentExpr>()) {
    out += i->name;
  } else if (const auto* s = e.as<SelectExpr>()) {
    AppendExpr(out, *s->operand);
    out += s->optional ? ".?" : ".";
    out += s->field;
    if (s->test_only) out += "~test-only";
  } else if (const auto* call = e.as<CallExpr>()) {
    if (call->target) {
      AppendExpr(out, *call->target);
      out += '.';
    }
    out += call->function + "(";
    AppendList(out, call->args);
    out += ')';
  } else if (const auto* list = e.as<ListExpr>()) {
    out += '[';
    for (size_t k = 0; k < list->elements.size(); ++k) {
      if (k > 0) out += ", ";
      for (int32_t opt : list->optional_indices) {
        if (opt == static_cast<int32_t>(k)) out += '?';
      }
      AppendExpr(out, *list->elements[k]);
    }
    out += ']';
  } else if (const auto* map = e.as<MapExpr>()) {
    out += '{';
    for (size_t k = 0; k < map->entries.size(); ++k) {
      if (k > 0) out += ", ";
      if (map->entries[k].optional) out += '?';
      AppendExpr(out, *map->entries[k].key);
      out += ": ";
      AppendExpr(out, *map->entries[k].value);
    }
    out += '}';
  } else if (const auto* st = e.as<StructExpr>()) {
    out += st->message_name + "{";
    for (size_t k = 0; k < st->fields.size(); ++k) {
      if (k > 0) out += ", ";
      if (st->fields[k].optional) out += '?';
      out += st->fields[k].field + ": ";
      AppendExpr(out, *st->fields[k].value);
    }
    out += '}';
  } else if (const auto* comp = e.as<ComprehensionExpr>()) {
    out += "__comprehension__(" + comp->iter_var + ", ";
    if (!comp->iter_var2.empty()) out += comp->iter_var2 + ", ";
    AppendExpr(out, *comp->iter_range);
    out += ", " + comp->accu_var + ", ";
    AppendExpr(out, *comp->accu_init);
    out += ", ";
    AppendExpr(out, *comp->loop_condition);
    out += ", ";
    AppendExpr(out, *comp->loop_step);
    out += ", ";
    AppendExpr(out, *comp->result);
    out += ')';
  }
}

inline std::string PrintExpr(const Expr& e) {
  std::string out;
  AppendExpr(out, e);
  return out;
}

}  // namespace portcullis::cel::testing
