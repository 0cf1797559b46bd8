#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddOptionalsLibrary(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
