// Private to the compiler: the state shared by the compile steps (compiler.cpp,
// params_compiler.cpp, condition_compiler.cpp) and the helpers each provides.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cel/program.h"
#include "policy/compiled_policy.h"
#include "policy/model.h"
#include "policy/policy_errors.h"

namespace portcullis::policy::compile_detail {

struct CompileContext {
  std::vector<PolicyError> errors;
  // Export policies by name.
  std::unordered_map<std::string, const ExportVariables*> export_variables;
  std::unordered_map<std::string, const ExportConstants*> export_constants;
  // The compiled definitions of each exportVariables policy (compiled once, copied into every
  // importer); nullopt for definitions that failed.
  std::unordered_map<const ExportVariables*, std::vector<std::optional<cel::Program>>>
      compiled_exports;
  // Next free memo slots.
  uint32_t variable_slots = 0;
  uint32_t condition_slots = 0;

  void Error(PolicyErrorKind kind, const SourceLocation& where, std::string message) {
    errors.push_back({kind, where, std::move(message)});
  }
};

// condition_compiler.cpp ---------------------------------------------------------------------

// Compiles one expression; on failure records a kInvalidExpression error at its location (with
// cel's caret excerpt) and returns nullopt.
std::optional<cel::Program> CompileExpression(CompileContext& ctx, const Expression& expr);

// The variable names an expression reads as `V.name`, `variables.name` or `V["name"]`.
std::set<std::string> ReferencedVariables(std::string_view source);

// Compiles a condition tree; nullopt when some expression failed (errors recorded). Also reports
// variables it reads that `params` does not define.
std::optional<compiled::Condition> CompileCondition(CompileContext& ctx, const Condition& condition,
                                                    const compiled::Params& params);

// Compiles an output; expressions that fail are left unset (errors recorded).
compiled::Output CompileOutput(CompileContext& ctx, const Output& output,
                               const compiled::Params& params);

// Reports the variables `expr` reads that `params` does not define, naming `what` reads them.
void CheckVariablesDefined(CompileContext& ctx, const Expression& expr,
                           const compiled::Params& params, std::string_view what);

// params_compiler.cpp ------------------------------------------------------------------------

// Builds the constants and variables of a policy: imports resolved, locals (and the deprecated
// top-level `variables`) merged, duplicates, undefined variables and cycles reported, every
// variable compiled. `owner` names the policy in messages (its key).
compiled::Params CompileParams(CompileContext& ctx, const Constants& constants,
                               const Variables& variables,
                               const std::vector<Variable>& deprecated_variables,
                               std::string_view owner);

}  // namespace portcullis::policy::compile_detail
