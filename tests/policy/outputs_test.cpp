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

}  // namespace
}  // namespace portcullis::policy::engine_testing
