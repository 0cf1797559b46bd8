#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddStringsExtension(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
