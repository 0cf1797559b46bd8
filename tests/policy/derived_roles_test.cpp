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

// Cerbos indexes a rule naming a derived role once per parent role of it, and caches the rule's
// outcome through that derived role for the whole resource: the first evaluation that finds the
// derived role inactive is silent, every later one (another parent role held, another action,
// the root consulted for parental consent) emits conditionNotMet.
TEST(DerivedRolesTest, RowsThroughEachParentRoleShareOneCachedOutcome) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("rows");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"one-parent","includeMeta":true,"principal":{"id":"alice","roles":["user"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"bob"}},"actions":["edit"]}]})json",
      R"json({"requestId":"one-parent","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"two-parents","includeMeta":true,"principal":{"id":"alice","roles":["user","admin"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"bob"}},"actions":["edit"]}]})json",
      R"json({"requestId":"two-parents","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"}}},"outputs":[{"src":"resource.doc.vdefault#owner-edits","val":"not the owner","action":"edit"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"two-actions","includeMeta":true,"principal":{"id":"alice","roles":["user"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"bob"}},"actions":["edit","close"]}]})json",
      R"json({"requestId":"two-actions","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"close":"EFFECT_DENY","edit":"EFFECT_DENY"},"meta":{"actions":{"close":{"matchedPolicy":"resource.doc.vdefault"},"edit":{"matchedPolicy":"resource.doc.vdefault"}}},"outputs":[{"src":"resource.doc.vdefault#owner-edits","val":"not the owner","action":"close"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"parental","includeMeta":true,"principal":{"id":"alice","roles":["user"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme","attr":{"owner":"bob"}},"actions":["edit","close"]}]})json",
      R"json({"requestId":"parental","results":[{"resource":{"id":"1","kind":"doc","scope":"acme"},"actions":{"close":"EFFECT_DENY","edit":"EFFECT_DENY"},"meta":{"actions":{"close":{"matchedPolicy":"resource.doc.vdefault/acme"},"edit":{"matchedPolicy":"resource.doc.vdefault/acme"}}},"outputs":[{"src":"resource.doc.vdefault#owner-edits","val":"not the owner","action":"close"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"owner","includeMeta":true,"principal":{"id":"alice","roles":["boss"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"alice"}},"actions":["edit"]}]})json",
      R"json({"requestId":"owner","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["owner"]},"outputs":[{"src":"resource.doc.vdefault#owner-edits","val":"owner","action":"edit"},{"src":"resource.doc.vdefault#owner-edits","val":"owner","action":"edit"}]}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
