#include "cel/lib/standard_parts.h"
#include "cel/library.h"

namespace portcullis::cel {

void AddStandardLibrary(FunctionRegistry& registry) {
  standard::AddArithmetic(registry);
  standard::AddComparisons(registry);
  standard::AddConversions(registry);
  standard::AddStringFunctions(registry);
  standard::AddTimeAccessors(registry);
  standard::AddContainerFunctions(registry);
}

}  // namespace portcullis::cel
