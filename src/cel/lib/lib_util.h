// Small helpers shared by the extension and Cerbos function libraries (private to cel/lib/).
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cel/function.h"
#include "cel/value.h"

namespace portcullis::cel::lib {

// --- Text ---------------------------------------------------------------------------------------

// Go's unicode.IsSpace: ASCII whitespace, U+0085, U+00A0 and the Unicode Zs/Zl/Zp spaces.
bool IsUnicodeSpace(char32_t c);

// Go's strings.SplitN: limit 0 gives no pieces, a negative limit all of them, otherwise at most
// `limit` pieces with the rest in the last one. An empty separator splits into code points (and
// an empty string then into no pieces). The views point into `s`.
std::vector<std::string_view> SplitN(std::string_view s, std::string_view sep, int64_t limit);

// --- Values -------------------------------------------------------------------------------------

// An owned list of strings.
Value StringList(const std::vector<std::string_view>& items);

// The elements of a list value as strings, or nullopt when one of them is not a string.
// The views point into the list's storage: REQUIRES `list` outlives the result.
std::optional<std::vector<std::string_view>> ListOfStrings(const Value& list);

// Whether `list` has an element equal to `v` under CEL equality (1 == 1.0 == 1u).
bool ListContains(const Value& list, const Value& v);

// An implementation that returns its one argument unchanged: conversions of a value to its own
// type, `dyn`, `id`, math.abs of a uint.
Value Identity(std::span<const Value> args, EvalContext& ctx);

// Registers `impl` as a global overload `name` for every arity from `min_arity` to `max_arity`,
// each argument matching any kind (for variadic functions such as math.greatest).
void AddVariadicGlobal(FunctionRegistry& registry, const std::string& name, size_t min_arity,
                       size_t max_arity, const FunctionImpl& impl);

}  // namespace portcullis::cel::lib
