// Helpers for the evaluator tests, beyond those of lib_test_util.h: evaluation with compile
// options (container), and compile errors.
#pragma once

#include <string>
#include <string_view>

#include "cel/program.h"
#include "cel/value_ops.h"
#include "lib_test_util.h"

namespace portcullis::cel::testing {

// Compiles and evaluates `expr`; the result detached from the Program (which dies here), or an
// error "compile error: ..." when it does not compile.
inline Value EvalValue(std::string_view expr, const Activation& vars,
                       const CompileOptions& options = {}) {
  CompileResult compiled = Compile(expr, options);
  if (!compiled.ok()) return Value::Error("compile error: " + compiled.errors.at(0).message);
  EvalContext ctx;
  return compiled.program->Evaluate(vars, ctx).own();
}

// The first compile error's message, or "" when `expr` compiles.
inline std::string CompileErrorOf(std::string_view expr) {
  CompileResult compiled = Compile(expr);
  return compiled.ok() ? "" : compiled.errors.at(0).message;
}

}  // namespace portcullis::cel::testing
