#include <cstdint>
#include <limits>
#include <string>

#include "cel/lib/standard_parts.h"
#include "cel/time.h"

namespace portcullis::cel::standard {

namespace {

Value Overflow() {
  return Value::Error("integer overflow");
}
Value TimeOutOfRange() {
  return Value::Error("timestamp or duration out of range");
}

// Building a concatenation charges the work budget: one unit per list element, or per 64 bytes
// of string, so that repeated doubling cannot exhaust memory.
Value WorkLimitExceeded() {
  return Value::Error("concatenation exceeded the evaluation work limit");
}

constexpr int64_t kBytesPerWorkUnit = 64;

Value AddInts(Args a, EvalContext&) {
  int64_t r;
  if (__builtin_add_overflow(a[0].int_value(), a[1].int_value(), &r)) return Overflow();
  return Value::Int(r);
}
Value SubtractInts(Args a, EvalContext&) {
  int64_t r;
  if (__builtin_sub_overflow(a[0].int_value(), a[1].int_value(), &r)) return Overflow();
  return Value::Int(r);
}
Value MultiplyInts(Args a, EvalContext&) {
  int64_t r;
  if (__builtin_mul_overflow(a[0].int_value(), a[1].int_value(), &r)) return Overflow();
  return Value::Int(r);
}
Value DivideInts(Args a, EvalContext&) {
  int64_t x = a[0].int_value(), y = a[1].int_value();
  if (y == 0) return Value::Error("divide by zero");
  if (x == std::numeric_limits<int64_t>::min() && y == -1) return Overflow();
  return Value::Int(x / y);
}
Value ModuloInts(Args a, EvalContext&) {
  int64_t x = a[0].int_value(), y = a[1].int_value();
  if (y == 0) return Value::Error("modulus by zero");
  if (x == std::numeric_limits<int64_t>::min() && y == -1) return Overflow();
  return Value::Int(x % y);
}
Value NegateInt(Args a, EvalContext&) {
  if (a[0].int_value() == std::numeric_limits<int64_t>::min()) return Overflow();
  return Value::Int(-a[0].int_value());
}

Value AddUints(Args a, EvalContext&) {
  uint64_t r;
  if (__builtin_add_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return Overflow();
  return Value::Uint(r);
}
Value SubtractUints(Args a, EvalContext&) {
  uint64_t r;
  if (__builtin_sub_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return Overflow();
  return Value::Uint(r);
}
Value MultiplyUints(Args a, EvalContext&) {
  uint64_t r;
  if (__builtin_mul_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return Overflow();
  return Value::Uint(r);
}
Value DivideUints(Args a, EvalContext&) {
  if (a[1].uint_value() == 0) return Value::Error("divide by zero");
  return Value::Uint(a[0].uint_value() / a[1].uint_value());
}
Value ModuloUints(Args a, EvalContext&) {
  if (a[1].uint_value() == 0) return Value::Error("modulus by zero");
  return Value::Uint(a[0].uint_value() % a[1].uint_value());
}

Value ConcatStrings(Args a, EvalContext& ctx) {
  std::string_view x = a[0].str(), y = a[1].str();
  if (y.empty()) return a[0];
  if (x.empty()) return a[1];
  if (!ctx.Charge(int64_t(x.size() + y.size()) / kBytesPerWorkUnit)) return WorkLimitExceeded();
  std::string joined;
  joined.reserve(x.size() + y.size());
  joined.append(x).append(y);
  return a[0].is(Kind::kString) ? Value::String(std::move(joined))
                                : Value::Bytes(std::move(joined));
}

Value ConcatLists(Args a, EvalContext& ctx) {
  size_t left = a[0].list_size(), right = a[1].list_size();
  if (right == 0) return a[0];
  if (left == 0) return a[1];
  if (!ctx.Charge(int64_t(left + right))) return WorkLimitExceeded();
  ListElements joined;
  joined.reserve(left + right);
  for (size_t i = 0; i < left; ++i) joined.push_back(a[0].list_at(i));
  for (size_t i = 0; i < right; ++i) joined.push_back(a[1].list_at(i));
  return Value::List(std::move(joined));
}

Value FromTimestamp(std::optional<Timestamp> t) {
  return t ? Value::Timestamp(*t) : TimeOutOfRange();
}
Value FromDuration(std::optional<Duration> d) {
  return d ? Value::Duration(*d) : TimeOutOfRange();
}

Value AddTimestampDuration(Args a, EvalContext&) {
  return FromTimestamp(AddDuration(a[0].timestamp_value(), a[1].duration_value()));
}
Value AddDurationTimestamp(Args a, EvalContext&) {
  return FromTimestamp(AddDuration(a[1].timestamp_value(), a[0].duration_value()));
}
Value AddDurationDuration(Args a, EvalContext&) {
  return FromDuration(AddDurations(a[0].duration_value(), a[1].duration_value()));
}
Value SubtractTimestamps(Args a, EvalContext&) {
  return FromDuration(Difference(a[0].timestamp_value(), a[1].timestamp_value()));
}
Value SubtractDurationFromTimestamp(Args a, EvalContext&) {
  std::optional<Duration> negated = NegateDuration(a[1].duration_value());
  if (!negated) return TimeOutOfRange();
  return FromTimestamp(AddDuration(a[0].timestamp_value(), *negated));
}
Value SubtractDurations(Args a, EvalContext&) {
  std::optional<Duration> negated = NegateDuration(a[1].duration_value());
  if (!negated) return TimeOutOfRange();
  return FromDuration(AddDurations(a[0].duration_value(), *negated));
}

}  // namespace

void AddArithmetic(FunctionRegistry& r) {
  const ArgKind i = ArgKind::Of(Kind::kInt), u = ArgKind::Of(Kind::kUint),
                d = ArgKind::Of(Kind::kDouble), s = ArgKind::Of(Kind::kString),
                b = ArgKind::Of(Kind::kBytes), l = ArgKind::Of(Kind::kList),
                ts = ArgKind::Of(Kind::kTimestamp), du = ArgKind::Of(Kind::kDuration);

  r.AddGlobal("_+_", "add_int64", {i, i}, AddInts);
  r.AddGlobal("_+_", "add_uint64", {u, u}, AddUints);
  r.AddGlobal("_+_", "add_double", {d, d}, [](Args a, EvalContext&) {
    return Value::Double(a[0].double_value() + a[1].double_value());
  });
  r.AddGlobal("_+_", "add_string", {s, s}, ConcatStrings);
  r.AddGlobal("_+_", "add_bytes", {b, b}, ConcatStrings);
  r.AddGlobal("_+_", "add_list", {l, l}, ConcatLists);
  r.AddGlobal("_+_", "add_timestamp_duration", {ts, du}, AddTimestampDuration);
  r.AddGlobal("_+_", "add_duration_timestamp", {du, ts}, AddDurationTimestamp);
  r.AddGlobal("_+_", "add_duration_duration", {du, du}, AddDurationDuration);

  r.AddGlobal("_-_", "subtract_int64", {i, i}, SubtractInts);
  r.AddGlobal("_-_", "subtract_uint64", {u, u}, SubtractUints);
  r.AddGlobal("_-_", "subtract_double", {d, d}, [](Args a, EvalContext&) {
    return Value::Double(a[0].double_value() - a[1].double_value());
  });
  r.AddGlobal("_-_", "subtract_timestamp_timestamp", {ts, ts}, SubtractTimestamps);
  r.AddGlobal("_-_", "subtract_timestamp_duration", {ts, du}, SubtractDurationFromTimestamp);
  r.AddGlobal("_-_", "subtract_duration_duration", {du, du}, SubtractDurations);

  r.AddGlobal("_*_", "multiply_int64", {i, i}, MultiplyInts);
  r.AddGlobal("_*_", "multiply_uint64", {u, u}, MultiplyUints);
  r.AddGlobal("_*_", "multiply_double", {d, d}, [](Args a, EvalContext&) {
    return Value::Double(a[0].double_value() * a[1].double_value());
  });

  r.AddGlobal("_/_", "divide_int64", {i, i}, DivideInts);
  r.AddGlobal("_/_", "divide_uint64", {u, u}, DivideUints);
  r.AddGlobal("_/_", "divide_double", {d, d}, [](Args a, EvalContext&) {
    return Value::Double(a[0].double_value() / a[1].double_value());
  });

  r.AddGlobal("_%_", "modulo_int64", {i, i}, ModuloInts);
  r.AddGlobal("_%_", "modulo_uint64", {u, u}, ModuloUints);

  r.AddGlobal("-_", "negate_int64", {i}, NegateInt);
  r.AddGlobal("-_", "negate_double", {d},
              [](Args a, EvalContext&) { return Value::Double(-a[0].double_value()); });
}

}  // namespace portcullis::cel::standard
