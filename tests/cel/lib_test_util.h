// Helpers for the function-library tests: evaluate a CEL expression and render the result.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "cel/program.h"
#include "cel/value_ops.h"

namespace portcullis::cel::testing {

// Compiles and evaluates `expr`; the result rendered as CEL literal syntax (DebugString), or
// "error: <message>" for a compile or evaluation error.
inline std::string EvalToString(std::string_view expr, const Activation& vars, EvalContext& ctx) {
  CompileResult compiled = Compile(expr);
  if (!compiled.ok()) {
    return "error: " + (compiled.errors.empty() ? std::string("?") : compiled.errors[0].message);
  }
  Value v = compiled.program->Evaluate(vars, ctx);
  if (v.IsError()) return "error: " + v.error_message();
  return DebugString(v);
}

inline std::string EvalToString(std::string_view expr) {
  MapActivation vars;
  EvalContext ctx;
  return EvalToString(expr, vars, ctx);
}

// A value holding the parsed JSON `text` (an owned copy: the JSON document is not kept).
inline Value FromJsonText(std::string_view text) {
  boost::json::value doc = boost::json::parse(text);
  return Value::FromJson(doc).own();
}

// One expression and its expected rendering.
struct ExprCase {
  std::string_view expr;
  std::string_view expected;
};

inline void ExpectAll(std::initializer_list<ExprCase> cases) {
  for (const ExprCase& c : cases) EXPECT_EQ(EvalToString(c.expr), c.expected) << c.expr;
}

// Each expression must evaluate to true.
inline void ExpectAllTrue(std::initializer_list<std::string_view> exprs) {
  for (std::string_view e : exprs) EXPECT_EQ(EvalToString(e), "true") << e;
}

}  // namespace portcullis::cel::testing
