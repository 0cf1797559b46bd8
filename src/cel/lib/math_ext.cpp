// cel-go's math extension (latest version, as Cerbos enables it).
#include <cmath>
#include <limits>

#include "cel/lib/lib_util.h"
#include "cel/library.h"
#include "cel/value_ops.h"

namespace portcullis::cel {

namespace {

// cel-go expands math.greatest/least with literal arguments of any count; calls are resolved by
// arity here, so they are registered up to this many arguments.
constexpr size_t kMaxExtremumArgs = 32;

bool IsNumber(const Value& v) {
  return v.is(Kind::kInt) || v.is(Kind::kUint) || v.is(Kind::kDouble);
}

// The greatest (sign 1) or least (sign -1) of `values`; the first one wins ties.
template <int kSign>
Value Extremum(std::span<const Value> values, std::string_view function) {
  if (values.empty()) {
    return Value::Error(std::string(function) + "(list) argument must not be empty");
  }
  const Value* best = nullptr;
  for (const Value& v : values) {
    if (!IsNumber(v)) return NoSuchOverload(function);
    if (best == nullptr) {
      best = &v;
      continue;
    }
    std::optional<int> c = Compare(v, *best);
    if (c && *c == kSign) best = &v;
  }
  return *best;
}

template <int kSign>
Value ExtremumOfArgs(std::span<const Value> args, EvalContext&) {
  std::string_view name = kSign > 0 ? "math.greatest" : "math.least";
  if (args.size() == 1 && args[0].is(Kind::kList)) {
    ListElements items;
    items.reserve(args[0].list_size());
    for (size_t i = 0; i < args[0].list_size(); ++i) items.push_back(args[0].list_at(i));
    return Extremum<kSign>(items, name);
  }
  return Extremum<kSign>(args, name);
}

template <double (*kFn)(double)>
Value OnDouble(std::span<const Value> args, EvalContext&) {
  return Value::Double(kFn(args[0].double_value()));
}

template <bool (*kTest)(double)>
Value TestDouble(std::span<const Value> args, EvalContext&) {
  return Value::Bool(kTest(args[0].double_value()));
}

bool IsNaN(double d) {
  return std::isnan(d);
}
bool IsInf(double d) {
  return std::isinf(d);
}
bool IsFinite(double d) {
  return std::isfinite(d);
}
double Round(double d) {
  return std::round(d);
}  // ties away from zero
double Ceil(double d) {
  return std::ceil(d);
}
double Floor(double d) {
  return std::floor(d);
}
double Trunc(double d) {
  return std::trunc(d);
}

Value AbsInt(std::span<const Value> args, EvalContext&) {
  int64_t i = args[0].int_value();
  if (i == std::numeric_limits<int64_t>::min()) return Value::Error("overflow");
  return Value::Int(i < 0 ? -i : i);
}

Value AbsDouble(std::span<const Value> args, EvalContext&) {
  return Value::Double(std::fabs(args[0].double_value()));
}

Value SignInt(std::span<const Value> args, EvalContext&) {
  int64_t i = args[0].int_value();
  return Value::Int((i > 0) - (i < 0));
}

Value SignUint(std::span<const Value> args, EvalContext&) {
  return Value::Uint(args[0].uint_value() > 0 ? 1 : 0);
}

Value SignDouble(std::span<const Value> args, EvalContext&) {
  double d = args[0].double_value();
  if (std::isnan(d) || d == 0) return Value::Double(d);
  return Value::Double(d > 0 ? 1.0 : -1.0);
}

Value SqrtOf(double d) {
  return Value::Double(std::sqrt(d));
}

Value Sqrt(std::span<const Value> args, EvalContext&) {
  const Value& v = args[0];
  if (v.is(Kind::kInt)) return SqrtOf(static_cast<double>(v.int_value()));
  if (v.is(Kind::kUint)) return SqrtOf(static_cast<double>(v.uint_value()));
  return SqrtOf(v.double_value());
}

enum class BitOp { kAnd, kOr, kXor };

template <BitOp kOp, typename T>
T ApplyBits(T a, T b) {
  if constexpr (kOp == BitOp::kAnd) return a & b;
  if constexpr (kOp == BitOp::kOr) return a | b;
  return a ^ b;
}

template <BitOp kOp>
Value BitsInt(std::span<const Value> args, EvalContext&) {
  return Value::Int(ApplyBits<kOp>(args[0].int_value(), args[1].int_value()));
}

template <BitOp kOp>
Value BitsUint(std::span<const Value> args, EvalContext&) {
  return Value::Uint(ApplyBits<kOp>(args[0].uint_value(), args[1].uint_value()));
}

Value BitNotInt(std::span<const Value> args, EvalContext&) {
  return Value::Int(~args[0].int_value());
}

Value BitNotUint(std::span<const Value> args, EvalContext&) {
  return Value::Uint(~args[0].uint_value());
}

// Shifts work on the 64-bit pattern (a right shift of an int is logical, as in cel-go); shifting
// by 64 or more gives 0.
template <bool kLeft>
Value Shift(std::span<const Value> args, EvalContext&) {
  int64_t offset = args[1].int_value();
  if (offset < 0) return Value::Error("negative offset");
  const bool is_int = args[0].is(Kind::kInt);
  uint64_t bits = is_int ? static_cast<uint64_t>(args[0].int_value()) : args[0].uint_value();
  uint64_t shifted = offset >= 64 ? 0 : (kLeft ? bits << offset : bits >> offset);
  return is_int ? Value::Int(static_cast<int64_t>(shifted)) : Value::Uint(shifted);
}

}  // namespace

void AddMathExtension(FunctionRegistry& registry) {
  const ArgKind i = ArgKind::Of(Kind::kInt);
  const ArgKind u = ArgKind::Of(Kind::kUint);
  const ArgKind d = ArgKind::Of(Kind::kDouble);

  lib::AddVariadicGlobal(registry, "math.greatest", 1, kMaxExtremumArgs, ExtremumOfArgs<1>);
  lib::AddVariadicGlobal(registry, "math.least", 1, kMaxExtremumArgs, ExtremumOfArgs<-1>);

  registry.AddGlobal("math.ceil", "math_ceil_double", {d}, OnDouble<Ceil>);
  registry.AddGlobal("math.floor", "math_floor_double", {d}, OnDouble<Floor>);
  registry.AddGlobal("math.round", "math_round_double", {d}, OnDouble<Round>);
  registry.AddGlobal("math.trunc", "math_trunc_double", {d}, OnDouble<Trunc>);
  registry.AddGlobal("math.isNaN", "math_isNaN_double", {d}, TestDouble<IsNaN>);
  registry.AddGlobal("math.isInf", "math_isInf_double", {d}, TestDouble<IsInf>);
  registry.AddGlobal("math.isFinite", "math_isFinite_double", {d}, TestDouble<IsFinite>);

  registry.AddGlobal("math.abs", "math_abs_int", {i}, AbsInt);
  registry.AddGlobal("math.abs", "math_abs_uint", {u}, lib::Identity);
  registry.AddGlobal("math.abs", "math_abs_double", {d}, AbsDouble);
  registry.AddGlobal("math.sign", "math_sign_int", {i}, SignInt);
  registry.AddGlobal("math.sign", "math_sign_uint", {u}, SignUint);
  registry.AddGlobal("math.sign", "math_sign_double", {d}, SignDouble);
  registry.AddGlobal("math.sqrt", "math_sqrt_int", {i}, Sqrt);
  registry.AddGlobal("math.sqrt", "math_sqrt_uint", {u}, Sqrt);
  registry.AddGlobal("math.sqrt", "math_sqrt_double", {d}, Sqrt);

  registry.AddGlobal("math.bitAnd", "math_bitAnd_int_int", {i, i}, BitsInt<BitOp::kAnd>);
  registry.AddGlobal("math.bitAnd", "math_bitAnd_uint_uint", {u, u}, BitsUint<BitOp::kAnd>);
  registry.AddGlobal("math.bitOr", "math_bitOr_int_int", {i, i}, BitsInt<BitOp::kOr>);
  registry.AddGlobal("math.bitOr", "math_bitOr_uint_uint", {u, u}, BitsUint<BitOp::kOr>);
  registry.AddGlobal("math.bitXor", "math_bitXor_int_int", {i, i}, BitsInt<BitOp::kXor>);
  registry.AddGlobal("math.bitXor", "math_bitXor_uint_uint", {u, u}, BitsUint<BitOp::kXor>);
  registry.AddGlobal("math.bitNot", "math_bitNot_int", {i}, BitNotInt);
  registry.AddGlobal("math.bitNot", "math_bitNot_uint", {u}, BitNotUint);
  registry.AddGlobal("math.bitShiftLeft", "math_bitShiftLeft_int_int", {i, i}, Shift<true>);
  registry.AddGlobal("math.bitShiftLeft", "math_bitShiftLeft_uint_int", {u, i}, Shift<true>);
  registry.AddGlobal("math.bitShiftRight", "math_bitShiftRight_int_int", {i, i}, Shift<false>);
  registry.AddGlobal("math.bitShiftRight", "math_bitShiftRight_uint_int", {u, i}, Shift<false>);
}

}  // namespace portcullis::cel
