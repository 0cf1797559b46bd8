#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddSetsExtension(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
