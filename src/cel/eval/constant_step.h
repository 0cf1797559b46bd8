// A literal or a sub-expression folded at compile time.
#pragma once

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

// Evaluates to `value`. Strings and bytes are returned as views of the step's copy (no
// reference counting per evaluation), so results must not outlive the Program.
StepPtr MakeConstantStep(Value value);

}  // namespace portcullis::cel::detail
