#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddMathExtension(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
