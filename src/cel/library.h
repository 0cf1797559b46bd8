// The function libraries a registry can be filled with. Each library lives in its own file
// under cel/lib/ and adds its overloads to the registry it is given.
#pragma once

#include "cel/function.h"

namespace portcullis::cel {

// cel-spec standard definitions: operators, size, conversions, type(), string functions,
// `matches` (RE2), timestamp and duration arithmetic and accessors (with time zones).
void AddStandardLibrary(FunctionRegistry& registry);

// cel-go extension libraries, as Cerbos enables them.
void AddStringsExtension(FunctionRegistry& registry);    // charAt, indexOf, lowerAscii, format...
void AddMathExtension(FunctionRegistry& registry);       // math.greatest, math.ceil, bitwise...
void AddEncodersExtension(FunctionRegistry& registry);   // base64.encode/decode
void AddListsExtension(FunctionRegistry& registry);      // lists.range, slice, flatten, sort...
void AddSetsExtension(FunctionRegistry& registry);       // sets.contains/equivalent/intersects
void AddOptionalsLibrary(FunctionRegistry& registry);    // optional.of/none/ofNonZeroValue...

// Cerbos's own functions (research/cerbos.md §2).
void AddCerbosLibrary(FunctionRegistry& registry);

}  // namespace portcullis::cel
