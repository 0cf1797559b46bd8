// Turns a parsed expression into the evaluable program: a tree of steps (see step.h).
//
// Planning resolves what can be resolved once: comprehension variables to slots, identifier
// chains to attribute lookups, calls to their candidate overloads; it folds sub-expressions
// whose operands are all constants and lets overloads specialise themselves for constant
// arguments (e.g. compile a regex literal) or take their NestedCallShortcut. Thread-safe: no
// shared state.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cel/ast.h"
#include "cel/eval/step.h"
#include "cel/function.h"
#include "cel/parser.h"
#include "cel/program.h"

namespace portcullis::cel::detail {

struct PlannedProgram {
  std::shared_ptr<const Step> root;  // null when errors is not empty
  std::vector<SourceError> errors;
};

// `source` is the text `expr` was parsed from (for error positions). REQUIRES: `registry`
// (options.registry, or the default one) outlives the planned program.
PlannedProgram PlanProgram(const Expr& expr, std::string_view source,
                           const CompileOptions& options);

}  // namespace portcullis::cel::detail
