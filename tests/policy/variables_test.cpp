// Variables (imported, local, chained), constants (imported, local) and globals.
//
// Every expected response is what the real Cerbos 0.55.0 returned for the same fixture and
// request (without cerbosCallId; effectiveDerivedRoles sorted).
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace portcullis::policy::engine_testing {
namespace {

// Imported and local variables (chained through V. and variables.), imported and local constants,
// globals; request fields left empty read as "".
TEST(VariablesTest, VariablesConstantsAndGlobals) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("features", GlobalsOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"u1","amount":50}},"actions":["pay"]},{"resource":{"kind":"doc","id":"2","attr":{"owner":"x","amount":500}},"actions":["pay"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"pay":"EFFECT_ALLOW"},"meta":{"actions":{"pay":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone","owner"]},"outputs":[{"src":"resource.doc.vdefault#small","val":["hi",["a","b"],"prod","prod",100,true,"","","",""],"action":"pay"}]},
{"resource":{"id":"2","kind":"doc"},"actions":{"pay":"EFFECT_DENY"},"meta":{"actions":{"pay":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone"]},"outputs":[{"src":"resource.doc.vdefault#small","action":"pay","error":"undefined field 'boom'"}]}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
