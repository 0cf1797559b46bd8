// A call of a library function, dispatched at run time to the first overload whose argument
// kinds match. The candidate overloads (of the right name, style and arity) are resolved at
// compile time.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

struct CallCandidate {
  const Overload* overload;  // owned by the registry, which outlives the Program
  FunctionImpl specialized;  // set when the overload specialised itself for constant arguments
};

// `args` includes the receiver of a receiver-style call. Strict overloads are not called with
// error or unknown arguments: the merged unknowns, else the first error, is the result.
StepPtr MakeCallStep(std::string function, std::vector<CallCandidate> candidates,
                     std::vector<StepPtr> args);

// One argument of a call planned by MakeNestedShortcutCallStep: a call of `function`, with
// these candidates, of the one argument `arg`.
struct ArgumentCall {
  std::string function;
  std::vector<CallCandidate> candidates;
  StepPtr arg;
};

// `f(g(x), g(y))` where `overload`, f's only candidate, has a NestedCallShortcut: when both
// argument calls would dispatch to the shortcut's overload, the shortcut decides from x and y;
// otherwise the argument calls and then f are made as MakeCallStep would make them.
StepPtr MakeNestedShortcutCallStep(std::string function, const Overload& overload,
                                   std::array<ArgumentCall, 2> argument_calls);

}  // namespace portcullis::cel::detail
