#include "cel/eval/call_step.h"

#include <algorithm>
#include <utility>
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

using PlainFunction = Value (*)(std::span<const Value>, EvalContext&);

// The dispatch shared by every call step, over the argument values already evaluated.
class CallDispatch {
 public:
  CallDispatch(std::string function, std::vector<CallCandidate> candidates)
      : function_(std::move(function)) {
    targets_.reserve(candidates.size());
    for (CallCandidate& candidate : candidates) {
      const FunctionImpl& impl =
          candidate.specialized ? candidate.specialized : candidate.overload->impl;
      const PlainFunction* plain = impl.target<PlainFunction>();
      all_strict_ = all_strict_ && !candidate.overload->non_strict;
      targets_.push_back(
          {candidate.overload, std::move(candidate.specialized), plain ? *plain : nullptr});
    }
  }

  // `failed`: some value is an error or unknown.
  Value Call(std::span<const Value> values, bool failed, EvalContext& ctx) const {
    if (failed && all_strict_) return *StrictPropagation(values);
    for (const Target& target : targets_) {
      if (failed && !target.overload->non_strict) continue;
      if (!KindsMatch(*target.overload, values)) continue;
      // An overload registered as a plain function is called directly, without std::function.
      if (target.plain) return target.plain(values, ctx);
      return (target.specialized ? target.specialized : target.overload->impl)(values, ctx);
    }
    if (failed) return *StrictPropagation(values);
    return NoSuchOverload(function_);
  }

  // The overload Call would choose for `values`. REQUIRES: none is an error or unknown.
  const Overload* Chosen(std::span<const Value> values) const {
    for (const Target& target : targets_) {
      if (KindsMatch(*target.overload, values)) return target.overload;
    }
    return nullptr;
  }

  // The candidate overload with this id; null when there is none.
  const Overload* Find(std::string_view id) const {
    for (const Target& target : targets_) {
      if (target.overload->id == id) return target.overload;
    }
    return nullptr;
  }

 private:
  struct Target {
    const Overload* overload;  // owned by the registry
    FunctionImpl specialized;  // see CallCandidate
    PlainFunction plain;       // the function the implementation holds, if a plain function
  };

  std::string function_;
  std::vector<Target> targets_;
  bool all_strict_ = true;
};

// Calls of one to three arguments, the common case: the arguments live in a plain array,
// each constructed in place from its step's result.
template <size_t N>
class FixedArityCallStep final : public Step {
 public:
  FixedArityCallStep(CallDispatch dispatch, std::vector<StepPtr> args)
      : dispatch_(std::move(dispatch)) {
    std::move(args.begin(), args.end(), args_.begin());
  }

  Value Eval(Frame& frame) const override { return Call(frame, std::make_index_sequence<N>()); }

 private:
  template <size_t... I>
  Value Call(Frame& frame, std::index_sequence<I...>) const {
    const Value values[N] = {args_[I]->Eval(frame)...};  // evaluated left to right
    bool failed = (values[I].IsErrorOrUnknown() || ...);
    return dispatch_.Call(values, failed, frame.ctx);
  }

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

class NestedShortcutCallStep final : public Step {
 public:
  NestedShortcutCallStep(std::string function, const Overload& overload,
                         std::array<ArgumentCall, 2> argument_calls)
      : dispatch_(std::move(function), {CallCandidate{&overload, {}}}),
        shortcut_(overload.nested_shortcut->impl),
        inner_{Inner(std::move(argument_calls[0]), overload),
               Inner(std::move(argument_calls[1]), overload)} {}

  Value Eval(Frame& frame) const override {
    const Value args[2] = {inner_[0].arg->Eval(frame), inner_[1].arg->Eval(frame)};
    if (inner_[0].TakesShortcut(args[0]) && inner_[1].TakesShortcut(args[1])) {
      return shortcut_(args, frame.ctx);
    }
    const Value calls[2] = {inner_[0].Call(args[0], frame.ctx), inner_[1].Call(args[1], frame.ctx)};
    bool failed = calls[0].IsErrorOrUnknown() || calls[1].IsErrorOrUnknown();
    return dispatch_.Call(calls, failed, frame.ctx);
  }

 private:
  struct Inner {
    Inner(ArgumentCall call, const Overload& outer)
        : dispatch(std::move(call.function), std::move(call.candidates)),
          arg(std::move(call.arg)),
          shortcut_overload(dispatch.Find(outer.nested_shortcut->argument_overload)) {}

    bool TakesShortcut(const Value& value) const {
      return shortcut_overload && !value.IsErrorOrUnknown() &&
             dispatch.Chosen({&value, 1}) == shortcut_overload;
    }
    Value Call(const Value& value, EvalContext& ctx) const {
      return dispatch.Call({&value, 1}, value.IsErrorOrUnknown(), ctx);
    }

    CallDispatch dispatch;
    StepPtr arg;
    const Overload* shortcut_overload;  // null when constant arguments ruled it out
  };

  CallDispatch dispatch_;
  const FunctionImpl& shortcut_;  // owned by the registry
  std::array<Inner, 2> inner_;
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

StepPtr MakeNestedShortcutCallStep(std::string function, const Overload& overload,
                                   std::array<ArgumentCall, 2> argument_calls) {
  return std::make_unique<NestedShortcutCallStep>(std::move(function), overload,
                                                  std::move(argument_calls));
}

}  // namespace portcullis::cel::detail
