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

// An action the principal policy does not decide gets the resource policies' answer, NO_MATCH
// when the resource's scope has none (lenientScopeSearch off).
TEST(PrincipalPolicyTest, UndecidedActionsGoToTheResourcePolicies) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("principal_versions");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"no-resource-scope","includeMeta":true,"principal":{"id":"bot","roles":["reader"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"nowhere"},"actions":["ping","view"]}]})json",
      R"json({"requestId":"no-resource-scope","results":[{"resource":{"id":"1","kind":"doc","scope":"nowhere"},"actions":{"ping":"EFFECT_ALLOW","view":"EFFECT_DENY"},"meta":{"actions":{"ping":{"matchedPolicy":"principal.bot.vdefault"},"view":{"matchedPolicy":"NO_MATCH"}}}}]})json");
}

// Cerbos looks principal policies up by the resource's policyVersion: bot's default policy does
// not apply to a v2 resource, and applies whatever the principal's policyVersion. That version
// only names the policy in meta, when a principal policy of it exists for anyone (carol's v2).
TEST(PrincipalPolicyTest, TheResourceVersionSelectsThePrincipalPolicy) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("principal_versions");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"resource-v2","includeMeta":true,"principal":{"id":"bot","roles":["reader"]},"resources":[{"resource":{"kind":"doc","id":"1","policyVersion":"v2"},"actions":["ping","view"]}]})json",
      R"json({"requestId":"resource-v2","results":[{"resource":{"id":"1","kind":"doc","policyVersion":"v2"},"actions":{"ping":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"ping":{"matchedPolicy":"NO_MATCH"},"view":{"matchedPolicy":"NO_MATCH"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"principal-v2","includeMeta":true,"principal":{"id":"bot","roles":["reader"],"policyVersion":"v2"},"resources":[{"resource":{"kind":"doc","id":"1"},"actions":["ping","view"]}]})json",
      R"json({"requestId":"principal-v2","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"ping":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"ping":{"matchedPolicy":"principal.bot.vv2"},"view":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"principal-v3","includeMeta":true,"principal":{"id":"bot","roles":["reader"],"policyVersion":"v3"},"resources":[{"resource":{"kind":"doc","id":"1"},"actions":["ping","view"]}]})json",
      R"json({"requestId":"principal-v3","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"ping":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"ping":{"matchedPolicy":"NO_MATCH"},"view":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"carol-resource-v2","includeMeta":true,"principal":{"id":"carol","roles":["reader"]},"resources":[{"resource":{"kind":"doc","id":"1","policyVersion":"v2"},"actions":["ping","view"]}]})json",
      R"json({"requestId":"carol-resource-v2","results":[{"resource":{"id":"1","kind":"doc","policyVersion":"v2"},"actions":{"ping":"EFFECT_ALLOW","view":"EFFECT_DENY"},"meta":{"actions":{"ping":{"matchedPolicy":"principal.carol.vdefault"},"view":{"matchedPolicy":"NO_MATCH"}}}}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
