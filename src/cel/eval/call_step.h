// A call of a library function, dispatched at run time to the first overload whose argument
// kinds match. The candidate overloads (of the right name, style and arity) are resolved at
// compile time.
#pragma once

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

}  // namespace portcullis::cel::detail
