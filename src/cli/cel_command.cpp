// `portcullis cel eval`: evaluates CEL expressions, one from the command line or many as JSON
// lines on stdin. Other tools (the conformance runner, scripts) drive it; its input and output
// formats are a fixed interface, described in cel_eval.h.
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "cli/cel_eval.h"
#include "cli/command.h"

namespace portcullis::cli {
namespace {

struct CelEvalOptions {
  std::string expr;
  std::string bindings;
  std::string container;
  bool disable_macros = false;
  bool disable_check = false;
  bool jsonl = false;
};

cel::Timestamp Now() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
  return {nanos / 1'000'000'000, static_cast<int32_t>(nanos % 1'000'000'000)};
}

int EvaluateOne(const CelEvalOptions& options) {
  CelEvalRequest request{
      options.expr, {}, options.container, options.disable_macros, options.disable_check};
  if (!options.bindings.empty()) {
    boost::system::error_code ec;
    boost::json::value bindings = boost::json::parse(options.bindings, ec);
    if (ec || !bindings.is_object()) {
      std::cout << CelEvalError("--bindings: expected a JSON object {\"name\": ExprValue}").line
                << std::endl;
      return 1;
    }
    request.bindings = std::move(bindings.get_object());
  }
  CelEvalAnswer answer = EvaluateCel(request, Now());
  std::cout << answer.line << std::endl;
  return answer.ok ? 0 : 1;
}

// One answer line per non-blank input line, flushed at once so that a driver can converse with
// the process line by line.
int EvaluateLines() {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto request = ParseCelEvalLine(line);
    CelEvalAnswer answer = std::holds_alternative<std::string>(request)
                               ? CelEvalError(std::get<std::string>(request))
                               : EvaluateCel(std::get<CelEvalRequest>(request), Now());
    std::cout << answer.line << std::endl;
  }
  return 0;
}

}  // namespace

void AddCelCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* cel = app.add_subcommand("cel", "Common Expression Language tools");
  cel->require_subcommand(1);
  CLI::App* eval = cel->add_subcommand(
      "eval", "Evaluate CEL; prints {\"value\": Value} or {\"error\": \"message\"} per expression");

  auto options = std::make_shared<CelEvalOptions>();
  CLI::Option* expr = eval->add_option("--expr", options->expr, "The expression to evaluate");
  CLI::Option* per_expr[] = {
      eval->add_option("--bindings", options->bindings,
                       "Variables as a JSON object {\"name\": ExprValue or Value} (protobuf JSON)"),
      eval->add_option("--container", options->container,
                       "Container (namespace) for name resolution"),
      eval->add_flag("--disable-macros", options->disable_macros, "Parse without macro expansion"),
      eval->add_flag("--disable-check", options->disable_check,
                     "Undeclared functions are evaluation errors, not compile errors"),
  };
  for (CLI::Option* option : per_expr) option->needs(expr);
  CLI::Option* jsonl = eval->add_flag(
      "--jsonl", options->jsonl,
      "Read {\"expr\", \"bindings\", \"container\", \"disableMacros\", \"disableCheck\"} JSON "
      "lines from stdin");
  expr->excludes(jsonl);
  eval->callback([options, expr, &run] {
    if (expr->count() == 0 && !options->jsonl) throw CLI::RequiredError("--expr or --jsonl");
    run = [options] { return options->jsonl ? EvaluateLines() : EvaluateOne(*options); };
  });
}

}  // namespace portcullis::cli
