#include "cel/program.h"

#include "cel/eval/planner.h"
#include "cel/eval/step.h"

namespace portcullis::cel {

std::optional<Value> MapActivation::Find(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Value Program::Evaluate(const Activation& activation, EvalContext& ctx) const {
  detail::Frame frame{activation, ctx, activation.UnknownPatterns(),
                      activation.BindsQualifiedNames()};
  return root_->Eval(frame);
}

CompileResult Compile(std::string_view source, const CompileOptions& options) {
  CompileResult result;
  result.source = std::string(source);
  ParseResult parsed = Parse(source, options.parse);
  if (!parsed.errors.empty()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  detail::PlannedProgram planned = detail::PlanProgram(*parsed.expr, source, options);
  if (!planned.errors.empty()) {
    result.errors = std::move(planned.errors);
    return result;
  }
  Program program;
  program.source_ = std::make_shared<const std::string>(source);
  program.root_ = std::move(planned.root);
  result.program = std::move(program);
  return result;
}

}  // namespace portcullis::cel
