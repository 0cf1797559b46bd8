// The scope walk: override-parent, require-parental-consent, lenient scope search, default
// version and scope.
//
// Every expected response is what the real Cerbos 0.55.0 returned for the same fixture and
// request (without cerbosCallId; effectiveDerivedRoles sorted).
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace portcullis::policy::engine_testing {
namespace {

// matchedPolicy is the key of the first scope of the chain, matchedScope the deciding scope
// (omitted for the root); a scope without a policy is NO_MATCH.
TEST(ScopesTest, OverrideParentWalksToTheFirstDecidingScope) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("scopes");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"s1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"a.b","attr":{"ok":true,"a":false}},"actions":["view","edit","publish","delete"]},{"resource":{"kind":"doc","id":"2","scope":"a","attr":{"ok":true,"a":true}},"actions":["view","edit"]},{"resource":{"kind":"doc","id":"3","scope":"a.b.c"},"actions":["view"]}]})json",
      R"json({"requestId":"s1","results":[
{"resource":{"id":"1","kind":"doc","scope":"a.b"},"actions":{"delete":"EFFECT_DENY","edit":"EFFECT_ALLOW","publish":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault/a.b"},"edit":{"matchedPolicy":"resource.doc.vdefault/a.b"},"publish":{"matchedPolicy":"resource.doc.vdefault/a.b","matchedScope":"a.b"},"view":{"matchedPolicy":"resource.doc.vdefault/a.b"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"},{"src":"resource.doc.vdefault/a#a_edit","val":["a-no",1,2.5,true,null],"action":"edit"},{"src":"resource.doc.vdefault#edit_ok","val":"root-edit","action":"edit"}]},
{"resource":{"id":"2","kind":"doc","scope":"a"},"actions":{"edit":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault/a","matchedScope":"a"},"view":{"matchedPolicy":"resource.doc.vdefault/a"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"},{"src":"resource.doc.vdefault/a#a_edit","val":{"scope":"a","who":"u1"},"action":"edit"}]},
{"resource":{"id":"3","kind":"doc","scope":"a.b.c"},"actions":{"view":"EFFECT_DENY"},"meta":{"actions":{"view":{"matchedPolicy":"NO_MATCH"}}}}]})json");
}

// Cerbos builds the chain from scopes where any resource policy exists, so doc@q reports
// resource.doc.vdefault/q although no doc policy has scope q.
TEST(ScopesTest, ChainUsesScopesOfAnyKind) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("scopes");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"s1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"4","scope":"q"},"actions":["view","edit"]},{"resource":{"kind":"img","id":"5","scope":"a"},"actions":["view","edit","x"]},{"resource":{"kind":"img","id":"6","scope":"q"},"actions":["view","edit","x"]}]})json",
      R"json({"requestId":"s1","results":[
{"resource":{"id":"4","kind":"doc","scope":"q"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault/q"},"view":{"matchedPolicy":"resource.doc.vdefault/q"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"},{"src":"resource.doc.vdefault#edit_ok","val":"root-edit-no","action":"edit"}]},
{"resource":{"id":"5","kind":"img","scope":"a"},"actions":{"edit":"EFFECT_ALLOW","view":"EFFECT_DENY","x":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.img.vdefault/a"},"view":{"matchedPolicy":"resource.img.vdefault/a"},"x":{"matchedPolicy":"resource.img.vdefault/a"}}}},
{"resource":{"id":"6","kind":"img","scope":"q"},"actions":{"edit":"EFFECT_ALLOW","view":"EFFECT_ALLOW","x":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.img.vdefault/q"},"view":{"matchedPolicy":"resource.img.vdefault/q","matchedScope":"q"},"x":{"matchedPolicy":"resource.img.vdefault/q"}}}}]})json");
}

// Roles are tried in request order: `user` reaches the root ALLOW before `blocked`'s DENY in scope
// a is considered.
TEST(ScopesTest, AllowFromAnyRoleWins) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("scopes");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"s2","includeMeta":true,"principal":{"id":"u1","roles":["user","blocked"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"a","attr":{"a":true}},"actions":["view","edit"]}]})json",
      R"json({"requestId":"s2","results":[
{"resource":{"id":"1","kind":"doc","scope":"a"},"actions":{"edit":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault/a","matchedScope":"a"},"view":{"matchedPolicy":"resource.doc.vdefault/a"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"},{"src":"resource.doc.vdefault/a#a_edit","val":{"scope":"a","who":"u1"},"action":"edit"}]}]})json");
}

// A child ALLOW needs an ancestor ALLOW; a conditional ALLOW becomes a DENY of the negated
// condition, outputs included.
TEST(ScopesTest, RequireParentalConsentForAllows) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("scopes");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"s3","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"rp","id":"1","scope":"x.y","attr":{"ok":true}},"actions":["a1","a2","a3","a4","a5"]},{"resource":{"kind":"rp","id":"2","scope":"x.y","attr":{"ok":false}},"actions":["a1","a2","a3","a4","a5"]},{"resource":{"kind":"rp","id":"3","scope":"x.y"},"actions":["a3"]}]})json",
      R"json({"requestId":"s3","results":[
{"resource":{"id":"1","kind":"rp","scope":"x.y"},"actions":{"a1":"EFFECT_ALLOW","a2":"EFFECT_ALLOW","a3":"EFFECT_ALLOW","a4":"EFFECT_ALLOW","a5":"EFFECT_DENY"},"meta":{"actions":{"a1":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x"},"a2":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x"},"a3":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x"},"a4":{"matchedPolicy":"resource.rp.vdefault/x.y"},"a5":{"matchedPolicy":"resource.rp.vdefault/x.y"}}},"outputs":[{"src":"resource.rp.vdefault/x.y#cond","val":"x.y-a3-no","action":"a3"}]},
{"resource":{"id":"2","kind":"rp","scope":"x.y"},"actions":{"a1":"EFFECT_ALLOW","a2":"EFFECT_ALLOW","a3":"EFFECT_DENY","a4":"EFFECT_ALLOW","a5":"EFFECT_DENY"},"meta":{"actions":{"a1":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x"},"a2":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x"},"a3":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x.y"},"a4":{"matchedPolicy":"resource.rp.vdefault/x.y"},"a5":{"matchedPolicy":"resource.rp.vdefault/x.y"}}},"outputs":[{"src":"resource.rp.vdefault/x.y#cond","val":"x.y-a3-yes","action":"a3"}]},
{"resource":{"id":"3","kind":"rp","scope":"x.y"},"actions":{"a3":"EFFECT_DENY"},"meta":{"actions":{"a3":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x.y"}}},"outputs":[{"src":"resource.rp.vdefault/x.y#cond","val":"x.y-a3-yes","action":"a3"}]}]})json");
}

// lenientScopeSearch: a scope without policies falls back to its nearest ancestor that has some.
TEST(ScopesTest, LenientScopeSearchStartsAtTheNearestAncestor) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("scopes", LenientOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"l1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","scope":"a.b.c","attr":{"ok":true,"a":true}},"actions":["view","edit","publish"]},{"resource":{"kind":"doc","id":"2","scope":"zz"},"actions":["view"]},{"resource":{"kind":"rp","id":"3","scope":"x.y.z","attr":{"ok":true}},"actions":["a1","a5"]}]})json",
      R"json({"requestId":"l1","results":[
{"resource":{"id":"1","kind":"doc","scope":"a.b.c"},"actions":{"edit":"EFFECT_ALLOW","publish":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault/a.b","matchedScope":"a"},"publish":{"matchedPolicy":"resource.doc.vdefault/a.b","matchedScope":"a.b"},"view":{"matchedPolicy":"resource.doc.vdefault/a.b"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"},{"src":"resource.doc.vdefault/a#a_edit","val":{"scope":"a","who":"u1"},"action":"edit"}]},
{"resource":{"id":"2","kind":"doc","scope":"zz"},"actions":{"view":"EFFECT_ALLOW"},"meta":{"actions":{"view":{"matchedPolicy":"resource.doc.vdefault"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"}]},
{"resource":{"id":"3","kind":"rp","scope":"x.y.z"},"actions":{"a1":"EFFECT_ALLOW","a5":"EFFECT_DENY"},"meta":{"actions":{"a1":{"matchedPolicy":"resource.rp.vdefault/x.y","matchedScope":"x"},"a5":{"matchedPolicy":"resource.rp.vdefault/x.y"}}}}]})json");
}

// defaultPolicyVersion / defaultScope apply when the request leaves them empty; scope "." means
// unscoped.
TEST(ScopesTest, DefaultPolicyVersionAndScope) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("scopes", DefaultsOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"d1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"1","attr":{"a":true}},"actions":["view","edit"]},{"resource":{"kind":"doc","id":"2","policyVersion":"default","scope":"."},"actions":["view"]},{"resource":{"kind":"doc","id":"3","policyVersion":"default"},"actions":["view","edit"]}]})json",
      R"json({"requestId":"d1","results":[
{"resource":{"id":"1","kind":"doc"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"NO_MATCH"},"view":{"matchedPolicy":"NO_MATCH"}}}},
{"resource":{"id":"2","kind":"doc","policyVersion":"default","scope":"."},"actions":{"view":"EFFECT_ALLOW"},"meta":{"actions":{"view":{"matchedPolicy":"resource.doc.vdefault"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"}]},
{"resource":{"id":"3","kind":"doc","policyVersion":"default"},"actions":{"edit":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.doc.vdefault/a"},"view":{"matchedPolicy":"resource.doc.vdefault/a"}}},"outputs":[{"src":"resource.doc.vdefault#view_all","val":"root-view","action":"view"},{"src":"resource.doc.vdefault/a#a_edit","val":["a-no",1,2.5,true,null],"action":"edit"},{"src":"resource.doc.vdefault#edit_ok","val":"root-edit-no","action":"edit"}]}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
