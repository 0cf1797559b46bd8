#include <string_view>

#include "cel/json_lookup.h"
#include "cel/lib/standard_parts.h"
#include "cel/value_ops.h"

namespace portcullis::cel::standard {

namespace {

bool IsNumber(const Value& v) {
  return v.is(Kind::kInt) || v.is(Kind::kUint) || v.is(Kind::kDouble);
}

// Whether `<` and friends are defined on the pair: numbers of any kinds, or two strings, bytes,
// bools, timestamps or durations.
bool Ordered(const Value& a, const Value& b) {
  if (IsNumber(a) && IsNumber(b)) return true;
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kBool:
    case Kind::kTimestamp:
    case Kind::kDuration:
      return true;
    default:
      return false;
  }
}

// Registers a relational operator; `holds` maps the Compare result (-1, 0, 1) to the answer.
template <bool (*holds)(int)>
void AddRelation(FunctionRegistry& r, const char* name, const char* id) {
  r.AddGlobal(name, id, {ArgKind::Any(), ArgKind::Any()}, [name](Args a, EvalContext&) {
    if (!Ordered(a[0], a[1])) return NoSuchOverload(name);
    std::optional<int> order = Compare(a[0], a[1]);
    return Value::Bool(order && holds(*order));  // unordered: a NaN operand
  });
}

constexpr bool Less(int order) {
  return order < 0;
}
constexpr bool LessOrEqual(int order) {
  return order <= 0;
}
constexpr bool Greater(int order) {
  return order > 0;
}
constexpr bool GreaterOrEqual(int order) {
  return order >= 0;
}

Value InList(Args a, EvalContext&) {
  const Value& list = a[1];
  const boost::json::array* json = list.borrowed_json_array();
  // Role and tag lists: strings compared in place, without a Value per element.
  if (json && a[0].is(Kind::kString))
    return Value::Bool(detail::JsonArrayHasString(*json, a[0].str()));
  size_t size = list.list_size();
  for (size_t i = 0; i < size; ++i) {
    if (Equal(a[0], list.list_at(i))) return Value::Bool(true);
  }
  return Value::Bool(false);
}

}  // namespace

void AddComparisons(FunctionRegistry& r) {
  const ArgKind any = ArgKind::Any();
  r.AddGlobal("_==_", "equals", {any, any},
              [](Args a, EvalContext&) { return Value::Bool(Equal(a[0], a[1])); });
  r.AddGlobal("_!=_", "not_equals", {any, any},
              [](Args a, EvalContext&) { return Value::Bool(!Equal(a[0], a[1])); });
  AddRelation<Less>(r, "_<_", "less");
  AddRelation<LessOrEqual>(r, "_<=_", "less_equals");
  AddRelation<Greater>(r, "_>_", "greater");
  AddRelation<GreaterOrEqual>(r, "_>=_", "greater_equals");
  r.AddGlobal("@in", "in_list", {any, ArgKind::Of(Kind::kList)}, InList);
  r.AddGlobal("@in", "in_map", {any, ArgKind::Of(Kind::kMap)},
              [](Args a, EvalContext&) { return Value::Bool(a[1].map_find(a[0]).has_value()); });
  r.AddGlobal("!_", "logical_not", {ArgKind::Of(Kind::kBool)},
              [](Args a, EvalContext&) { return Value::Bool(!a[0].bool_value()); });
}

}  // namespace portcullis::cel::standard
