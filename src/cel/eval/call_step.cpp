#include "cel/eval/call_step.h"

#include <algorithm>

#include "cel/eval/unknowns.h"
#include "cel/eval/value_buffer.h"

namespace portcullis::cel::detail {

namespace {

bool KindsMatch(const Overload& overload, std::span<const Value> args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (!overload.args[i].Matches(args[i])) return false;
  }
  return true;
}

class CallStep final : public Step {
 public:
  CallStep(std::string function, std::vector<CallCandidate> candidates, std::vector<StepPtr> args)
      : function_(std::move(function)),
        candidates_(std::move(candidates)),
        args_(std::move(args)),
        all_strict_(std::none_of(candidates_.begin(), candidates_.end(),
                                 [](const CallCandidate& c) { return c.overload->non_strict; })) {}

  Value Eval(Frame& frame) const override {
    // Most calls have at most three arguments: keep them on the stack.
    ValueBuffer<3> values(args_.size());
    return Dispatch(frame, values.values());
  }

 private:
  Value Dispatch(Frame& frame, std::span<Value> values) const {
    bool failed = false;
    for (size_t i = 0; i < args_.size(); ++i) {
      values[i] = args_[i]->Eval(frame);
      failed |= values[i].IsErrorOrUnknown();
    }
    if (failed && all_strict_) return *StrictPropagation(values);
    for (const CallCandidate& candidate : candidates_) {
      const Overload& overload = *candidate.overload;
      if (failed && !overload.non_strict) continue;
      if (!KindsMatch(overload, values)) continue;
      const FunctionImpl& impl = candidate.specialized ? candidate.specialized : overload.impl;
      return impl(values, frame.ctx);
    }
    if (failed) return *StrictPropagation(values);
    return NoSuchOverload(function_);
  }

  std::string function_;
  std::vector<CallCandidate> candidates_;
  std::vector<StepPtr> args_;
  bool all_strict_;
};

}  // namespace

StepPtr MakeCallStep(std::string function, std::vector<CallCandidate> candidates,
                     std::vector<StepPtr> args) {
  return std::make_unique<CallStep>(std::move(function), std::move(candidates), std::move(args));
}

}  // namespace portcullis::cel::detail
