// The topics of the CEL standard library (private to cel/lib/), each in its own file;
// AddStandardLibrary (standard.cpp) registers them all.
#pragma once

#include <span>

#include "cel/function.h"

namespace portcullis::cel::standard {

using Args = std::span<const Value>;

// `+ - * / %` and unary `-` on int, uint, double (with overflow errors), string, bytes and
// list concatenation, timestamp and duration arithmetic.
void AddArithmetic(FunctionRegistry& registry);
// `== != < <= > >=` (heterogeneous numbers), `in`, `!`.
void AddComparisons(FunctionRegistry& registry);
// int() uint() double() string() bytes() bool() timestamp() duration() dyn() type().
void AddConversions(FunctionRegistry& registry);
// size() of strings and bytes, contains, startsWith, endsWith, matches (RE2).
void AddStringFunctions(FunctionRegistry& registry);
// Timestamp accessors (getFullYear... with an optional time zone) and duration accessors.
void AddTimeAccessors(FunctionRegistry& registry);
// size() of lists and maps, and `cel.@mapInsert` (the accumulator step of transformMap).
void AddContainerFunctions(FunctionRegistry& registry);

}  // namespace portcullis::cel::standard
