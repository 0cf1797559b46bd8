#include "cel/eval/planner.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "cel/eval/attribute_step.h"
#include "cel/eval/call_step.h"
#include "cel/eval/comprehension_step.h"
#include "cel/eval/constant_step.h"
#include "cel/eval/create_step.h"
#include "cel/eval/index_step.h"
#include "cel/eval/logic_step.h"
#include "cel/eval/slot_step.h"

namespace portcullis::cel::detail {

namespace {

// Identifiers that denote built-in types when nothing is bound under their name.
constexpr std::array kTypeNames = {
    type_names::kNull,     type_names::kBool,      type_names::kInt,      type_names::kUint,
    type_names::kDouble,   type_names::kString,    type_names::kBytes,    type_names::kList,
    type_names::kMap,      type_names::kTimestamp, type_names::kDuration, type_names::kType,
    type_names::kOptional,
};

std::optional<std::string_view> BuiltinTypeName(std::string_view name) {
  for (std::string_view type : kTypeNames) {
    if (type == name) return type;
  }
  return std::nullopt;
}

// The namespaces a name is resolved in, most qualified first: "a.b." "a." "" for container
// "a.b"; only "" for an absolute name (written with a leading dot).
std::vector<std::string> NamespacePrefixes(std::string_view container, bool absolute) {
  std::vector<std::string> prefixes;
  if (!absolute && !container.empty()) {
    std::string_view rest = container;
    while (true) {
      prefixes.push_back(std::string(rest) + ".");
      size_t dot = rest.rfind('.');
      if (dot == std::string_view::npos) break;
      rest = rest.substr(0, dot);
    }
  }
  prefixes.push_back("");
  return prefixes;
}

bool IsBoolConstant(const Expr& e, bool b) {
  const auto* constant = e.as<ConstantExpr>();
  return constant && constant->value.is(Kind::kBool) && constant->value.bool_value() == b;
}

bool IsIdent(const Expr* e, std::string_view name) {
  const auto* ident = e ? e->as<IdentExpr>() : nullptr;
  return ident && ident->name == name;
}

const CallExpr* AsGlobalCall(const Expr& e, std::string_view function, size_t arity) {
  const auto* call = e.as<CallExpr>();
  if (!call || call->target || call->function != function || call->args.size() != arity) {
    return nullptr;
  }
  return call;
}

// Whether `name` occurs as a free identifier in `e`.
bool Mentions(const Expr* e, std::string_view name) {
  if (!e) return false;
  return std::visit(
      [&](const auto& kind) -> bool {
        using T = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<T, IdentExpr>) {
          return kind.name == name;
        } else if constexpr (std::is_same_v<T, SelectExpr>) {
          return Mentions(kind.operand.get(), name);
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          return Mentions(kind.target.get(), name) ||
                 std::any_of(kind.args.begin(), kind.args.end(),
                             [&](const ExprPtr& a) { return Mentions(a.get(), name); });
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          return std::any_of(kind.elements.begin(), kind.elements.end(),
                             [&](const ExprPtr& a) { return Mentions(a.get(), name); });
        } else if constexpr (std::is_same_v<T, MapExpr>) {
          return std::any_of(kind.entries.begin(), kind.entries.end(), [&](const auto& entry) {
            return Mentions(entry.key.get(), name) || Mentions(entry.value.get(), name);
          });
        } else if constexpr (std::is_same_v<T, StructExpr>) {
          return std::any_of(kind.fields.begin(), kind.fields.end(),
                             [&](const auto& field) { return Mentions(field.value.get(), name); });
        } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
          // The comprehension's own variables shadow `name` where they are in scope.
          bool accu_shadows = kind.accu_var == name;
          bool loop_shadows = accu_shadows || kind.iter_var == name || kind.iter_var2 == name;
          return Mentions(kind.iter_range.get(), name) || Mentions(kind.accu_init.get(), name) ||
                 (!loop_shadows && (Mentions(kind.loop_condition.get(), name) ||
                                    Mentions(kind.loop_step.get(), name))) ||
                 (!accu_shadows && Mentions(kind.result.get(), name));
        } else {
          return false;
        }
      },
      e->kind);
}

// The parts of a comprehension that only appends to a list or inserts into a map (see
// MakeListBuildingStep), recognised from the shapes the macros expand to.
struct BuildingShape {
  bool builds_map = false;
  const Expr* guard = nullptr;
  const Expr* key = nullptr;
  const Expr* element = nullptr;
};

// The expansion of `all` / `exists` (see parser.h): accumulator initialised to the neutral
// bool, loop condition `@not_strictly_false(@result)` / `@not_strictly_false(!@result)`, step
// `@result && p` / `@result || p`, result `@result`, where p does not mention the accumulator.
struct QuantifierShape {
  bool decisive;  // false for all, true for exists
  const Expr* predicate;
};

std::optional<QuantifierShape> RecognizeQuantifier(const ComprehensionExpr& c) {
  const std::string& accu = c.accu_var;
  if (!IsIdent(c.result.get(), accu)) return std::nullopt;
  for (bool decisive : {false, true}) {
    if (!IsBoolConstant(*c.accu_init, !decisive)) continue;
    const CallExpr* condition = AsGlobalCall(*c.loop_condition, "@not_strictly_false", 1);
    if (!condition) return std::nullopt;
    const Expr* tested = condition->args[0].get();
    if (decisive) {
      const CallExpr* negation = AsGlobalCall(*tested, "!_", 1);
      if (!negation) return std::nullopt;
      tested = negation->args[0].get();
    }
    if (!IsIdent(tested, accu)) return std::nullopt;
    const CallExpr* step = AsGlobalCall(*c.loop_step, decisive ? "_||_" : "_&&_", 2);
    if (!step || !IsIdent(step->args[0].get(), accu) || Mentions(step->args[1].get(), accu)) {
      return std::nullopt;
    }
    return QuantifierShape{decisive, step->args[1].get()};
  }
  return std::nullopt;
}

std::optional<BuildingShape> RecognizeBuilding(const ComprehensionExpr& c) {
  const std::string& accu = c.accu_var;
  if (!IsIdent(c.result.get(), accu) || !IsBoolConstant(*c.loop_condition, true)) {
    return std::nullopt;
  }
  BuildingShape shape;
  const auto* empty_list = c.accu_init->as<ListExpr>();
  const auto* empty_map = c.accu_init->as<MapExpr>();
  if (empty_list && empty_list->elements.empty()) {
    shape.builds_map = false;
  } else if (empty_map && empty_map->entries.empty()) {
    shape.builds_map = true;
  } else {
    return std::nullopt;
  }
  const Expr* step = c.loop_step.get();
  if (const CallExpr* ternary = AsGlobalCall(*step, "_?_:_", 3)) {
    if (!IsIdent(ternary->args[2].get(), accu)) return std::nullopt;
    shape.guard = ternary->args[0].get();
    step = ternary->args[1].get();
  }
  if (shape.builds_map) {
    const auto* insert = step->as<CallExpr>();
    if (!insert || insert->target || insert->function != "cel.@mapInsert" ||
        insert->args.size() < 2 || insert->args.size() > 3 ||
        !IsIdent(insert->args[0].get(), accu)) {
      return std::nullopt;
    }
    shape.key = insert->args.size() == 3 ? insert->args[1].get() : nullptr;
    shape.element = insert->args.back().get();
  } else {
    const CallExpr* append = AsGlobalCall(*step, "_+_", 2);
    if (!append || !IsIdent(append->args[0].get(), accu)) return std::nullopt;
    const auto* list = append->args[1]->as<ListExpr>();
    if (!list || list->elements.size() != 1 || !list->optional_indices.empty()) {
      return std::nullopt;
    }
    shape.element = list->elements[0].get();
  }
  if (Mentions(shape.guard, accu) || Mentions(shape.key, accu) || Mentions(shape.element, accu)) {
    return std::nullopt;
  }
  return shape;
}

// An identifier or select chain on one: `root.f[k].g`, with the presence test of `has()` last.
struct Chain {
  const Expr* root = nullptr;
  std::vector<Qualifier> qualifiers;  // in application order
};

Chain CollectChain(const Expr& outermost) {
  Chain chain;
  const Expr* e = &outermost;
  while (true) {
    if (const auto* select = e->as<SelectExpr>()) {
      bool outer = e == &outermost;
      if (select->optional || (select->test_only && !outer)) break;
      chain.qualifiers.push_back(
          {select->test_only ? Qualifier::Kind::kPresenceTest : Qualifier::Kind::kField,
           select->field,
           {},
           {}});
      e = select->operand.get();
      continue;
    }
    if (const CallExpr* index = AsGlobalCall(*e, "_[_]", 2)) {
      const auto* key = index->args[1]->as<ConstantExpr>();
      if (!key || key->value.IsErrorOrUnknown()) break;
      chain.qualifiers.push_back({Qualifier::Kind::kIndex, "", key->value, {}});
      e = index->args[0].get();
      continue;
    }
    break;
  }
  chain.root = e;
  std::reverse(chain.qualifiers.begin(), chain.qualifiers.end());
  return chain;
}

// Evaluates a step whose operands are all constants, once, at compile time.
Value EvaluateConstantStep(const Step& step) {
  MapActivation nothing_bound;
  EvalContext ctx;
  Frame frame{nothing_bound, ctx, {}, false};
  // Folded values outlive the steps they came from: detach them from borrowed memory.
  return step.Eval(frame).own();
}

// Whether the overload's argument kinds admit the known constant arguments (errors and
// unknowns never reach strict overloads).
bool AcceptsConstants(const Overload& overload, std::span<const std::optional<Value>> constants) {
  for (size_t i = 0; i < constants.size(); ++i) {
    if (!constants[i]) continue;
    if (constants[i]->IsErrorOrUnknown() ? !overload.non_strict
                                         : !overload.args[i].Matches(*constants[i])) {
      return false;
    }
  }
  return true;
}

bool AllConstant(const std::vector<StepPtr>& steps) {
  return std::all_of(steps.begin(), steps.end(),
                     [](const StepPtr& s) { return s->constant() != nullptr; });
}

class Planner {
 public:
  Planner(std::string_view source, const CompileOptions& options)
      : source_(source),
        container_(options.container),
        registry_(options.registry ? *options.registry : DefaultRegistry()),
        defer_unbound_functions_(options.defer_unbound_functions) {}

  StepPtr Plan(const Expr& e) {
    return std::visit([&](const auto& kind) { return PlanKind(e, kind); }, e.kind);
  }

  int slot_count() const { return slot_count_; }
  std::vector<SourceError> TakeErrors() { return std::move(errors_); }

 private:
  StepPtr PlanKind(const Expr&, const ConstantExpr& c) { return MakeConstantStep(c.value); }

  StepPtr PlanKind(const Expr& e, const IdentExpr&) { return PlanChain(e); }

  StepPtr PlanKind(const Expr& e, const SelectExpr& select) {
    if (select.optional) {
      StepPtr operand = Plan(*select.operand);
      bool constant = operand->constant() != nullptr;
      return FoldIf(constant, MakeOptionalSelectStep(std::move(operand), select.field));
    }
    return PlanChain(e);
  }

  StepPtr PlanKind(const Expr& e, const CallExpr& call) {
    if (!call.target) {
      if (StepPtr special = PlanSpecialForm(e, call)) return special;
    }
    // `a.b.f(x)` may name the global function "a.b.f" rather than calling f on `a.b`.
    if (call.target) {
      if (std::optional<std::string> space = QualifiedName(*call.target)) {
        if (std::optional<std::string> function =
                ResolveFunction(*space + "." + call.function, call.args.size())) {
          return PlanFunctionCall(e, *function, false, nullptr, call.args);
        }
      }
      return PlanFunctionCall(e, call.function, true, call.target.get(), call.args);
    }
    std::string function = call.function;
    if (std::optional<std::string> resolved = ResolveFunction(function, call.args.size())) {
      function = *resolved;
    }
    return PlanFunctionCall(e, function, false, nullptr, call.args);
  }

  StepPtr PlanKind(const Expr&, const ListExpr& list) {
    std::vector<StepPtr> elements;
    std::vector<bool> optional(list.elements.size(), false);
    for (int32_t index : list.optional_indices) {
      if (index >= 0 && size_t(index) < optional.size()) optional[index] = true;
    }
    for (const ExprPtr& element : list.elements) elements.push_back(Plan(*element));
    bool constant = AllConstant(elements);
    return FoldIf(constant, MakeListStep(std::move(elements), std::move(optional)));
  }

  StepPtr PlanKind(const Expr&, const MapExpr& map) {
    std::vector<MapEntryStep> entries;
    bool constant = true;
    for (const MapEntryExpr& entry : map.entries) {
      MapEntryStep planned{Plan(*entry.key), Plan(*entry.value), entry.optional};
      constant = constant && planned.key->constant() && planned.value->constant();
      entries.push_back(std::move(planned));
    }
    return FoldIf(constant, MakeMapStep(std::move(entries)));
  }

  StepPtr PlanKind(const Expr&, const StructExpr& s) {
    return MakeConstantStep(Value::Error("unknown type: " + s.message_name));
  }

  StepPtr PlanKind(const Expr&, const ComprehensionExpr& c) {
    StepPtr range = Plan(*c.iter_range);
    if (std::optional<BuildingShape> shape = RecognizeBuilding(c)) {
      BuildingComprehensionParts parts;
      parts.range = std::move(range);
      size_t scope_size = PushIterationVariables(c, parts.slots);
      ++loop_depth_;
      if (shape->guard) parts.guard = Plan(*shape->guard);
      if (shape->key) parts.key = Plan(*shape->key);
      parts.element = Plan(*shape->element);
      --loop_depth_;
      scope_.resize(scope_size);
      if (shape->builds_map) return MakeMapBuildingStep(std::move(parts));
      return MakeListBuildingStep(std::move(parts));
    }
    if (std::optional<QuantifierShape> shape = RecognizeQuantifier(c)) {
      QuantifierParts parts;
      parts.range = std::move(range);
      parts.decisive = shape->decisive;
      size_t scope_size = PushIterationVariables(c, parts.slots);
      ++loop_depth_;
      parts.predicate = Plan(*shape->predicate);
      --loop_depth_;
      scope_.resize(scope_size);
      return MakeQuantifierStep(std::move(parts));
    }
    ComprehensionParts parts;
    parts.range = std::move(range);
    parts.accu_init = Plan(*c.accu_init);
    size_t outer_scope_size = scope_.size();
    parts.slots.accu = NewSlot();
    scope_.emplace_back(c.accu_var, parts.slots.accu);
    size_t accu_scope_size = PushIterationVariables(c, parts.slots);
    ++loop_depth_;
    parts.loop_condition = Plan(*c.loop_condition);
    parts.loop_step = Plan(*c.loop_step);
    --loop_depth_;
    scope_.resize(accu_scope_size);
    parts.result = Plan(*c.result);
    scope_.resize(outer_scope_size);
    return MakeComprehensionStep(std::move(parts));
  }

  // Binds the iteration variables in a new scope; returns the scope size to restore.
  size_t PushIterationVariables(const ComprehensionExpr& c, ComprehensionSlots& slots) {
    size_t previous = scope_.size();
    slots.iter = NewSlot();
    scope_.emplace_back(c.iter_var, slots.iter);
    if (!c.iter_var2.empty()) {
      slots.iter2 = NewSlot();
      scope_.emplace_back(c.iter_var2, slots.iter2);
    }
    return previous;
  }

  int NewSlot() { return slot_count_++; }

  std::optional<int> VariableSlot(std::string_view name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return std::nullopt;
  }

  // `&&`, `||`, `?:`, `@not_strictly_false` and indexing: evaluated by dedicated steps.
  StepPtr PlanSpecialForm(const Expr& e, const CallExpr& call) {
    const std::string& f = call.function;
    const size_t arity = call.args.size();
    auto plan_args = [&] {
      std::vector<StepPtr> args;
      for (const ExprPtr& arg : call.args) args.push_back(Plan(*arg));
      return args;
    };
    if ((f == "_&&_" || f == "_||_") && arity == 2) {
      std::vector<StepPtr> args = plan_args();
      bool constant = AllConstant(args);
      StepPtr step = f == "_&&_" ? MakeAndStep(std::move(args[0]), std::move(args[1]))
                                 : MakeOrStep(std::move(args[0]), std::move(args[1]));
      return FoldIf(constant, std::move(step));
    }
    if (f == "_?_:_" && arity == 3) {
      std::vector<StepPtr> args = plan_args();
      bool constant = AllConstant(args);
      return FoldIf(constant,
                    MakeTernaryStep(std::move(args[0]), std::move(args[1]), std::move(args[2])));
    }
    if (f == "@not_strictly_false" && arity == 1) {
      std::vector<StepPtr> args = plan_args();
      bool constant = AllConstant(args);
      return FoldIf(constant, MakeNotStrictlyFalseStep(std::move(args[0])));
    }
    if (f == "_[_]" && arity == 2) {
      if (call.args[1]->as<ConstantExpr>()) return PlanChain(e);
      std::vector<StepPtr> args = plan_args();
      return MakeIndexStep(std::move(args[0]), std::move(args[1]));
    }
    if (f == "_[?_]" && arity == 2) {
      std::vector<StepPtr> args = plan_args();
      bool constant = AllConstant(args);
      return FoldIf(constant, MakeOptionalIndexStep(std::move(args[0]), std::move(args[1])));
    }
    return nullptr;
  }

  StepPtr PlanChain(const Expr& e) {
    Chain chain = CollectChain(e);
    if (const auto* ident = chain.root->as<IdentExpr>()) {
      if (std::optional<int> slot = VariableSlot(ident->name)) {
        return Qualify(MakeSlotStep(*slot), std::move(chain.qualifiers));
      }
      StepPtr attribute =
          MakeAttributeStep(DescribeAttribute(ident->name, std::move(chain.qualifiers)));
      // Inside a loop body, read the attribute once per evaluation rather than per iteration;
      // leave room so that the slots stay on the stack.
      if (loop_depth_ > 0 && cached_count_ < 64 && slot_count_ < kSlotsOnStack - 4) {
        return MakeCachedStep(std::move(attribute), NewSlot(), cached_count_++);
      }
      return attribute;
    }
    return Qualify(Plan(*chain.root), std::move(chain.qualifiers));
  }

  StepPtr Qualify(StepPtr operand, std::vector<Qualifier> qualifiers) {
    if (qualifiers.empty()) return operand;
    bool constant = operand->constant() != nullptr;
    return FoldIf(constant, MakeQualifiedStep(std::move(operand), std::move(qualifiers)));
  }

  AttributeSpec DescribeAttribute(std::string_view written_root, std::vector<Qualifier> quals) {
    const bool absolute = written_root.starts_with('.');
    std::string root(absolute ? written_root.substr(1) : written_root);
    AttributeSpec spec;
    // Leading field selections may be part of a dotted bound name.
    std::vector<std::string> dotted = {root};
    for (const Qualifier& q : quals) {
      if (q.kind != Qualifier::Kind::kField) break;
      dotted.push_back(dotted.back() + "." + q.field);
    }
    std::vector<std::string> prefixes = NamespacePrefixes(container_, absolute);
    for (size_t absorbed = dotted.size(); absorbed-- > 0;) {
      for (const std::string& prefix : prefixes) {
        std::string name = prefix + dotted[absorbed];
        bool qualified = name.find('.') != std::string::npos;
        spec.candidates.push_back({std::move(name), absorbed, qualified});
      }
      if (!spec.type_name) {
        if (std::optional<std::string_view> type = BuiltinTypeName(dotted[absorbed])) {
          spec.type_name = AttributeSpec::TypeName{*type, absorbed};
        }
      }
    }
    size_t start = 0;
    for (size_t dot; (dot = root.find('.', start)) != std::string::npos; start = dot + 1) {
      spec.pattern_path.push_back(root.substr(start, dot - start));
    }
    spec.pattern_path.push_back(root.substr(start));
    spec.written = root;
    for (const Qualifier& q : quals) {
      spec.pattern_path.push_back(q.PatternComponent());
      spec.written += q.Written();
    }
    spec.unbound_error =
        "undeclared reference to '" + root + "' (in container '" + std::string(container_) + "')";
    spec.qualifiers = std::move(quals);
    return spec;
  }

  // The dotted name an expression spells (`a.b.c`), unless its root is a local variable.
  std::optional<std::string> QualifiedName(const Expr& e) const {
    if (const auto* ident = e.as<IdentExpr>()) {
      if (VariableSlot(ident->name)) return std::nullopt;
      return ident->name;
    }
    if (const auto* select = e.as<SelectExpr>()) {
      if (select->test_only || select->optional) return std::nullopt;
      std::optional<std::string> operand = QualifiedName(*select->operand);
      if (!operand) return std::nullopt;
      return *operand + "." + select->field;
    }
    return std::nullopt;
  }

  // The registered global function a (possibly qualified) name resolves to in the container.
  std::optional<std::string> ResolveFunction(std::string_view name, size_t arity) const {
    const bool absolute = name.starts_with('.');
    if (absolute) name.remove_prefix(1);
    for (const std::string& prefix : NamespacePrefixes(container_, absolute)) {
      std::string candidate = prefix + std::string(name);
      if (!registry_.Find(candidate, false, arity).empty()) return candidate;
    }
    return std::nullopt;
  }

  StepPtr PlanFunctionCall(const Expr& e, const std::string& function, bool receiver_style,
                           const Expr* target, const std::vector<ExprPtr>& arg_exprs) {
    const size_t arity = arg_exprs.size() + (target ? 1 : 0);
    std::vector<const Overload*> overloads = registry_.Find(function, receiver_style, arity);
    if (overloads.empty()) {
      std::string message = registry_.Has(function)
                                ? "no matching overload for '" + function + "'" +
                                      (receiver_style ? " as a method" : "") + " with " +
                                      std::to_string(arg_exprs.size()) + " argument(s)"
                                : "undeclared reference to '" + function + "'";
      if (defer_unbound_functions_) return MakeConstantStep(Value::Error(std::move(message)));
      return CompileError(e, std::move(message));
    }
    if (StepPtr shortcut = PlanNestedShortcut(function, overloads, target, arg_exprs)) {
      return shortcut;
    }
    std::vector<StepPtr> args;
    if (target) args.push_back(Plan(*target));
    for (const ExprPtr& arg : arg_exprs) args.push_back(Plan(*arg));
    Candidates selected;
    if (StepPtr error = SelectCandidates(e, function, overloads, args, selected)) return error;
    bool foldable = !args.empty() && AllConstant(args) && !selected.reads_context;
    return FoldIf(foldable, MakeCallStep(function, std::move(selected.list), std::move(args)));
  }

  struct Candidates {
    std::vector<CallCandidate> list;
    bool reads_context = false;  // some candidate reads the EvalContext: never fold the call
  };

  // The overloads that may be chosen given the constant arguments, specialised for them where
  // they offer it. Returns a compile error step when an overload rejects a constant argument.
  StepPtr SelectCandidates(const Expr& e, const std::string& function,
                           const std::vector<const Overload*>& overloads,
                           const std::vector<StepPtr>& args, Candidates& selected) {
    std::vector<std::optional<Value>> constants;
    bool some_constant = false;
    for (const StepPtr& arg : args) {
      const Value* constant = arg->constant();
      constants.push_back(constant ? std::optional<Value>(*constant) : std::nullopt);
      some_constant = some_constant || constant;
    }
    for (const Overload* overload : overloads) {
      // An overload whose kinds do not fit the constant arguments can never be chosen.
      if (!AcceptsConstants(*overload, constants)) continue;
      CallCandidate candidate{overload, {}};
      if (some_constant && overload->specialize) {
        auto specialized = overload->specialize(constants);
        if (auto* error = std::get_if<Value>(&specialized)) {
          return CompileError(e, error->IsError() ? error->error_message()
                                                  : "invalid constant argument to " + function);
        }
        candidate.specialized = std::move(std::get<FunctionImpl>(specialized));
      }
      selected.reads_context = selected.reads_context || overload->reads_context;
      selected.list.push_back(std::move(candidate));
    }
    return nullptr;
  }

  // `f(g(x), g(y))` where f's only overload has a NestedCallShortcut for calls of one of g's
  // overloads (`hierarchy(a).ancestorOf(hierarchy(b))`): planned so that the shortcut can decide
  // from x and y. Null when the call has another shape.
  StepPtr PlanNestedShortcut(const std::string& function,
                             const std::vector<const Overload*>& overloads, const Expr* target,
                             const std::vector<ExprPtr>& arg_exprs) {
    if (overloads.size() != 1 || !overloads[0]->nested_shortcut ||
        arg_exprs.size() + (target ? 1 : 0) != 2) {
      return nullptr;
    }
    const Overload& overload = *overloads[0];
    const std::array<const Expr*, 2> outer_args = {target ? target : arg_exprs[0].get(),
                                                   arg_exprs.back().get()};
    std::array<std::string, 2> functions;
    std::array<std::vector<const Overload*>, 2> argument_overloads;
    for (size_t i = 0; i < 2; ++i) {
      const auto* call = outer_args[i]->as<CallExpr>();
      if (!call || call->target || call->args.size() != 1) return nullptr;
      std::optional<std::string> resolved = ResolveFunction(call->function, 1);
      if (!resolved) return nullptr;
      argument_overloads[i] = registry_.Find(*resolved, false, 1);
      if (std::none_of(argument_overloads[i].begin(), argument_overloads[i].end(),
                       [&](const Overload* candidate) {
                         return candidate->id == overload.nested_shortcut->argument_overload;
                       })) {
        return nullptr;
      }
      functions[i] = std::move(*resolved);
    }
    std::array<ArgumentCall, 2> argument_calls;
    bool foldable = !overload.reads_context;
    StepPtr first_error;
    for (size_t i = 0; i < 2; ++i) {
      const Expr& call = *outer_args[i];
      std::vector<StepPtr> args;
      args.push_back(Plan(*call.as<CallExpr>()->args[0]));
      Candidates selected;
      if (StepPtr error =
              SelectCandidates(call, functions[i], argument_overloads[i], args, selected)) {
        if (!first_error) first_error = std::move(error);
        continue;
      }
      foldable = foldable && args[0]->constant() && !selected.reads_context;
      argument_calls[i] = {std::move(functions[i]), std::move(selected.list), std::move(args[0])};
    }
    if (first_error) return first_error;
    return FoldIf(foldable,
                  MakeNestedShortcutCallStep(function, overload, std::move(argument_calls)));
  }

  StepPtr FoldIf(bool operands_constant, StepPtr step) {
    if (!operands_constant) return step;
    return MakeConstantStep(EvaluateConstantStep(*step));
  }

  StepPtr CompileError(const Expr& e, std::string message) {
    errors_.push_back(LocateError(source_, e.offset, message));
    return MakeConstantStep(Value::Error(std::move(message)));
  }

  std::string_view source_;
  std::string_view container_;
  const FunctionRegistry& registry_;
  const bool defer_unbound_functions_;
  std::vector<std::pair<std::string, int>> scope_;  // variables in scope, innermost last
  int slot_count_ = 0;
  int loop_depth_ = 0;    // > 0 while planning the body of a comprehension
  int cached_count_ = 0;  // attributes cached so far (MakeCachedStep)
  std::vector<SourceError> errors_;
};

}  // namespace

PlannedProgram PlanProgram(const Expr& expr, std::string_view source,
                           const CompileOptions& options) {
  Planner planner(source, options);
  StepPtr body = planner.Plan(expr);
  PlannedProgram planned;
  planned.errors = planner.TakeErrors();
  if (!planned.errors.empty()) return planned;
  if (planner.slot_count() > 0) body = MakeSlotFrameStep(std::move(body), planner.slot_count());
  planned.root = std::move(body);
  return planned;
}

}  // namespace portcullis::cel::detail
