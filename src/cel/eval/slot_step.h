// Comprehension and cel.bind variables. The planner numbers every such variable with a slot in
// the evaluation Frame, so that reading one is an array access, never a name lookup.
#pragma once

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

// Programs with at most this many slots evaluate without allocating them on the heap.
inline constexpr int kSlotsOnStack = 16;

// Evaluates to the current value of variable `slot`.
StepPtr MakeSlotStep(int slot);

// Evaluates `attribute` once per evaluation and keeps its value in `slot`; cache number `bit`
// (0..63) records that the slot is filled. Attributes are read from the activation, which does
// not change during an evaluation, so a loop body reading one needs it only once.
StepPtr MakeCachedStep(StepPtr attribute, int slot, int bit);

// The root of a program using `slot_count` variable slots: provides them to `body` for the
// duration of one evaluation (on the stack when few).
StepPtr MakeSlotFrameStep(StepPtr body, int slot_count);

}  // namespace portcullis::cel::detail
