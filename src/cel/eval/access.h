// Field selection and indexing on values (cel-spec "Field Selection", "Lists and Maps"),
// shared by the select, index and attribute steps.
//
// All functions are pure and thread-safe. Error and unknown operands are returned unchanged
// (the operand first, then the key).
#pragma once

#include <string_view>

#include "cel/value.h"

namespace portcullis::cel::detail {

// `operand.field`: the map entry, "no such key" when absent; on an optional receiver, the
// optional result of selecting in its value (none stays none).
Value SelectField(const Value& operand, std::string_view field);

// `has(operand.field)`: whether a map has the key; false for an empty optional.
Value TestField(const Value& operand, std::string_view field);

// `operand[key]`: a list element (int, uint or integral double index) or a map entry; on an
// optional receiver, the optional result.
Value IndexValue(const Value& operand, const Value& key);

// `operand.?field` and `operand[?key]`: optional.of(the element) when present, optional.none()
// when absent; an optional receiver chains (none stays none).
Value OptionalSelectField(const Value& operand, std::string_view field);
Value OptionalIndexValue(const Value& operand, const Value& key);

}  // namespace portcullis::cel::detail
