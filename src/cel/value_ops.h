// Operations on CEL values that the language definition specifies independently of any
// function library: equality, ordering, map construction, and the textual forms.
//
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>

#include "cel/value.h"

namespace portcullis::cel {

// CEL `==` (cel-spec "Equality"): heterogeneous numeric equality (1 == 1u == 1.0), NaN != NaN,
// lists and maps compared element-wise, values of different types are simply unequal.
// REQUIRES: neither value is an error or unknown (callers propagate those first).
bool Equal(const Value& a, const Value& b);

// CEL ordering for `<`, `<=`, `>`, `>=`: -1, 0 or 1; nullopt when the values are not ordered
// (different non-numeric types, NaN, lists...). int vs uint compare exactly; a double against an
// int or uint compares after converting the integer to double, as cel-go does (the conformance
// data expects `9223372036854775807 >= 9223372036854775808.0`).
std::optional<int> Compare(const Value& a, const Value& b);

// Builds an owned map from key/value pairs; an error value for an invalid key type (only bool,
// int, uint and string keys are allowed) or a repeated key ("Failed with repeated key").
Value MakeMap(std::vector<std::pair<Value, Value>> entries);

// `string(x)` conversion (cel-spec): ints and uints in decimal, doubles in the shortest form that
// round-trips ("1e+100", "0.5", "-0", "NaN", "+Inf"... as cel-go), timestamps in RFC 3339
// with the minimal fractional digits, durations as seconds with an "s" suffix ("1.5s").
// nullopt for types that have no string conversion.
std::optional<std::string> ToCelString(const Value& v);

// A human-readable rendering for messages and the demo: CEL literal syntax where one exists,
// e.g. `[1, "a", {"k": 2u}]`.
std::string DebugString(const Value& v);

}  // namespace portcullis::cel
