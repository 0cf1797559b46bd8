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

}  // namespace
}  // namespace portcullis::policy::engine_testing
