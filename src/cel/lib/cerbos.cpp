#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddCerbosLibrary(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
