#include "cel/library.h"

namespace portcullis::cel {

namespace {

using Args = std::span<const Value>;

// Whether `v` is the zero value of its type (what optional.ofNonZeroValue treats as absent).
bool IsZeroValue(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return !v.bool_value();
    case Kind::kInt:
      return v.int_value() == 0;
    case Kind::kUint:
      return v.uint_value() == 0;
    case Kind::kDouble:
      return v.double_value() == 0;
    case Kind::kString:
    case Kind::kBytes:
      return v.str().empty();
    case Kind::kList:
      return v.list_size() == 0;
    case Kind::kMap:
      return v.map_size() == 0;
    case Kind::kTimestamp:
      return v.timestamp_value() == Timestamp{};
    case Kind::kDuration:
      return v.duration_value() == Duration{};
    default:
      return false;
  }
}

}  // namespace

void AddOptionalsLibrary(FunctionRegistry& r) {
  const ArgKind opt = ArgKind::Of(Kind::kOptional), any = ArgKind::Any();
  r.AddGlobal("optional.of", "optional_of", {any},
              [](Args a, EvalContext&) { return Value::OptionalOf(a[0]); });
  r.AddGlobal("optional.none", "optional_none", {},
              [](Args, EvalContext&) { return Value::OptionalNone(); });
  r.AddGlobal("optional.ofNonZeroValue", "optional_ofNonZeroValue", {any},
              [](Args a, EvalContext&) {
                return IsZeroValue(a[0]) ? Value::OptionalNone() : Value::OptionalOf(a[0]);
              });
  r.AddMember("hasValue", "optional_hasValue", {opt},
              [](Args a, EvalContext&) { return Value::Bool(a[0].optional_has_value()); });
  r.AddMember("value", "optional_value", {opt}, [](Args a, EvalContext&) {
    if (!a[0].optional_has_value()) return Value::Error("optional.none() dereference");
    return a[0].optional_value();
  });
  r.AddMember("or", "optional_or_optional", {opt, opt},
              [](Args a, EvalContext&) { return a[0].optional_has_value() ? a[0] : a[1]; });
  r.AddMember("orValue", "optional_orValue_value", {opt, any}, [](Args a, EvalContext&) {
    return a[0].optional_has_value() ? a[0].optional_value() : a[1];
  });
}

}  // namespace portcullis::cel
