// Role policies: allowActions narrowing, parent roles, conditions.
//
// Every expected response is what the real Cerbos 0.55.0 returned for the same fixture and
// request (without cerbosCallId; effectiveDerivedRoles sorted).
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace portcullis::policy::engine_testing {
namespace {

// acme_admin (parent role admin, scope acme): unlisted actions are denied by the role policy;
// listed ones still need a resource ALLOW (through the parent role, resolved in the resource's
// exact scope); a listed action whose condition fails is denied.
TEST(RolePolicyTest, RolePoliciesNarrowAndResolveParentRoles) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("roles");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"acmetrue","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme","attr":{"ok":true}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"acmetrue","results":[
{"resource":{"id":"1","kind":"doc","scope":"acme"},"actions":{"delete":"EFFECT_ALLOW","edit:x":"EFFECT_ALLOW","edit:y":"EFFECT_DENY","list":"EFFECT_ALLOW","other":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault/acme"},"edit:x":{"matchedPolicy":"resource.doc.vdefault/acme"},"edit:y":{"matchedPolicy":"resource.doc.vdefault/acme"},"list":{"matchedPolicy":"resource.doc.vdefault/acme"},"other":{"matchedPolicy":"role.acme_admin.vdefault/acme","matchedScope":"acme"},"view":{"matchedPolicy":"resource.doc.vdefault/acme","matchedScope":"acme"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"acmefalse","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme","attr":{"ok":false}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"acmefalse","results":[
{"resource":{"id":"1","kind":"doc","scope":"acme"},"actions":{"delete":"EFFECT_DENY","edit:x":"EFFECT_ALLOW","edit:y":"EFFECT_DENY","list":"EFFECT_ALLOW","other":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"delete":{"matchedPolicy":"role.acme_admin.vdefault/acme","matchedScope":"acme"},"edit:x":{"matchedPolicy":"resource.doc.vdefault/acme"},"edit:y":{"matchedPolicy":"resource.doc.vdefault/acme"},"list":{"matchedPolicy":"resource.doc.vdefault/acme"},"other":{"matchedPolicy":"role.acme_admin.vdefault/acme","matchedScope":"acme"},"view":{"matchedPolicy":"resource.doc.vdefault/acme","matchedScope":"acme"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"acme.hrtrue","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme.hr","attr":{"ok":true}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"acme.hrtrue","results":[
{"resource":{"id":"1","kind":"doc","scope":"acme.hr"},"actions":{"delete":"EFFECT_DENY","edit:x":"EFFECT_DENY","edit:y":"EFFECT_DENY","list":"EFFECT_DENY","other":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault/acme.hr"},"edit:x":{"matchedPolicy":"resource.doc.vdefault/acme.hr"},"edit:y":{"matchedPolicy":"resource.doc.vdefault/acme.hr"},"list":{"matchedPolicy":"resource.doc.vdefault/acme.hr"},"other":{"matchedPolicy":"role.acme_admin.vdefault/acme","matchedScope":"acme"},"view":{"matchedPolicy":"resource.doc.vdefault/acme.hr"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"acme.hrfalse","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme.hr","attr":{"ok":false}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"acme.hrfalse","results":[
{"resource":{"id":"1","kind":"doc","scope":"acme.hr"},"actions":{"delete":"EFFECT_DENY","edit:x":"EFFECT_DENY","edit:y":"EFFECT_DENY","list":"EFFECT_DENY","other":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"delete":{"matchedPolicy":"role.acme_admin.vdefault/acme","matchedScope":"acme"},"edit:x":{"matchedPolicy":"resource.doc.vdefault/acme.hr"},"edit:y":{"matchedPolicy":"resource.doc.vdefault/acme.hr"},"list":{"matchedPolicy":"resource.doc.vdefault/acme.hr"},"other":{"matchedPolicy":"role.acme_admin.vdefault/acme","matchedScope":"acme"},"view":{"matchedPolicy":"resource.doc.vdefault/acme.hr"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"true","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"","attr":{"ok":true}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"true","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"delete":"EFFECT_DENY","edit:x":"EFFECT_DENY","edit:y":"EFFECT_DENY","list":"EFFECT_DENY","other":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault"},"edit:x":{"matchedPolicy":"resource.doc.vdefault"},"edit:y":{"matchedPolicy":"resource.doc.vdefault"},"list":{"matchedPolicy":"resource.doc.vdefault"},"other":{"matchedPolicy":"resource.doc.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"false","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"","attr":{"ok":false}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"false","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"delete":"EFFECT_DENY","edit:x":"EFFECT_DENY","edit:y":"EFFECT_DENY","list":"EFFECT_DENY","other":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault"},"edit:x":{"matchedPolicy":"resource.doc.vdefault"},"edit:y":{"matchedPolicy":"resource.doc.vdefault"},"list":{"matchedPolicy":"resource.doc.vdefault"},"other":{"matchedPolicy":"resource.doc.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
}

// Role policies and parent roles follow the resource's scope; another role of the principal can
// still allow what the role policy denies.
TEST(RolePolicyTest, PrincipalScopeDoesNotSelectRolePolicies) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("roles");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"pscope","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin"],"scope":"acme"},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"ok":true}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"pscope","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"delete":"EFFECT_DENY","edit:x":"EFFECT_DENY","edit:y":"EFFECT_DENY","list":"EFFECT_DENY","other":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault"},"edit:x":{"matchedPolicy":"resource.doc.vdefault"},"edit:y":{"matchedPolicy":"resource.doc.vdefault"},"list":{"matchedPolicy":"resource.doc.vdefault"},"other":{"matchedPolicy":"resource.doc.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"two","includeMeta":true,"principal":{"id":"u1","roles":["acme_admin","admin"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme","attr":{"ok":false}},"actions":["view","edit:x","edit:y","delete","list","other"]}]})json",
      R"json({"requestId":"two","results":[
{"resource":{"id":"1","kind":"doc","scope":"acme"},"actions":{"delete":"EFFECT_ALLOW","edit:x":"EFFECT_ALLOW","edit:y":"EFFECT_DENY","list":"EFFECT_ALLOW","other":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault/acme"},"edit:x":{"matchedPolicy":"resource.doc.vdefault/acme"},"edit:y":{"matchedPolicy":"resource.doc.vdefault/acme"},"list":{"matchedPolicy":"resource.doc.vdefault/acme"},"other":{"matchedPolicy":"resource.doc.vdefault/acme"},"view":{"matchedPolicy":"resource.doc.vdefault/acme","matchedScope":"acme"}}}}]})json");
}

// Role policies have versions: acme_editor's (v1) narrows v1 resources only, whether the version
// comes from the request or from engine.defaultPolicyVersion; its parent role applies to
// resources of every version.
TEST(RolePolicyTest, RolePoliciesApplyToResourcesOfTheirVersion) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("role_versions");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"acme-v1","includeMeta":true,"principal":{"id":"u1","roles":["acme_editor"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme","policyVersion":"v1"},"actions":["view","edit","export"]}]})json",
      R"json({"requestId":"acme-v1","results":[{"resource":{"id":"1","kind":"doc","policyVersion":"v1","scope":"acme"},"actions":{"edit":"EFFECT_ALLOW","export":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vv1/acme","matchedScope":"acme"},"export":{"matchedPolicy":"role.acme_editor.vv1/acme","matchedScope":"acme"},"view":{"matchedPolicy":"resource.doc.vv1/acme"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"acme-default","includeMeta":true,"principal":{"id":"u1","roles":["acme_editor"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme"},"actions":["view","edit","export"]}]})json",
      R"json({"requestId":"acme-default","results":[{"resource":{"id":"1","kind":"doc","scope":"acme"},"actions":{"edit":"EFFECT_ALLOW","export":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault/acme"},"export":{"matchedPolicy":"resource.doc.vdefault/acme"},"view":{"matchedPolicy":"resource.doc.vdefault/acme"}}}}]})json");

  EngineOptions v1;  // engine: {defaultPolicyVersion: v1}
  v1.default_policy_version = "v1";
  std::shared_ptr<const PolicySet> v1_policies = CompileFixture("role_versions", v1);
  ASSERT_TRUE(v1_policies);
  ExpectResponse(
      *v1_policies,
      R"json({"requestId":"acme-default-v1","includeMeta":true,"principal":{"id":"u1","roles":["acme_editor"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"acme"},"actions":["view","edit","export"]}]})json",
      R"json({"requestId":"acme-default-v1","results":[{"resource":{"id":"1","kind":"doc","scope":"acme"},"actions":{"edit":"EFFECT_ALLOW","export":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vv1/acme","matchedScope":"acme"},"export":{"matchedPolicy":"role.acme_editor.vv1/acme","matchedScope":"acme"},"view":{"matchedPolicy":"resource.doc.vv1/acme"}}}}]})json");
}

// Listed rules emit their outputs (a failing condition denies with conditionNotMet; unnamed rules
// have an empty name after '#'). viewer has no rule for folder but still denies it, as the scope
// has folder rules for its parent role editor; for file the rules are for nobody it holds, and
// box has none: the role policy is not consulted.
TEST(RolePolicyTest, RolePolicyRulesEmitOutputsAndDenyUnlistedKinds) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("role_versions");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"unlocked","includeMeta":true,"principal":{"id":"u1","roles":["viewer"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"locked":false}},"actions":["view","edit","export"]}]})json",
      R"json({"requestId":"unlocked","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_ALLOW","export":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault"},"export":{"matchedPolicy":"role.viewer.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}}},"outputs":[{"src":"role.viewer.vdefault#","val":"viewer may view","action":"view"},{"src":"role.viewer.vdefault#unlocked","val":"unlocked","action":"view"},{"src":"role.viewer.vdefault#unlocked","val":"unlocked","action":"edit"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"locked","includeMeta":true,"principal":{"id":"u1","roles":["viewer"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"locked":true}},"actions":["view","edit"]}]})json",
      R"json({"requestId":"locked","results":[{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"role.viewer.vdefault"},"view":{"matchedPolicy":"role.viewer.vdefault"}}},"outputs":[{"src":"role.viewer.vdefault#","val":"viewer may view","action":"view"},{"src":"role.viewer.vdefault#unlocked","val":"locked","action":"view"},{"src":"role.viewer.vdefault#unlocked","val":"locked","action":"edit"}]}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"folder","includeMeta":true,"principal":{"id":"u1","roles":["viewer"]},"resources":[{"resource":{"kind":"folder","id":"1"},"actions":["view","edit"]}]})json",
      R"json({"requestId":"folder","results":[{"resource":{"id":"1","kind":"folder"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"role.viewer.vdefault"},"view":{"matchedPolicy":"role.viewer.vdefault"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"file","includeMeta":true,"principal":{"id":"u1","roles":["viewer"]},"resources":[{"resource":{"kind":"file","id":"1"},"actions":["view","edit"]},{"resource":{"kind":"box","id":"2"},"actions":["view"]}]})json",
      R"json({"requestId":"file","results":[{"resource":{"id":"1","kind":"file"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.file.vdefault"},"view":{"matchedPolicy":"resource.file.vdefault"}}}},{"resource":{"id":"2","kind":"box"},"actions":{"view":"EFFECT_DENY"},"meta":{"actions":{"view":{"matchedPolicy":"NO_MATCH"}}}}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
