#include "cel/library.h"

namespace portcullis::cel {

// Placeholder until the library lands.
void AddEncodersExtension(FunctionRegistry& registry) {}

}  // namespace portcullis::cel
