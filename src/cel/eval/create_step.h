// List and map literals (cel-spec "Aggregate Values"), with optional entries: `[?x]` and
// `{?k: x}` add the element only when the optional x has a value.
#pragma once

#include <vector>

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

// `optional[i]` marks the elements written with `?`.
StepPtr MakeListStep(std::vector<StepPtr> elements, std::vector<bool> optional);

struct MapEntryStep {
  StepPtr key;
  StepPtr value;
  bool optional = false;
};
// Repeated keys and keys of invalid types are errors (see MakeMap).
StepPtr MakeMapStep(std::vector<MapEntryStep> entries);

}  // namespace portcullis::cel::detail
