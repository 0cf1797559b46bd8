// The macro expansions, with @result the accumulator (kAccumulatorName), r the receiver, and
// comprehensions written (iter_var[, iter_var2], iter_range, accu_var, accu_init,
// loop_condition, loop_step, result):
//
//   has(e.f)            e.f as a SelectExpr with test_only
//   r.all(x, p)         (x, r, @result, true, @not_strictly_false(@result),
//                        @result && p, @result)
//   r.exists(x, p)      (x, r, @result, false, @not_strictly_false(!@result),
//                        @result || p, @result)
//   r.exists_one(x, p)  (x, r, @result, 0, true, p ? @result + 1 : @result, @result == 1);
//                       existsOne is the same; all/exists/exists_one/existsOne(i, v, p) bind
//                       two variables
//   r.map(x, t)         (x, r, @result, [], true, @result + [t], @result)
//   r.map(x, p, t)      (x, r, @result, [], true, p ? @result + [t] : @result, @result)
//   r.filter(x, p)      (x, r, @result, [], true, p ? @result + [x] : @result, @result)
//   r.transformList(i, v, [p,] t)      like map, with two variables
//   r.transformMap(k, v, [p,] t)       (k, v, r, @result, {}, true,
//                                       [p ?] cel.@mapInsert(@result, k, t) [: @result], @result)
//   r.transformMapEntry(k, v, [p,] t)  the same with cel.@mapInsert(@result, t)
//   cel.bind(v, init, body)            (#unused, [], v, init, false, v, body)
//   r.sortBy(e, key)    r.@sortByAssociatedKeys(r.map(e, key)), or when r is not an identifier
//                       cel.bind(@__sortBy_input__, r, <the same on @__sortBy_input__>)
//   r.optMap(v, t)      r.hasValue() ? optional.of(cel.bind(v, r.value(), t)) : optional.none()
//   r.optFlatMap(v, t)  r.hasValue() ? cel.bind(v, r.value(), t) : optional.none()
//
// Operators are calls with their cel-spec names (`_&&_`, `_?_:_`, ...); the nodes a macro adds
// take the offset of the call's '('.
#include "cel/macros.h"

#include <array>
#include <optional>

namespace portcullis::cel {
namespace {

// Deep-copies the alternative held by an Expr, giving every node a fresh id.
struct KindCopier {
  ExprFactory& factory;

  ExprPtr Copy(const ExprPtr& expr) const { return expr ? factory.Copy(*expr) : nullptr; }
  std::vector<ExprPtr> Copy(const std::vector<ExprPtr>& exprs) const {
    std::vector<ExprPtr> out;
    out.reserve(exprs.size());
    for (const ExprPtr& e : exprs) out.push_back(Copy(e));
    return out;
  }

  ConstantExpr operator()(const ConstantExpr& c) const { return c; }
  IdentExpr operator()(const IdentExpr& i) const { return i; }
  SelectExpr operator()(const SelectExpr& s) const {
    return {Copy(s.operand), s.field, s.test_only, s.optional};
  }
  CallExpr operator()(const CallExpr& c) const {
    return {c.function, Copy(c.target), Copy(c.args)};
  }
  ListExpr operator()(const ListExpr& l) const { return {Copy(l.elements), l.optional_indices}; }
  MapExpr operator()(const MapExpr& m) const {
    MapExpr out;
    for (const MapEntryExpr& e : m.entries) {
      out.entries.push_back({factory.NewId(), Copy(e.key), Copy(e.value), e.optional});
    }
    return out;
  }
  StructExpr operator()(const StructExpr& s) const {
    StructExpr out{s.message_name, {}};
    for (const FieldInitExpr& f : s.fields) {
      out.fields.push_back({factory.NewId(), f.field, Copy(f.value), f.optional});
    }
    return out;
  }
  ComprehensionExpr operator()(const ComprehensionExpr& c) const {
    return {c.iter_var,        c.iter_var2,       Copy(c.iter_range),
            c.accu_var,        Copy(c.accu_init), Copy(c.loop_condition),
            Copy(c.loop_step), Copy(c.result)};
  }
};

// One use of a macro: the call being expanded.
struct MacroCall {
  ExprFactory& factory;
  int32_t offset;
  std::string_view name;
  ExprPtr& target;
  std::vector<ExprPtr>& args;
  std::vector<SourceError>& errors;

  void Report(int32_t at, std::string message) {
    errors.push_back(SourceError{0, 0, at, std::string(name) + "() macro: " + std::move(message)});
  }
  // Stands in for a malformed macro; the parse fails, so it is never evaluated.
  ExprPtr Placeholder() { return factory.Constant(offset, Value::Null()); }

  // The name written as argument `i` when it is a simple identifier.
  std::optional<std::string> VariableName(size_t i) {
    const auto* ident = args[i]->as<IdentExpr>();
    if (ident == nullptr || ident->name.starts_with('.')) {
      Report(args[i]->offset, "the variable name must be a simple identifier");
      return std::nullopt;
    }
    return ident->name;
  }

  // Names of the first `count` (1 or 2) arguments, the iteration variables.
  std::optional<std::pair<std::string, std::string>> IterationVariables(size_t count) {
    std::optional<std::string> first = VariableName(0);
    if (!first) return std::nullopt;
    if (count == 1) return std::pair{std::move(*first), std::string()};
    std::optional<std::string> second = VariableName(1);
    if (!second) return std::nullopt;
    if (*first == *second) {
      Report(args[1]->offset,
             "the two variables must have different names, got '" + *first + "' twice");
      return std::nullopt;
    }
    return std::pair{std::move(*first), std::move(*second)};
  }

  ExprPtr Accu() { return factory.Ident(offset, std::string(kAccumulatorName)); }
  ExprPtr Bool(bool b) { return factory.Constant(offset, Value::Bool(b)); }
  ExprPtr Int(int64_t i) { return factory.Constant(offset, Value::Int(i)); }
  ExprPtr Call(std::string function, std::vector<ExprPtr> call_args) {
    return factory.GlobalCall(offset, std::move(function), std::move(call_args));
  }
  // `cond ? then : @result`, the step of the filtering forms.
  ExprPtr OnlyIf(ExprPtr cond, ExprPtr then) {
    return Call("_?_:_", MakeArgs(std::move(cond), std::move(then), Accu()));
  }
  // `@result + [element]`
  ExprPtr Append(ExprPtr element) {
    ListExpr list;
    list.elements.push_back(std::move(element));
    return Call("_+_", MakeArgs(Accu(), factory.New(offset, std::move(list))));
  }

  ExprPtr Comprehension(std::pair<std::string, std::string> vars, ExprPtr init, ExprPtr condition,
                        ExprPtr step, ExprPtr result) {
    return factory.New(
        offset, ComprehensionExpr{std::move(vars.first), std::move(vars.second), std::move(target),
                                  std::string(kAccumulatorName), std::move(init),
                                  std::move(condition), std::move(step), std::move(result)});
  }
};

// has(e.f) -> e.f as a presence test.
ExprPtr ExpandHas(MacroCall& c) {
  auto* select = std::get_if<SelectExpr>(&c.args[0]->kind);
  if (select == nullptr || select->optional) {
    c.Report(c.args[0]->offset, "the argument must be a field selection, e.g. has(a.f)");
    return c.Placeholder();
  }
  select->test_only = true;
  return std::move(c.args[0]);
}

// Number of iteration variables of all/exists/existsOne: (x, p) or (i, v, p).
size_t QuantifierVariables(const MacroCall& c) {
  return c.args.size() - 1;
}

ExprPtr ExpandAll(MacroCall& c) {
  auto vars = c.IterationVariables(QuantifierVariables(c));
  if (!vars) return c.Placeholder();
  ExprPtr condition = c.Call("@not_strictly_false", MakeArgs(c.Accu()));
  ExprPtr step = c.Call("_&&_", MakeArgs(c.Accu(), std::move(c.args.back())));
  return c.Comprehension(std::move(*vars), c.Bool(true), std::move(condition), std::move(step),
                         c.Accu());
}

ExprPtr ExpandExists(MacroCall& c) {
  auto vars = c.IterationVariables(QuantifierVariables(c));
  if (!vars) return c.Placeholder();
  ExprPtr condition = c.Call("@not_strictly_false", MakeArgs(c.Call("!_", MakeArgs(c.Accu()))));
  ExprPtr step = c.Call("_||_", MakeArgs(c.Accu(), std::move(c.args.back())));
  return c.Comprehension(std::move(*vars), c.Bool(false), std::move(condition), std::move(step),
                         c.Accu());
}

ExprPtr ExpandExistsOne(MacroCall& c) {
  auto vars = c.IterationVariables(QuantifierVariables(c));
  if (!vars) return c.Placeholder();
  ExprPtr step = c.OnlyIf(std::move(c.args.back()), c.Call("_+_", MakeArgs(c.Accu(), c.Int(1))));
  ExprPtr result = c.Call("_==_", MakeArgs(c.Accu(), c.Int(1)));
  return c.Comprehension(std::move(*vars), c.Int(0), c.Bool(true), std::move(step),
                         std::move(result));
}

// `step` is `@result + [t]`, guarded by the filter `p` when one is given.
ExprPtr MaybeFiltered(MacroCall& c, ExprPtr filter, ExprPtr step) {
  return filter ? c.OnlyIf(std::move(filter), std::move(step)) : std::move(step);
}

// map(x, t), map(x, p, t); transformList(i, v, t), transformList(i, v, p, t).
ExprPtr ExpandListTransform(MacroCall& c, size_t variables) {
  auto vars = c.IterationVariables(variables);
  if (!vars) return c.Placeholder();
  const bool filtered = c.args.size() == variables + 2;
  ExprPtr filter = filtered ? std::move(c.args[variables]) : nullptr;
  ExprPtr step = MaybeFiltered(c, std::move(filter), c.Append(std::move(c.args.back())));
  return c.Comprehension(std::move(*vars), c.factory.New(c.offset, ListExpr{}), c.Bool(true),
                         std::move(step), c.Accu());
}

ExprPtr ExpandMap(MacroCall& c) {
  return ExpandListTransform(c, 1);
}
ExprPtr ExpandTransformList(MacroCall& c) {
  return ExpandListTransform(c, 2);
}

ExprPtr ExpandFilter(MacroCall& c) {
  auto vars = c.IterationVariables(1);
  if (!vars) return c.Placeholder();
  ExprPtr element = c.factory.Ident(c.offset, vars->first);
  ExprPtr step = c.OnlyIf(std::move(c.args[1]), c.Append(std::move(element)));
  return c.Comprehension(std::move(*vars), c.factory.New(c.offset, ListExpr{}), c.Bool(true),
                         std::move(step), c.Accu());
}

// transformMap(k, v, [p,] t): cel.@mapInsert(@result, k, t);
// transformMapEntry(k, v, [p,] t): cel.@mapInsert(@result, t), t being a one-entry map.
ExprPtr ExpandMapTransform(MacroCall& c, bool whole_entry) {
  auto vars = c.IterationVariables(2);
  if (!vars) return c.Placeholder();
  ExprPtr filter = c.args.size() == 4 ? std::move(c.args[2]) : nullptr;
  std::vector<ExprPtr> insert_args = MakeArgs(c.Accu());
  if (!whole_entry) insert_args.push_back(c.factory.Ident(c.offset, vars->first));
  insert_args.push_back(std::move(c.args.back()));
  ExprPtr step =
      MaybeFiltered(c, std::move(filter), c.Call("cel.@mapInsert", std::move(insert_args)));
  return c.Comprehension(std::move(*vars), c.factory.New(c.offset, MapExpr{}), c.Bool(true),
                         std::move(step), c.Accu());
}

ExprPtr ExpandTransformMap(MacroCall& c) {
  return ExpandMapTransform(c, false);
}
ExprPtr ExpandTransformMapEntry(MacroCall& c) {
  return ExpandMapTransform(c, true);
}

// cel.bind(v, init, body): a comprehension over nothing whose accumulator is `v`.
ExprPtr Bind(MacroCall& c, std::string var, ExprPtr init, ExprPtr body) {
  ExprPtr step = c.factory.Ident(c.offset, var);
  return c.factory.New(
      c.offset,
      ComprehensionExpr{"#unused", "", c.factory.New(c.offset, ListExpr{}), std::move(var),
                        std::move(init), c.Bool(false), std::move(step), std::move(body)});
}

ExprPtr ExpandBind(MacroCall& c) {
  std::optional<std::string> var = c.VariableName(0);
  if (!var) return c.Placeholder();
  return Bind(c, std::move(*var), std::move(c.args[1]), std::move(c.args[2]));
}

// r.sortBy(e, key): r.@sortByAssociatedKeys(r.map(e, key)) (cel-go's lists extension). Unless
// r is an identifier it is bound to a variable first, so that it is evaluated once.
ExprPtr ExpandSortBy(MacroCall& c) {
  constexpr std::string_view kInput = "@__sortBy_input__";
  ExprPtr list = std::move(c.target);
  const bool named = list->as<IdentExpr>() != nullptr;
  auto reference = [&] {
    return named ? c.factory.Copy(*list) : c.factory.Ident(c.offset, std::string(kInput));
  };
  c.target = reference();
  ExprPtr keys = ExpandListTransform(c, 1);
  ExprPtr sorted = c.factory.ReceiverCall(c.offset, "@sortByAssociatedKeys", reference(),
                                          MakeArgs(std::move(keys)));
  if (named) return sorted;
  return Bind(c, std::string(kInput), std::move(list), std::move(sorted));
}

// opt.optMap(v, t):     opt.hasValue() ? optional.of(cel.bind(v, opt.value(), t)) : optional.none()
// opt.optFlatMap(v, t): opt.hasValue() ? cel.bind(v, opt.value(), t) : optional.none()
ExprPtr ExpandOptionalTransform(MacroCall& c, bool wrap_result) {
  std::optional<std::string> var = c.VariableName(0);
  if (!var) return c.Placeholder();
  ExprPtr target_copy = c.factory.Copy(*c.target);
  ExprPtr has_value = c.factory.ReceiverCall(c.offset, "hasValue", std::move(c.target), {});
  ExprPtr value = c.factory.ReceiverCall(c.offset, "value", std::move(target_copy), {});
  ExprPtr result = Bind(c, std::move(*var), std::move(value), std::move(c.args[1]));
  if (wrap_result) result = c.Call("optional.of", MakeArgs(std::move(result)));
  return c.Call("_?_:_",
                MakeArgs(std::move(has_value), std::move(result), c.Call("optional.none", {})));
}

ExprPtr ExpandOptMap(MacroCall& c) {
  return ExpandOptionalTransform(c, true);
}
ExprPtr ExpandOptFlatMap(MacroCall& c) {
  return ExpandOptionalTransform(c, false);
}

struct MacroDefinition {
  std::string_view name;
  bool receiver_style;
  size_t arg_count;
  std::string_view required_receiver;  // the target must be this identifier (cel.bind)
  ExprPtr (*expand)(MacroCall&);
};

constexpr std::array kMacros = {
    MacroDefinition{"has", false, 1, "", ExpandHas},
    MacroDefinition{"all", true, 2, "", ExpandAll},
    MacroDefinition{"all", true, 3, "", ExpandAll},
    MacroDefinition{"exists", true, 2, "", ExpandExists},
    MacroDefinition{"exists", true, 3, "", ExpandExists},
    MacroDefinition{"exists_one", true, 2, "", ExpandExistsOne},
    MacroDefinition{"exists_one", true, 3, "", ExpandExistsOne},
    MacroDefinition{"existsOne", true, 2, "", ExpandExistsOne},
    MacroDefinition{"existsOne", true, 3, "", ExpandExistsOne},
    MacroDefinition{"map", true, 2, "", ExpandMap},
    MacroDefinition{"map", true, 3, "", ExpandMap},
    MacroDefinition{"filter", true, 2, "", ExpandFilter},
    MacroDefinition{"transformList", true, 3, "", ExpandTransformList},
    MacroDefinition{"transformList", true, 4, "", ExpandTransformList},
    MacroDefinition{"transformMap", true, 3, "", ExpandTransformMap},
    MacroDefinition{"transformMap", true, 4, "", ExpandTransformMap},
    MacroDefinition{"transformMapEntry", true, 3, "", ExpandTransformMapEntry},
    MacroDefinition{"transformMapEntry", true, 4, "", ExpandTransformMapEntry},
    MacroDefinition{"bind", true, 3, "cel", ExpandBind},
    MacroDefinition{"sortBy", true, 2, "", ExpandSortBy},
    MacroDefinition{"optMap", true, 2, "", ExpandOptMap},
    MacroDefinition{"optFlatMap", true, 2, "", ExpandOptFlatMap},
};

bool Matches(const MacroDefinition& macro, std::string_view function, const ExprPtr& target,
             size_t arg_count) {
  if (macro.name != function || macro.arg_count != arg_count) return false;
  if (macro.receiver_style != (target != nullptr)) return false;
  if (macro.required_receiver.empty()) return true;
  const auto* ident = target->as<IdentExpr>();
  return ident != nullptr && ident->name == macro.required_receiver;
}

}  // namespace

ExprPtr ExprFactory::Copy(const Expr& expr) {
  auto copy = std::make_unique<Expr>();
  copy->id = NewId();
  copy->offset = expr.offset;
  KindCopier copier{*this};
  std::visit([&](const auto& kind) { copy->kind = copier(kind); }, expr.kind);
  return copy;
}

ExprPtr ExpandMacro(ExprFactory& factory, int32_t offset, std::string_view function,
                    ExprPtr& target, std::vector<ExprPtr>& args, std::vector<SourceError>& errors) {
  for (const MacroDefinition& macro : kMacros) {
    if (!Matches(macro, function, target, args.size())) continue;
    MacroCall call{factory, offset, function, target, args, errors};
    return macro.expand(call);
  }
  return nullptr;
}

}  // namespace portcullis::cel
