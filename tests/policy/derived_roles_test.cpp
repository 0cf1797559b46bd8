// Derived roles: parent roles, conditions with the derived-roles file's own constants and
// variables, effectiveDerivedRoles.
//
// Every expected response is what the real Cerbos 0.55.0 returned for the same fixture and
// request (without cerbosCallId; effectiveDerivedRoles sorted).
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace portcullis::policy::engine_testing {
namespace {

// owner needs parent role user and V.isOwner (a variable of the derived-roles file, reading its own
// constant); anyone has parentRoles `*`; a failing condition deactivates; only derived roles some
// rule names are reported.
TEST(DerivedRolesTest, DerivedRolesActivateByParentRoleAndCondition) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("features", GlobalsOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"u1","amount":50}},"actions":["edit","view","errd"]},{"resource":{"kind":"doc","id":"2","attr":{"owner":"x","amount":500}},"actions":["edit","view"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_ALLOW","errd":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"},"errd":{"matchedPolicy":"resource.doc.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone","owner"]},"outputs":[{"src":"resource.doc.vdefault#own","val":["anyone","owner"],"action":"edit"}]},
{"resource":{"id":"2","kind":"doc"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone"]}}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
