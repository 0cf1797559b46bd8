// The abstract syntax tree of a parsed CEL expression, after macro expansion.
//
// The shape follows cel-spec's `cel.expr.Expr`: constants, identifiers, field selection,
// calls (global or receiver-style), list/map/struct literals and comprehensions. Macros
// (`has`, `all`, `exists`, `exists_one`, `map`, `filter`, two-variable forms, `cel.bind`,
// `optMap`, `optFlatMap`) are expanded by the parser into these nodes, as cel-go does.
//
// An Expr tree is immutable once parsed and may be read from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "cel/value.h"

namespace portcullis::cel {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// A literal. Strings and bytes are owned by the value.
struct ConstantExpr {
  Value value;
};

// A (possibly dotted, when resolved against a container) identifier.
struct IdentExpr {
  std::string name;
};

// `operand.field`; `has(operand.field)` when test_only; `operand.?field` when optional.
struct SelectExpr {
  ExprPtr operand;
  std::string field;
  bool test_only = false;
  bool optional = false;
};

// `function(args...)` or `target.function(args...)`. Operators use their cel-spec function
// names: `_+_`, `_-_`, `_*_`, `_/_`, `_%_`, `-_`, `!_`, `_==_`, `_!=_`, `_<_`, `_<=_`, `_>_`,
// `_>=_`, `@in`, `_&&_`, `_||_`, `_?_:_`, `_[_]`, `_[?_]`, `@not_strictly_false`.
struct CallExpr {
  std::string function;
  ExprPtr target;  // null for global calls
  std::vector<ExprPtr> args;
};

// `[a, b, ?c]`: optional_indices lists the positions written with `?`.
struct ListExpr {
  std::vector<ExprPtr> elements;
  std::vector<int32_t> optional_indices;
};

struct MapEntryExpr {
  int64_t id = 0;
  ExprPtr key;
  ExprPtr value;
  bool optional = false;  // `?key: value`
};

// `{k: v, ...}`.
struct MapExpr {
  std::vector<MapEntryExpr> entries;
};

struct FieldInitExpr {
  int64_t id = 0;
  std::string field;
  ExprPtr value;
  bool optional = false;
};

// `Message{field: value}`: message construction (parsed; no protobuf message types are
// available at runtime, so evaluating one is an "unknown type" error).
struct StructExpr {
  std::string message_name;
  std::vector<FieldInitExpr> fields;
};

// A comprehension (cel-spec): iterate `iter_range` binding `iter_var` (and `iter_var2` for the
// two-variable forms: index/key and value), folding into `accu_var`.
struct ComprehensionExpr {
  std::string iter_var;
  std::string iter_var2;  // empty for one-variable comprehensions
  ExprPtr iter_range;
  std::string accu_var;
  ExprPtr accu_init;
  ExprPtr loop_condition;
  ExprPtr loop_step;
  ExprPtr result;
};

struct Expr {
  int64_t id = 0;
  int32_t offset = 0;  // byte offset of the node in the source, for error positions
  std::variant<ConstantExpr, IdentExpr, SelectExpr, CallExpr, ListExpr, MapExpr, StructExpr,
               ComprehensionExpr>
      kind;

  template <typename T>
  const T* as() const noexcept {
    return std::get_if<T>(&kind);
  }
};

// The accumulator name macro expansions use; not a valid identifier in source text.
inline constexpr std::string_view kAccumulatorName = "@result";

}  // namespace portcullis::cel
