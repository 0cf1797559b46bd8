// One evaluation of `portcullis cel eval`: the request as the command line or one JSON input
// line gives it, and the one-line JSON answer ({"value": V} or {"error": "message"}).
//
// The answer's value is `cel.expr.Value` protobuf JSON (see cel/proto_json.h), so that other
// tools (the conformance runner, policy tooling) can compare results structurally.
//
// Thread-safe: no shared state.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

#include "cel/value.h"

namespace portcullis::cli {

struct CelEvalRequest {
  std::string expr;
  // Variable name → `cel.expr.ExprValue` JSON ({"value": V}) or a bare `cel.expr.Value`.
  boost::json::object bindings;
  std::string container;
  bool disable_macros = false;
  // As cel-go without type checking: a call to an undeclared function is an evaluation error
  // (absorbable by `||`/`&&`) instead of a compile error.
  bool disable_check = false;
};

struct CelEvalAnswer {
  bool ok = false;   // true when the answer holds a value, false for an error
  std::string line;  // {"value": V} or {"error": "message"}, compact, without a newline
};

// Compiles and evaluates the request with `now` as the evaluation's current time. Never throws:
// malformed bindings, compile errors (formatted with line:column and a caret), evaluation
// errors, unknown results ("unknown: <attributes>") and results that `cel.expr.Value` cannot
// represent (optionals) are all error answers.
CelEvalAnswer EvaluateCel(const CelEvalRequest& request, cel::Timestamp now);

// Reads one `--jsonl` input line: {"expr": "...", "bindings": {...}, "container": "...",
// "disableMacros": bool, "disableCheck": bool}; only "expr" is required. Returns an error message when malformed.
std::variant<CelEvalRequest, std::string> ParseCelEvalLine(std::string_view line);

// An error answer carrying `message`.
CelEvalAnswer CelEvalError(std::string_view message);

}  // namespace portcullis::cli
