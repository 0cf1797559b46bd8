// cel-go's lists extension (latest version, as Cerbos enables it). `sortBy` is a macro: the parser
// expands `l.sortBy(e, key)` into `l.@sortByAssociatedKeys(l.map(e, key))`, registered here.
#include <algorithm>
#include <numeric>
#include <string>

#include "cel/lib/lib_util.h"
#include "cel/library.h"
#include "cel/value_ops.h"

namespace portcullis::cel {

namespace {

Value BudgetExceeded() {
  return Value::Error("work budget exceeded");
}

Value Range(std::span<const Value> args, EvalContext& ctx) {
  int64_t n = std::max<int64_t>(args[0].int_value(), 0);
  if (!ctx.Charge(n)) return BudgetExceeded();
  ListElements out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) out.push_back(Value::Int(i));
  return Value::List(std::move(out));
}

Value Slice(std::span<const Value> args, EvalContext& ctx) {
  const Value& list = args[0];
  int64_t start = args[1].int_value();
  int64_t end = args[2].int_value();
  auto fail = [&](const std::string& why) {
    return Value::Error("cannot slice(" + std::to_string(start) + ", " + std::to_string(end) +
                        "), " + why);
  };
  if (start < 0 || end < 0) return fail("negative indexes not supported");
  if (start > end) return fail("start index must be less than or equal to end index");
  if (end > static_cast<int64_t>(list.list_size())) {
    return fail("list is length " + std::to_string(list.list_size()));
  }
  if (!ctx.Charge(end - start)) return BudgetExceeded();
  ListElements out;
  out.reserve(static_cast<size_t>(end - start));
  for (int64_t i = start; i < end; ++i) out.push_back(list.list_at(static_cast<size_t>(i)));
  return Value::List(std::move(out));
}

bool AppendFlattened(const Value& list, int64_t depth, ListElements& out, EvalContext& ctx) {
  for (size_t i = 0; i < list.list_size(); ++i) {
    Value item = list.list_at(i);
    if (item.is(Kind::kList) && depth > 0) {
      if (!AppendFlattened(item, depth - 1, out, ctx)) return false;
    } else {
      if (!ctx.Charge(1)) return false;
      out.push_back(std::move(item));
    }
  }
  return true;
}

Value FlattenTo(const Value& list, int64_t depth, EvalContext& ctx) {
  if (depth < 0) return Value::Error("level must be non-negative");
  ListElements out;
  if (!AppendFlattened(list, depth, out, ctx)) return BudgetExceeded();
  return Value::List(std::move(out));
}

Value Flatten(std::span<const Value> args, EvalContext& ctx) {
  return FlattenTo(args[0], 1, ctx);
}

Value FlattenDepth(std::span<const Value> args, EvalContext& ctx) {
  return FlattenTo(args[0], args[1].int_value(), ctx);
}

// Keeps the first of equal elements (1, 1.0 and 1u are equal), in order.
Value Distinct(std::span<const Value> args, EvalContext& ctx) {
  const Value& list = args[0];
  const auto n = static_cast<int64_t>(list.list_size());
  if (!ctx.Charge(n * n / 2 + 1)) return BudgetExceeded();
  ListElements out;
  for (size_t i = 0; i < list.list_size(); ++i) {
    Value item = list.list_at(i);
    bool seen = std::any_of(out.begin(), out.end(), [&](const Value& v) { return Equal(v, item); });
    if (!seen) out.push_back(std::move(item));
  }
  return Value::List(std::move(out));
}

Value Reverse(std::span<const Value> args, EvalContext& ctx) {
  const Value& list = args[0];
  if (!ctx.Charge(static_cast<int64_t>(list.list_size()))) return BudgetExceeded();
  ListElements out;
  out.reserve(list.list_size());
  for (size_t i = list.list_size(); i > 0; --i) out.push_back(list.list_at(i - 1));
  return Value::List(std::move(out));
}

// The order of `list` sorted by `keys` (same length), stable; an error value when two keys
// are not comparable.
std::optional<std::vector<size_t>> SortedOrder(const Value& keys, Value& error) {
  std::vector<Value> key_values;
  key_values.reserve(keys.list_size());
  for (size_t i = 0; i < keys.list_size(); ++i) key_values.push_back(keys.list_at(i));
  for (size_t i = 1; i < key_values.size(); ++i) {
    const Value& a = key_values[0];
    const Value& b = key_values[i];
    bool numbers = (a.is(Kind::kInt) || a.is(Kind::kUint) || a.is(Kind::kDouble)) &&
                   (b.is(Kind::kInt) || b.is(Kind::kUint) || b.is(Kind::kDouble));
    if (!numbers && a.kind() != b.kind()) {
      error = Value::Error("list elements must have the same type");
      return std::nullopt;
    }
  }
  std::vector<size_t> order(key_values.size());
  std::iota(order.begin(), order.end(), 0);
  bool comparable = true;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    std::optional<int> c = Compare(key_values[a], key_values[b]);
    if (!c) comparable = false;
    return c && *c < 0;
  });
  if (!comparable) {
    error = Value::Error("list elements must be comparable");
    return std::nullopt;
  }
  return order;
}

Value SortBy(const Value& list, const Value& keys, EvalContext& ctx) {
  const auto n = static_cast<int64_t>(list.list_size());
  if (keys.list_size() != list.list_size()) {
    return Value::Error("@sortByAssociatedKeys: lists must have the same size");
  }
  if (!ctx.Charge(n + 1)) return BudgetExceeded();
  Value error;
  auto order = SortedOrder(keys, error);
  if (!order) return error;
  ListElements out;
  out.reserve(order->size());
  for (size_t i : *order) out.push_back(list.list_at(i));
  return Value::List(std::move(out));
}

Value Sort(std::span<const Value> args, EvalContext& ctx) {
  return SortBy(args[0], args[0], ctx);
}

Value SortByKeys(std::span<const Value> args, EvalContext& ctx) {
  return SortBy(args[0], args[1], ctx);
}

}  // namespace

void AddListsExtension(FunctionRegistry& registry) {
  const ArgKind list = ArgKind::Of(Kind::kList);
  const ArgKind i = ArgKind::Of(Kind::kInt);
  registry.AddGlobal("lists.range", "lists_range", {i}, Range);
  registry.AddMember("slice", "list_slice", {list, i, i}, Slice);
  registry.AddMember("flatten", "list_flatten", {list}, Flatten);
  registry.AddMember("flatten", "list_flatten_int", {list, i}, FlattenDepth);
  registry.AddMember("distinct", "list_distinct", {list}, Distinct);
  registry.AddMember("reverse", "list_reverse", {list}, Reverse);
  registry.AddMember("sort", "list_sort", {list}, Sort);
  registry.AddMember("@sortByAssociatedKeys", "list_sortByAssociatedKeys", {list, list},
                     SortByKeys);
}

}  // namespace portcullis::cel
