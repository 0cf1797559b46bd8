// The strings extension's `format` (cel-go semantics): %s %d %f %e %b %o %x %X and %%, with an
// optional precision for %f and %e ("%.3f"). Private to cel/lib/. Thread-safe.
#pragma once

#include <string_view>

#include "cel/function.h"
#include "cel/value.h"

namespace portcullis::cel::lib {

// Formats `pattern` with the elements of the list `args`; an error value for a malformed clause,
// a missing argument or an argument the clause cannot format.
Value FormatString(std::string_view pattern, const Value& args, EvalContext& ctx);

}  // namespace portcullis::cel::lib
