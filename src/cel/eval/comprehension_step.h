// Comprehensions (cel-spec "Macros"): iterate a list (elements; with two variables, index and
// element) or a map (keys; with two variables, key and value), folding into an accumulator.
// Every iteration charges one unit of EvalContext work; an exhausted budget is an error.
#pragma once

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

// Slots of the variables a comprehension binds; iter2 is -1 for one-variable forms.
struct ComprehensionSlots {
  int iter = -1;
  int iter2 = -1;
  int accu = -1;
};

struct ComprehensionParts {
  ComprehensionSlots slots;
  StepPtr range;
  StepPtr accu_init;
  StepPtr loop_condition;
  StepPtr loop_step;
  StepPtr result;
};
StepPtr MakeComprehensionStep(ComprehensionParts parts);

// The comprehensions of `map`, `filter`, `transformList` (list building) and `transformMap`
// (map building), whose accumulator starts empty, is only appended to, and is the result:
// built in place in linear time instead of copying the accumulator at every iteration.
// `all` (decisive = false) and `exists` (decisive = true): folds `predicate` over the range
// with `&&` / `||`, stopping at the first decisive result, exactly as the macro's expansion
// would, without evaluating its loop condition and accumulator steps.
struct QuantifierParts {
  ComprehensionSlots slots;  // accu unused
  StepPtr range;
  StepPtr predicate;
  bool decisive = false;
};
StepPtr MakeQuantifierStep(QuantifierParts parts);

struct BuildingComprehensionParts {
  ComprehensionSlots slots;  // accu unused
  StepPtr range;
  StepPtr guard;    // `guard ? accu + [element] : accu`; null when unconditional
  StepPtr key;      // map building: the key inserted; null when building a list
  StepPtr element;  // the element appended, or the value inserted
};
StepPtr MakeListBuildingStep(BuildingComprehensionParts parts);
StepPtr MakeMapBuildingStep(BuildingComprehensionParts parts);

}  // namespace portcullis::cel::detail
