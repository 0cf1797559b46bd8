// `operand[key]` with a key computed at run time, and the optional forms `operand.?field` and
// `operand[?key]` (constant keys of plain indexes are qualifiers of an attribute instead).
#pragma once

#include <string>

#include "cel/eval/step.h"

namespace portcullis::cel::detail {

StepPtr MakeIndexStep(StepPtr operand, StepPtr key);
StepPtr MakeOptionalIndexStep(StepPtr operand, StepPtr key);
StepPtr MakeOptionalSelectStep(StepPtr operand, std::string field);

}  // namespace portcullis::cel::detail
