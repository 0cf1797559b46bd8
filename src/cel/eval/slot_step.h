// Comprehension and cel.bind variables. The planner numbers every such variable with a slot in
// the evaluation Frame, so that reading one is an array access, never a name lookup.
#pragma once

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

// Evaluates to the current value of variable `slot`.
StepPtr MakeSlotStep(int slot);

// The root of a program using `slot_count` variable slots: provides them to `body` for the
// duration of one evaluation (on the stack when few).
StepPtr MakeSlotFrameStep(StepPtr body, int slot_count);

}  // namespace portcullis::cel::detail
