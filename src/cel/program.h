// Compiling CEL source once and evaluating it many times.
//
//   auto compiled = cel::Compile("R.attr.amount <= 100.0 && P.id in R.attr.owners");
//   if (!compiled.ok()) print(compiled.FormattedErrors());
//   cel::MapActivation vars;  vars.Bind("R", cel::Value::FromJson(resource_json)); ...
//   cel::EvalContext ctx;  ctx.now = request_time;
//   cel::Value v = compiled.program->Evaluate(vars, ctx);
//
// Thread-safety: a Program is immutable after Compile and may be evaluated concurrently from
// any number of threads, each with its own Activation and EvalContext. A Program must outlive
// the values its evaluations return (they may borrow its constants).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cel/function.h"
#include "cel/parser.h"
#include "cel/value.h"

namespace portcullis::cel {

// An attribute declared unknown for partial evaluation, e.g. {"R", {"attr", "args"}}.
// A qualifier "*" matches any single field or key. An access to the attribute, to anything
// below it, or to anything above it (a value containing it) evaluates to an unknown value.
struct AttributePattern {
  std::string variable;
  std::vector<std::string> qualifiers;
};

// Where identifiers get their values during one evaluation.
class Activation {
 public:
  virtual ~Activation() = default;
  // The value bound to `name` (a possibly dotted identifier), or nullopt when unbound.
  virtual std::optional<Value> Find(std::string_view name) const = 0;
  // Attribute patterns declared unknown for this evaluation; empty for a full evaluation.
  virtual std::span<const AttributePattern> UnknownPatterns() const { return {}; }
  // Whether some bound name contains a dot ("a.b"). When false, the evaluator resolves `a.b.c`
  // by selecting fields of `a` without first looking up "a.b.c" and "a.b" (fewer lookups).
  virtual bool BindsQualifiedNames() const { return true; }
};

// A simple Activation backed by a hash map. Not for the request hot path of the policy engine,
// which supplies its own Activation.
class MapActivation final : public Activation {
 public:
  void Bind(std::string name, Value value) {
    binds_qualified_names_ |= name.find('.') != std::string::npos;
    values_[std::move(name)] = std::move(value);
  }
  void DeclareUnknown(AttributePattern pattern) { unknowns_.push_back(std::move(pattern)); }
  std::optional<Value> Find(std::string_view name) const override;
  std::span<const AttributePattern> UnknownPatterns() const override { return unknowns_; }
  bool BindsQualifiedNames() const override { return binds_qualified_names_; }

 private:
  // Transparent hashing: Find looks names up by string_view without building a std::string.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const noexcept {
      return std::hash<std::string_view>{}(name);
    }
  };
  std::unordered_map<std::string, Value, NameHash, std::equal_to<>> values_;
  std::vector<AttributePattern> unknowns_;
  bool binds_qualified_names_ = false;
};

struct CompileOptions {
  // Namespace for identifier resolution (cel-spec "Name Resolution"): in container "a.b",
  // identifier `x` resolves to the first bound name of "a.b.x", "a.x", "x".
  std::string container;
  ParseOptions parse;
  // Functions available to the expression; DefaultRegistry() when null. REQUIRES: outlives
  // the Program.
  const FunctionRegistry* registry = nullptr;
  // A call of a function the registry lacks (or lacks for that number of arguments) is a
  // compile error; when true, it compiles and evaluates to an error instead, as in cel-go with
  // type checking disabled (what the conformance tests marked disableCheck expect).
  bool defer_unbound_functions = false;
};

namespace detail {
class Step;  // a node of the evaluable program (private to cel/)
}

class Program {
 public:
  // Evaluates the expression. Never throws: failures are error values (Value::IsError()),
  // expressions depending on unknown attributes yield unknown values.
  Value Evaluate(const Activation& activation, EvalContext& ctx) const;

  const std::string& source() const noexcept { return *source_; }

 private:
  friend struct CompileResult Compile(std::string_view, const CompileOptions&);
  std::shared_ptr<const std::string> source_;
  std::shared_ptr<const detail::Step> root_;
  std::shared_ptr<const void> keep_alive_;  // AST/constants the steps view
};

struct CompileResult {
  std::optional<Program> program;
  std::vector<SourceError> errors;
  std::string source;

  bool ok() const noexcept { return program.has_value(); }
  // All errors with line:column and a caret excerpt (see FormatErrors).
  std::string FormattedErrors() const { return FormatErrors(source, errors); }
};

// Parses, expands macros, resolves functions and plans the evaluable program. Constant
// sub-expressions are folded; regex and time literals are validated here.
CompileResult Compile(std::string_view source, const CompileOptions& options = {});

}  // namespace portcullis::cel
