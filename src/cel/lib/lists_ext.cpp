#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddListsExtension(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
