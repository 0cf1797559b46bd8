// Parsing CEL source text into an AST (cel-spec "Syntax"), with macro expansion.
//
// Thread-safe: Parse has no shared state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cel/ast.h"

namespace portcullis::cel {

// Bounds against hostile input; exceeding one is a parse error, never a crash.
struct ParseLimits {
  size_t max_source_bytes = 100'000;
  int max_nesting_depth = 250;  // parentheses, calls, literals, unary chains...
  int max_ast_nodes = 100'000;
};

struct ParseOptions {
  ParseLimits limits;
  bool enable_macros = true;
};

// One problem found in the source. `Format` renders it as cel-go does:
//   ERROR: <input>:1:7: Syntax error: mismatched input ...
//    | a + + b
//    | ......^
struct SourceError {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in code points
  int32_t offset = 0;
  std::string message;
};

struct ParseResult {
  ExprPtr expr;  // null when errors is not empty
  std::vector<SourceError> errors;
  int64_t next_id = 0;  // the first expression id not used by the tree
};

ParseResult Parse(std::string_view source, const ParseOptions& options = {});

// Renders errors with line:column and a caret excerpt of `source`, one block per error.
std::string FormatErrors(std::string_view source, const std::vector<SourceError>& errors);

// Computes the 1-based line and column of a byte offset.
SourceError LocateError(std::string_view source, int32_t offset, std::string message);

}  // namespace portcullis::cel
