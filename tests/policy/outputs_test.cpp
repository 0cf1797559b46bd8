// Rule outputs: ruleActivated / conditionNotMet, order, failed expressions.
//
// Every expected response is what the real Cerbos 0.55.0 returned for the same fixture and
// request (without cerbosCallId; effectiveDerivedRoles sorted).
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace portcullis::policy::engine_testing {
namespace {

// A rule matched once per role emits its output once per role.
TEST(OutputsTest, OutputsPerRoleInEvaluationOrder) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("features", GlobalsOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"u1","amount":50}},"actions":["twice","edit"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_ALLOW","twice":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"},"twice":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone","owner"]},"outputs":[{"src":"resource.doc.vdefault#twice","val":"t","action":"twice"},{"src":"resource.doc.vdefault#own","val":["anyone","owner"],"action":"edit"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"2","includeMeta":true,"principal":{"id":"u1","roles":["user","admin"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"u1","amount":50}},"actions":["twice"]}]})json",
      R"json({"requestId":"2","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"twice":"EFFECT_DENY"},"meta":{"actions":{"twice":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone","owner"]},"outputs":[{"src":"resource.doc.vdefault#twice","val":"t","action":"twice"},{"src":"resource.doc.vdefault#twice","val":"t","action":"twice"}]}]})json");
}

// conditionNotMet reads a variable that failed: the entry has `error` and no `val`.
TEST(OutputsTest, FailedOutputExpressionKeepsTheError) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("features", GlobalsOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"2","attr":{"owner":"x","amount":500}},"actions":["pay"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"2","kind":"doc"},"actions":{"pay":"EFFECT_DENY"},"meta":{"actions":{"pay":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone"]},"outputs":[{"src":"resource.doc.vdefault#small","action":"pay","error":"undefined field 'boom'"}]}]})json");
}

// request.auxData, P and R as whole objects (empty fields omitted).
TEST(OutputsTest, WholeRequestObjects) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("features", GlobalsOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"u1","amount":50}},"actions":["jwt"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"jwt":"EFFECT_DENY"},"meta":{"actions":{"jwt":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone","owner"]},"outputs":[{"src":"resource.doc.vdefault#jwt","val":[{},{"id":"u1","roles":["user"]},{"attr":{"amount":50,"owner":"u1"},"id":"1","kind":"doc"}],"action":"jwt"}]}]})json");
}

// A rule is evaluated, and emits its outputs, once per row: per role it names that the principal
// holds (boss holds user and admin through parentRoles), per action pattern that matches
// (`archive` and `arch*`); a role list holding `*` is one row per principal role (user and
// admin: two rows through the rule's `[user, "*"]`, two through team's parent roles).
TEST(OutputsTest, ARuleEmitsOncePerRow) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("rows");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"ancestors","includeMeta":true,"principal":{"id":"alice","roles":["boss"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"bob"}},"actions":["edit","view"]}]})json",
      R"json({"requestId":"ancestors","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}}},"outputs":[{"src":"resource.doc.vdefault#owner-edits","val":"not the owner","action":"edit"},{"src":"resource.doc.vdefault#both","val":"viewer","action":"view"},{"src":"resource.doc.vdefault#both","val":"viewer","action":"view"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"patterns","includeMeta":true,"principal":{"id":"alice","roles":["user"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"alice","flag":false}},"actions":["archive","arch"]}]})json",
      R"json({"requestId":"patterns","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"arch":"EFFECT_DENY","archive":"EFFECT_DENY"},"meta":{"actions":{"arch":{"matchedPolicy":"resource.doc.vdefault"},"archive":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["owner"]},"outputs":[{"src":"resource.doc.vdefault#patterns","val":"not archived","action":"archive"},{"src":"resource.doc.vdefault#patterns","val":"not archived","action":"archive"},{"src":"resource.doc.vdefault#patterns","val":"not archived","action":"arch"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"star","includeMeta":true,"principal":{"id":"alice","roles":["user","admin"],"attr":{"team":"t1"}},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"team":"t1","flag":false}},"actions":["share"]}]})json",
      R"json({"requestId":"star","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"share":"EFFECT_DENY"},"meta":{"actions":{"share":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["team"]},"outputs":[{"src":"resource.doc.vdefault#star","val":"not shared","action":"share"},{"src":"resource.doc.vdefault#star","val":"not shared","action":"share"},{"src":"resource.doc.vdefault#star","val":"not shared","action":"share"},{"src":"resource.doc.vdefault#star","val":"not shared","action":"share"}]}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
