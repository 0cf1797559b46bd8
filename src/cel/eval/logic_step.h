// The non-strict operators: `&&`, `||`, `?:` and `@not_strictly_false` (cel-spec "Logical
// Operators"). `&&` and `||` are commutative with respect to errors and unknowns: a false
// (resp. true) operand decides the result whatever the other one is; otherwise unknowns win
// over errors, and a non-bool operand is a "no such overload" error.
#pragma once

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

// The result of `left && right` (decisive = false) or `left || right` (decisive = true) given
// both operand values, where `left` is already known not to be the decisive bool.
Value CombineLogic(const Value& left, const Value& right, bool decisive);

StepPtr MakeAndStep(StepPtr left, StepPtr right);
StepPtr MakeOrStep(StepPtr left, StepPtr right);
// Evaluates only the branch the condition chooses; an unknown or error condition is the result.
StepPtr MakeTernaryStep(StepPtr condition, StepPtr if_true, StepPtr if_false);
// True unless the operand is the bool false (errors and unknowns count as true): the loop
// condition of `all` and `exists`.
StepPtr MakeNotStrictlyFalseStep(StepPtr operand);

}  // namespace portcullis::cel::detail
