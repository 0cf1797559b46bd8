// Building AST nodes, and expanding CEL macros into them (private to the parser).
//
// Macros are calls the parser rewrites instead of keeping: `has(a.f)` becomes a presence test,
// `range.all(x, p)` and the other quantifiers and transforms become comprehensions, as cel-go
// expands them. The exact shapes are part of the contract with the evaluator; see macros.cpp.
//
// Thread-safety: an ExprFactory belongs to one parse; ExpandMacro has no shared state.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cel/ast.h"
#include "cel/parser.h"

namespace portcullis::cel {

// Creates nodes with unique ids: 1, 2, 3... in creation order, counting map entries and field
// initializers, which share the id sequence.
class ExprFactory {
 public:
  template <typename Kind>
  ExprPtr New(int32_t offset, Kind kind) {
    auto expr = std::make_unique<Expr>();
    expr->id = NewId();
    expr->offset = offset;
    expr->kind = std::move(kind);
    return expr;
  }

  int64_t NewId() { return next_id_++; }
  // The id the next node will get; next_id() - 1 nodes have been created.
  int64_t next_id() const { return next_id_; }

  ExprPtr Ident(int32_t offset, std::string name) {
    return New(offset, IdentExpr{std::move(name)});
  }
  ExprPtr Constant(int32_t offset, Value value) {
    return New(offset, ConstantExpr{std::move(value)});
  }
  ExprPtr GlobalCall(int32_t offset, std::string function, std::vector<ExprPtr> args) {
    return New(offset, CallExpr{std::move(function), nullptr, std::move(args)});
  }
  ExprPtr ReceiverCall(int32_t offset, std::string function, ExprPtr target,
                       std::vector<ExprPtr> args) {
    return New(offset, CallExpr{std::move(function), std::move(target), std::move(args)});
  }

  // A deep copy of `expr` whose nodes get fresh ids.
  ExprPtr Copy(const Expr& expr);

 private:
  int64_t next_id_ = 1;
};

// Moves the given nodes into a vector (an initializer list cannot hold move-only values).
template <typename... Exprs>
std::vector<ExprPtr> MakeArgs(Exprs&&... exprs) {
  std::vector<ExprPtr> args;
  args.reserve(sizeof...(exprs));
  (args.push_back(std::forward<Exprs>(exprs)), ...);
  return args;
}

// If the call `target.function(args)` (a global call when `target` is null) with this many
// arguments is a macro, returns its expansion; a malformed use (e.g. `has(x)`, or a quantifier
// whose variable is not a simple name) is reported to `errors` and expands to a placeholder.
// Otherwise returns null and leaves `target` and `args` untouched. `offset` is the call's '('.
ExprPtr ExpandMacro(ExprFactory& factory, int32_t offset, std::string_view function,
                    ExprPtr& target, std::vector<ExprPtr>& args, std::vector<SourceError>& errors);

}  // namespace portcullis::cel
