#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddStandardLibrary(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
