// Cerbos's list helpers, with CEL equality between elements (1 == 1.0, as Cerbos 0.55).
#include "cel/lib/cerbos_parts.h"
#include "cel/lib/lib_util.h"

namespace portcullis::cel::cerbos {

namespace {

// The helpers compare every element of one list with every element of the other.
bool ChargePairs(const Value& a, const Value& b, EvalContext& ctx) {
  return ctx.Charge(static_cast<int64_t>(a.list_size()) * static_cast<int64_t>(b.list_size()));
}

Value BudgetExceeded() {
  return Value::Error("work budget exceeded");
}

// Elements of `from` that are (keep = true) or are not (keep = false) in `other`, in order.
Value Filter(const Value& from, const Value& other, bool keep, EvalContext& ctx) {
  if (!ChargePairs(from, other, ctx)) return BudgetExceeded();
  ListElements out;
  for (size_t i = 0; i < from.list_size(); ++i) {
    Value item = from.list_at(i);
    if (lib::ListContains(other, item) == keep) out.push_back(std::move(item));
  }
  return Value::List(std::move(out));
}

Value Except(std::span<const Value> args, EvalContext& ctx) {
  return Filter(args[0], args[1], false, ctx);
}

// Iterates the shorter list (the first one on a tie), so the result keeps its order.
Value Intersect(std::span<const Value> args, EvalContext& ctx) {
  bool swap = args[0].list_size() > args[1].list_size();
  return Filter(args[swap ? 1 : 0], args[swap ? 0 : 1], true, ctx);
}

Value HasIntersection(std::span<const Value> args, EvalContext& ctx) {
  if (!ChargePairs(args[0], args[1], ctx)) return BudgetExceeded();
  for (size_t i = 0; i < args[0].list_size(); ++i) {
    if (lib::ListContains(args[1], args[0].list_at(i))) return Value::Bool(true);
  }
  return Value::Bool(false);
}

Value IsSubset(std::span<const Value> args, EvalContext& ctx) {
  if (!ChargePairs(args[0], args[1], ctx)) return BudgetExceeded();
  for (size_t i = 0; i < args[0].list_size(); ++i) {
    if (!lib::ListContains(args[1], args[0].list_at(i))) return Value::Bool(false);
  }
  return Value::Bool(true);
}

// Registers `name` both as f(a, b) and as a.f(b).
void AddListPair(FunctionRegistry& registry, const std::string& name, const FunctionImpl& impl) {
  const ArgKind list = ArgKind::Of(Kind::kList);
  registry.AddGlobal(name, name + "_overload", {list, list}, impl);
  registry.AddMember(name, name + "_member_overload", {list, list}, impl);
}

}  // namespace

void AddListHelpers(FunctionRegistry& registry) {
  AddListPair(registry, "except", Except);
  AddListPair(registry, "intersect", Intersect);
  AddListPair(registry, "hasIntersection", HasIntersection);
  AddListPair(registry, "has_intersection", HasIntersection);  // deprecated spelling
  AddListPair(registry, "isSubset", IsSubset);
  AddListPair(registry, "is_subset", IsSubset);  // deprecated spelling
  registry.AddGlobal("id", "id_overload", {ArgKind::Any()}, lib::Identity);
}

}  // namespace portcullis::cel::cerbos
