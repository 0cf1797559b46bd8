// cel-go's sets extension: lists treated as sets, with CEL equality (1 == 1.0 == 1u).
#include "cel/lib/lib_util.h"
#include "cel/library.h"

namespace portcullis::cel {

namespace {

// Whether every element of `subset` is in `set`.
bool ContainsAll(const Value& set, const Value& subset) {
  for (size_t i = 0; i < subset.list_size(); ++i) {
    if (!lib::ListContains(set, subset.list_at(i))) return false;
  }
  return true;
}

Value Contains(std::span<const Value> args, EvalContext&) {
  return Value::Bool(ContainsAll(args[0], args[1]));
}

Value Equivalent(std::span<const Value> args, EvalContext&) {
  return Value::Bool(ContainsAll(args[0], args[1]) && ContainsAll(args[1], args[0]));
}

Value Intersects(std::span<const Value> args, EvalContext&) {
  for (size_t i = 0; i < args[1].list_size(); ++i) {
    if (lib::ListContains(args[0], args[1].list_at(i))) return Value::Bool(true);
  }
  return Value::Bool(false);
}

}  // namespace

void AddSetsExtension(FunctionRegistry& registry) {
  const ArgKind list = ArgKind::Of(Kind::kList);
  registry.AddGlobal("sets.contains", "list_sets_contains_list", {list, list}, Contains);
  registry.AddGlobal("sets.equivalent", "list_sets_equivalent_list", {list, list}, Equivalent);
  registry.AddGlobal("sets.intersects", "list_sets_intersects_list", {list, list}, Intersects);
}

}  // namespace portcullis::cel
