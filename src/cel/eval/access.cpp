#include "cel/eval/access.h"

#include <cmath>
#include <optional>
#include <string>

#include "cel/value_ops.h"

namespace portcullis::cel::detail {

namespace {

Value NoSuchKey(std::string_view key) {
  return Value::Error("no such key: " + std::string(key));
}

Value NoSuchKey(const Value& key) {
  return Value::Error("no such key: " + DebugString(key));
}

Value NotSelectable(const Value& operand) {
  return Value::Error("type '" + std::string(TypeNameOf(operand)) +
                      "' does not support field selection");
}

// The position a list index designates: in range, out of range, or not an index at all.
struct ListPosition {
  enum class State { kInRange, kOutOfRange, kInvalid } state;
  size_t index = 0;
};

ListPosition LocateInList(const Value& list, const Value& key) {
  size_t size = list.list_size();
  auto at = [size](bool in_range, uint64_t index) {
    return in_range && index < size ? ListPosition{ListPosition::State::kInRange, size_t(index)}
                                    : ListPosition{ListPosition::State::kOutOfRange};
  };
  switch (key.kind()) {
    case Kind::kInt:
      return at(key.int_value() >= 0, uint64_t(key.int_value()));
    case Kind::kUint:
      return at(true, key.uint_value());
    case Kind::kDouble: {
      double d = key.double_value();
      if (d != std::trunc(d) || !std::isfinite(d)) return {ListPosition::State::kInvalid};
      return at(d >= 0 && d < 18446744073709551616.0, d >= 0 ? uint64_t(d) : 0);
    }
    default:
      return {ListPosition::State::kInvalid};
  }
}

Value ListIndexError(const Value& key, const ListPosition& position) {
  if (position.state == ListPosition::State::kOutOfRange) {
    return Value::Error("index out of range: " + DebugString(key));
  }
  return Value::Error("invalid_argument: unsupported list index " + DebugString(key));
}

Value PropagateOperands(const Value& operand, const Value& key) {
  return operand.IsErrorOrUnknown() ? operand : key;
}

}  // namespace

Value SelectField(const Value& operand, std::string_view field) {
  switch (operand.kind()) {
    case Kind::kMap: {
      std::optional<Value> found = operand.map_find_string(field);
      return found ? std::move(*found) : NoSuchKey(field);
    }
    case Kind::kOptional:
      if (!operand.optional_has_value()) return operand;
      return OptionalSelectField(operand.optional_value(), field);
    case Kind::kError:
    case Kind::kUnknown:
      return operand;
    case Kind::kList:
      return NotSelectable(operand);
    default:
      return NoSuchKey(field);  // as cel-go reports a field of a scalar or null at runtime
  }
}

Value TestField(const Value& operand, std::string_view field) {
  switch (operand.kind()) {
    case Kind::kMap:
      return Value::Bool(operand.map_find_string(field).has_value());
    case Kind::kOptional:
      if (!operand.optional_has_value()) return Value::Bool(false);
      return TestField(operand.optional_value(), field);
    case Kind::kError:
    case Kind::kUnknown:
      return operand;
    default:
      return NotSelectable(operand);
  }
}

Value IndexValue(const Value& operand, const Value& key) {
  if (operand.IsErrorOrUnknown() || key.IsErrorOrUnknown()) {
    return PropagateOperands(operand, key);
  }
  switch (operand.kind()) {
    case Kind::kList: {
      ListPosition position = LocateInList(operand, key);
      if (position.state != ListPosition::State::kInRange) return ListIndexError(key, position);
      return operand.list_at(position.index);
    }
    case Kind::kMap: {
      std::optional<Value> found = operand.map_find(key);
      return found ? std::move(*found) : NoSuchKey(key);
    }
    case Kind::kOptional:
      if (!operand.optional_has_value()) return operand;
      return OptionalIndexValue(operand.optional_value(), key);
    default:
      return Value::Error("no such overload: _[_] applied to '" + std::string(TypeNameOf(operand)) +
                          "'");
  }
}

Value OptionalSelectField(const Value& operand, std::string_view field) {
  switch (operand.kind()) {
    case Kind::kMap: {
      std::optional<Value> found = operand.map_find_string(field);
      return found ? Value::OptionalOf(std::move(*found)) : Value::OptionalNone();
    }
    case Kind::kOptional:
      if (!operand.optional_has_value()) return operand;
      return OptionalSelectField(operand.optional_value(), field);
    case Kind::kError:
    case Kind::kUnknown:
      return operand;
    default:
      return NotSelectable(operand);
  }
}

Value OptionalIndexValue(const Value& operand, const Value& key) {
  if (operand.IsErrorOrUnknown() || key.IsErrorOrUnknown()) {
    return PropagateOperands(operand, key);
  }
  switch (operand.kind()) {
    case Kind::kList: {
      ListPosition position = LocateInList(operand, key);
      switch (position.state) {
        case ListPosition::State::kInRange:
          return Value::OptionalOf(operand.list_at(position.index));
        case ListPosition::State::kOutOfRange:
          return Value::OptionalNone();
        case ListPosition::State::kInvalid:
          return ListIndexError(key, position);
      }
      return Value::OptionalNone();
    }
    case Kind::kMap: {
      std::optional<Value> found = operand.map_find(key);
      return found ? Value::OptionalOf(std::move(*found)) : Value::OptionalNone();
    }
    case Kind::kOptional:
      if (!operand.optional_has_value()) return operand;
      return OptionalIndexValue(operand.optional_value(), key);
    default:
      return Value::Error("no such overload: _[?_] applied to '" +
                          std::string(TypeNameOf(operand)) + "'");
  }
}

}  // namespace portcullis::cel::detail
