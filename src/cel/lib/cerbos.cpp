#include "cel/lib/cerbos_parts.h"
#include "cel/library.h"

namespace portcullis::cel {

void AddCerbosLibrary(FunctionRegistry& registry) {
  cerbos::AddHierarchy(registry);
  cerbos::AddNetwork(registry);
  cerbos::AddTime(registry);
  cerbos::AddListHelpers(registry);
  cerbos::AddPaths(registry);
  cerbos::AddSpiffe(registry);
  cerbos::AddStringHelpers(registry);
}

}  // namespace portcullis::cel
