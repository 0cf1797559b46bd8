// Functions callable from CEL: overloads, and the registry that a Program resolves calls in.
//
// A library (standard, strings, math, Cerbos...) is a function that adds overloads to a
// registry. The registry is built once, then shared read-only by every compiled Program.
//
// Thread-safety: build a registry on one thread; afterwards all const methods may be called
// concurrently. Overload implementations must be thread-safe (they are called concurrently).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "cel/value.h"

namespace portcullis::cel {

// Per-evaluation state that functions may read (REQUIRES: used by one thread at a time).
class EvalContext {
 public:
  // `now()` and the request-time helpers: one fixed instant per evaluation (Cerbos: per request).
  Timestamp now{};
  // Set by every function that reads `now` (a test without a fixed `now` must not use them).
  bool now_read = false;
  // Remaining comprehension iterations + list/string building budget; functions that build
  // large values (e.g. lists.range, repeat, join) charge it too.
  int64_t work_budget = 1'000'000;

  // Charges `units` of work; returns false (and the caller reports an error) when exhausted.
  bool Charge(int64_t units) noexcept {
    work_budget -= units;
    return work_budget >= 0;
  }
};

using FunctionImpl = std::function<Value(std::span<const Value> args, EvalContext& ctx)>;

// Argument kinds an overload accepts; kAny matches every kind (CEL's `dyn`).
struct ArgKind {
  bool any = false;
  Kind kind = Kind::kNull;
  static ArgKind Any() { return {true, Kind::kNull}; }
  static ArgKind Of(Kind k) { return {false, k}; }
  bool Matches(const Value& v) const noexcept { return any || v.kind() == kind; }
};

// A way to decide a call of two arguments that are both calls of one overload with one argument,
// from those calls' own arguments, without making them: `hierarchy(a).ancestorOf(hierarchy(b))`
// decided on the strings a and b, without building two lists.
struct NestedCallShortcut {
  // The id of the overload both argument calls must dispatch to, e.g. "hierarchy_string".
  std::string argument_overload;
  // Receives the arguments of the two argument calls (values that overload accepts); must
  // return exactly what making the argument calls and then this call would.
  FunctionImpl impl;
};

struct Overload {
  std::string id;               // e.g. "add_int64", "string_contains"
  bool receiver_style = false;  // `x.f(y)` rather than `f(x, y)`; the receiver is args[0]
  std::vector<ArgKind> args;    // includes the receiver for receiver-style overloads
  // Non-strict overloads receive error and unknown arguments; strict ones never do (the
  // evaluator returns the unknowns, or else the first error, without calling them).
  bool non_strict = false;
  FunctionImpl impl;
  // Optional: when some arguments are constants at compile time, returns an implementation
  // specialised for them (e.g. `matches` compiling its RE2 pattern once), or an error value
  // to report at compile time (e.g. an invalid regex literal). constants[i] is set for the
  // constant arguments.
  std::function<std::variant<FunctionImpl, Value>(std::span<const std::optional<Value>> constants)>
      specialize;
  // True when the result depends on the EvalContext (e.g. reads `now`), so that a call with
  // constant arguments must not be folded at compile time.
  bool reads_context = false;
  // Optional (two-argument overloads that are their function's only one of that arity): see
  // NestedCallShortcut. The evaluator uses it where both argument calls dispatch to its overload.
  std::optional<NestedCallShortcut> nested_shortcut;
};

class FunctionRegistry {
 public:
  FunctionRegistry() = default;
  FunctionRegistry(const FunctionRegistry&) = delete;
  FunctionRegistry& operator=(const FunctionRegistry&) = delete;

  // Adds an overload of `name`. Overloads are tried in registration order.
  void Add(std::string name, Overload overload);

  // Convenience for the common strict case.
  void AddGlobal(std::string name, std::string id, std::vector<ArgKind> args, FunctionImpl impl);
  void AddMember(std::string name, std::string id, std::vector<ArgKind> args, FunctionImpl impl);

  // All overloads of `name` with `arity` arguments (receiver included) and the given style,
  // in registration order; empty when none.
  std::vector<const Overload*> Find(std::string_view name, bool receiver_style, size_t arity) const;

  // Whether any overload of this name exists (for "undeclared reference" errors).
  bool Has(std::string_view name) const;

 private:
  std::unordered_map<std::string, std::vector<std::unique_ptr<Overload>>> overloads_;
};

// A registry holding everything Portcullis enables: the CEL standard library, the extension
// libraries Cerbos enables (strings, math, encoders, lists, sets, optionals) and Cerbos's own
// functions. Built once on first use; immutable afterwards.
const FunctionRegistry& DefaultRegistry();

// Helpers for overload implementations.
Value NoSuchOverload(std::string_view function);  // "no such overload: <function>"

}  // namespace portcullis::cel
