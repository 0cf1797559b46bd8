#include "cel/eval/call_step.h"

#include <algorithm>
#include <array>
#include <vector>

#include "cel/eval/unknowns.h"

namespace portcullis::cel::detail {

namespace {

bool KindsMatch(const Overload& overload, std::span<const Value> args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (!overload.args[i].Matches(args[i])) return false;
  }
  return true;
}

// The dispatch shared by every call step, over the argument values already evaluated.
class CallDispatch {
 public:
  CallDispatch(std::string function, std::vector<CallCandidate> candidates)
      : function_(std::move(function)),
        candidates_(std::move(candidates)),
        all_strict_(std::none_of(candidates_.begin(), candidates_.end(),
                                 [](const CallCandidate& c) { return c.overload->non_strict; })) {}

  // `failed`: some value is an error or unknown.
  Value Call(std::span<const Value> values, bool failed, EvalContext& ctx) const {
    if (failed && all_strict_) return *StrictPropagation(values);
    for (const CallCandidate& candidate : candidates_) {
      const Overload& overload = *candidate.overload;
      if (failed && !overload.non_strict) continue;
      if (!KindsMatch(overload, values)) continue;
      const FunctionImpl& impl = candidate.specialized ? candidate.specialized : overload.impl;
      return impl(values, ctx);
    }
    if (failed) return *StrictPropagation(values);
    return NoSuchOverload(function_);
  }

 private:
  std::string function_;
  std::vector<CallCandidate> candidates_;
  bool all_strict_;
};

// Calls of one to three arguments, the common case: the arguments live in a plain array.
template <size_t N>
class FixedArityCallStep final : public Step {
 public:
  FixedArityCallStep(CallDispatch dispatch, std::vector<StepPtr> args)
      : dispatch_(std::move(dispatch)) {
    std::move(args.begin(), args.end(), args_.begin());
  }

  Value Eval(Frame& frame) const override {
    Value values[N];
    bool failed = false;
    for (size_t i = 0; i < N; ++i) {
      values[i] = args_[i]->Eval(frame);
      failed |= values[i].IsErrorOrUnknown();
    }
    return dispatch_.Call(values, failed, frame.ctx);
  }

 private:
  CallDispatch dispatch_;
  std::array<StepPtr, N> args_;
};

class CallStep final : public Step {
 public:
  CallStep(CallDispatch dispatch, std::vector<StepPtr> args)
      : dispatch_(std::move(dispatch)), args_(std::move(args)) {}

  Value Eval(Frame& frame) const override {
    std::vector<Value> values(args_.size());
    bool failed = false;
    for (size_t i = 0; i < args_.size(); ++i) {
      values[i] = args_[i]->Eval(frame);
      failed |= values[i].IsErrorOrUnknown();
    }
    return dispatch_.Call(values, failed, frame.ctx);
  }

 private:
  CallDispatch dispatch_;
  std::vector<StepPtr> args_;
};

}  // namespace

StepPtr MakeCallStep(std::string function, std::vector<CallCandidate> candidates,
                     std::vector<StepPtr> args) {
  CallDispatch dispatch(std::move(function), std::move(candidates));
  switch (args.size()) {
    case 1:
      return std::make_unique<FixedArityCallStep<1>>(std::move(dispatch), std::move(args));
    case 2:
      return std::make_unique<FixedArityCallStep<2>>(std::move(dispatch), std::move(args));
    case 3:
      return std::make_unique<FixedArityCallStep<3>>(std::move(dispatch), std::move(args));
  }
  return std::make_unique<CallStep>(std::move(dispatch), std::move(args));
}

}  // namespace portcullis::cel::detail
