// Principal policies: evaluated first, final when they decide.
//
// Every expected response is what the real Cerbos 0.55.0 returned for the same fixture and
// request (without cerbosCallId; effectiveDerivedRoles sorted).
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace portcullis::policy::engine_testing {
namespace {

// alice's DENY on edit is final; view falls through (conditionNotMet output) to the resource
// policy; `tw*` on resource `*` allows twice even without a resource policy.
TEST(PrincipalPolicyTest, PrincipalPolicyDecidesFirst) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("features", GlobalsOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"e3","includeMeta":true,"principal":{"id":"alice","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"owner":"alice","public":false}},"actions":["edit","view","twice"]},{"resource":{"kind":"nodoc","id":"2"},"actions":["twice","other"]}]})json",
      R"json({"requestId":"e3","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_DENY","twice":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"principal.alice.vdefault"},"twice":{"matchedPolicy":"principal.alice.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}},"effectiveDerivedRoles":["anyone","owner"]},"outputs":[{"src":"principal.alice.vdefault#no_edit","val":"alice-no-edit","action":"edit"},{"src":"principal.alice.vdefault#doc_rule-002","val":"alice-view-notmet","action":"view"}]},
{"resource":{"id":"2","kind":"nodoc"},"actions":{"other":"EFFECT_DENY","twice":"EFFECT_ALLOW"},"meta":{"actions":{"other":{"matchedPolicy":"NO_MATCH"},"twice":{"matchedPolicy":"principal.alice.vdefault"}}}}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
