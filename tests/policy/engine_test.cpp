// Decisions as Cerbos 0.55.0 makes them: DENY/ALLOW precedence, NO_MATCH, wildcard actions,
// runtime errors in conditions (both evaluation modes).
//
// Every expected response is what the real Cerbos 0.55.0 returned for the same fixture and
// request (without cerbosCallId; effectiveDerivedRoles sorted).
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace portcullis::policy::engine_testing {
namespace {

// A `*` DENY whose condition holds overrides the ALLOW for `view`; actions no rule names are DENY
// with the policy as matchedPolicy.
TEST(EngineTest, DenyRuleBeatsAllowAndUnmatchedActionsAreDenied) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("precedence");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"d1","attr":{}},"actions":["view","edit","edit:x","edit:x:y","delete"]},{"resource":{"kind":"doc","id":"d2","attr":{"blocked":true}},"actions":["view"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"d1","kind":"doc"},"actions":{"delete":"EFFECT_DENY","edit":"EFFECT_DENY","edit:x":"EFFECT_ALLOW","edit:x:y":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{"delete":{"matchedPolicy":"resource.doc.vdefault"},"edit":{"matchedPolicy":"resource.doc.vdefault"},"edit:x":{"matchedPolicy":"resource.doc.vdefault"},"edit:x:y":{"matchedPolicy":"resource.doc.vdefault"},"view":{"matchedPolicy":"resource.doc.vdefault"}}}},
{"resource":{"id":"d2","kind":"doc"},"actions":{"view":"EFFECT_DENY"},"meta":{"actions":{"view":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
}

// No policy at all: NO_MATCH. A policy exists but no rule matches the role: the policy key, DENY.
TEST(EngineTest, NoPolicyForKindVersionOrScopeIsNoMatch) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("precedence");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"doc","id":"d3","policyVersion":"v2"},"actions":["view"]},{"resource":{"kind":"nodoc","id":"d4"},"actions":["view"]},{"resource":{"kind":"doc","id":"d5","scope":"a.b"},"actions":["view"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"d3","kind":"doc","policyVersion":"v2"},"actions":{"view":"EFFECT_DENY"},"meta":{"actions":{"view":{"matchedPolicy":"NO_MATCH"}}}},
{"resource":{"id":"d4","kind":"nodoc"},"actions":{"view":"EFFECT_DENY"},"meta":{"actions":{"view":{"matchedPolicy":"NO_MATCH"}}}},
{"resource":{"id":"d5","kind":"doc","scope":"a.b"},"actions":{"view":"EFFECT_DENY"},"meta":{"actions":{"view":{"matchedPolicy":"NO_MATCH"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"2","includeMeta":true,"principal":{"id":"u1","roles":["other"]},"resources":[{"resource":{"kind":"doc","id":"d1"},"actions":["view"]}]})json",
      R"json({"requestId":"2","results":[
{"resource":{"id":"d1","kind":"doc"},"actions":{"view":"EFFECT_DENY"},"meta":{"actions":{"view":{"matchedPolicy":"resource.doc.vdefault"}}}}]})json");
}

// `*` alone matches everything; without `*` the characters ?, {}, [] are literal; `*:z` does not
// cross ':'.
TEST(EngineTest, PlainWildcards) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("wildcards");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"star","principal":{"id":"u1","roles":["star"]},"resources":[{"resource":{"kind":"plain_glob","id":"x"},"actions":["a","ab","a:b","a:b:c","px","qx","rx","my","ny","oy",":z","a:z","a:b:z",":"]}]})json",
      R"json({"requestId":"star","results":[
{"resource":{"id":"x","kind":"plain_glob"},"actions":{":":"EFFECT_ALLOW",":z":"EFFECT_ALLOW","a":"EFFECT_ALLOW","a:b":"EFFECT_ALLOW","a:b:c":"EFFECT_ALLOW","a:b:z":"EFFECT_ALLOW","a:z":"EFFECT_ALLOW","ab":"EFFECT_ALLOW","my":"EFFECT_ALLOW","ny":"EFFECT_ALLOW","oy":"EFFECT_ALLOW","px":"EFFECT_ALLOW","qx":"EFFECT_ALLOW","rx":"EFFECT_ALLOW"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"dstar","principal":{"id":"u1","roles":["dstar"]},"resources":[{"resource":{"kind":"plain_glob","id":"x"},"actions":["a","ab","a:b","a:b:c","px","qx","rx","my","ny","oy",":z","a:z","a:b:z",":"]}]})json",
      R"json({"requestId":"dstar","results":[
{"resource":{"id":"x","kind":"plain_glob"},"actions":{":":"EFFECT_ALLOW",":z":"EFFECT_ALLOW","a":"EFFECT_ALLOW","a:b":"EFFECT_ALLOW","a:b:c":"EFFECT_ALLOW","a:b:z":"EFFECT_ALLOW","a:z":"EFFECT_ALLOW","ab":"EFFECT_ALLOW","my":"EFFECT_ALLOW","ny":"EFFECT_ALLOW","oy":"EFFECT_ALLOW","px":"EFFECT_ALLOW","qx":"EFFECT_ALLOW","rx":"EFFECT_ALLOW"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"q","principal":{"id":"u1","roles":["q"]},"resources":[{"resource":{"kind":"plain_glob","id":"x"},"actions":["a","ab","a:b","a:b:c","px","qx","rx","my","ny","oy",":z","a:z","a:b:z",":"]}]})json",
      R"json({"requestId":"q","results":[
{"resource":{"id":"x","kind":"plain_glob"},"actions":{":":"EFFECT_DENY",":z":"EFFECT_DENY","a":"EFFECT_DENY","a:b":"EFFECT_DENY","a:b:c":"EFFECT_DENY","a:b:z":"EFFECT_DENY","a:z":"EFFECT_DENY","ab":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","oy":"EFFECT_DENY","px":"EFFECT_DENY","qx":"EFFECT_DENY","rx":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"alt","principal":{"id":"u1","roles":["alt"]},"resources":[{"resource":{"kind":"plain_glob","id":"x"},"actions":["a","ab","a:b","a:b:c","px","qx","rx","my","ny","oy",":z","a:z","a:b:z",":"]}]})json",
      R"json({"requestId":"alt","results":[
{"resource":{"id":"x","kind":"plain_glob"},"actions":{":":"EFFECT_DENY",":z":"EFFECT_DENY","a":"EFFECT_DENY","a:b":"EFFECT_DENY","a:b:c":"EFFECT_DENY","a:b:z":"EFFECT_DENY","a:z":"EFFECT_DENY","ab":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","oy":"EFFECT_DENY","px":"EFFECT_DENY","qx":"EFFECT_DENY","rx":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"cls","principal":{"id":"u1","roles":["cls"]},"resources":[{"resource":{"kind":"plain_glob","id":"x"},"actions":["a","ab","a:b","a:b:c","px","qx","rx","my","ny","oy",":z","a:z","a:b:z",":"]}]})json",
      R"json({"requestId":"cls","results":[
{"resource":{"id":"x","kind":"plain_glob"},"actions":{":":"EFFECT_DENY",":z":"EFFECT_DENY","a":"EFFECT_DENY","a:b":"EFFECT_DENY","a:b:c":"EFFECT_DENY","a:b:z":"EFFECT_DENY","a:z":"EFFECT_DENY","ab":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","oy":"EFFECT_DENY","px":"EFFECT_DENY","qx":"EFFECT_DENY","rx":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"pre","principal":{"id":"u1","roles":["pre"]},"resources":[{"resource":{"kind":"plain_glob","id":"x"},"actions":["a","ab","a:b","a:b:c","px","qx","rx","my","ny","oy",":z","a:z","a:b:z",":"]}]})json",
      R"json({"requestId":"pre","results":[
{"resource":{"id":"x","kind":"plain_glob"},"actions":{":":"EFFECT_DENY",":z":"EFFECT_ALLOW","a":"EFFECT_DENY","a:b":"EFFECT_DENY","a:b:c":"EFFECT_DENY","a:b:z":"EFFECT_DENY","a:z":"EFFECT_ALLOW","ab":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","oy":"EFFECT_DENY","px":"EFFECT_DENY","qx":"EFFECT_DENY","rx":"EFFECT_DENY"}}]})json");
}

// `a:**` and `**:z` cross ':'; `\\*x` escapes; `a?` (no star) is a plain name.
TEST(EngineTest, GlobWildcards) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("wildcards");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"r1","principal":{"id":"u1","roles":["r1"]},"resources":[{"resource":{"kind":"super_glob","id":"x"},"actions":["a","a:b","a:b:c","z","a:z","a:b:z","x","xy","x:y","a?","ab","*x","\\*x","yx","a.b","axb","b"]}]})json",
      R"json({"requestId":"r1","results":[
{"resource":{"id":"x","kind":"super_glob"},"actions":{"*x":"EFFECT_DENY","\\*x":"EFFECT_DENY","a":"EFFECT_DENY","a.b":"EFFECT_DENY","a:b":"EFFECT_ALLOW","a:b:c":"EFFECT_ALLOW","a:b:z":"EFFECT_ALLOW","a:z":"EFFECT_ALLOW","a?":"EFFECT_DENY","ab":"EFFECT_DENY","axb":"EFFECT_DENY","b":"EFFECT_DENY","x":"EFFECT_DENY","x:y":"EFFECT_DENY","xy":"EFFECT_DENY","yx":"EFFECT_DENY","z":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"r2","principal":{"id":"u1","roles":["r2"]},"resources":[{"resource":{"kind":"super_glob","id":"x"},"actions":["a","a:b","a:b:c","z","a:z","a:b:z","x","xy","x:y","a?","ab","*x","\\*x","yx","a.b","axb","b"]}]})json",
      R"json({"requestId":"r2","results":[
{"resource":{"id":"x","kind":"super_glob"},"actions":{"*x":"EFFECT_DENY","\\*x":"EFFECT_DENY","a":"EFFECT_DENY","a.b":"EFFECT_DENY","a:b":"EFFECT_DENY","a:b:c":"EFFECT_DENY","a:b:z":"EFFECT_ALLOW","a:z":"EFFECT_ALLOW","a?":"EFFECT_DENY","ab":"EFFECT_DENY","axb":"EFFECT_DENY","b":"EFFECT_DENY","x":"EFFECT_DENY","x:y":"EFFECT_DENY","xy":"EFFECT_DENY","yx":"EFFECT_DENY","z":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"r3","principal":{"id":"u1","roles":["r3"]},"resources":[{"resource":{"kind":"super_glob","id":"x"},"actions":["a","a:b","a:b:c","z","a:z","a:b:z","x","xy","x:y","a?","ab","*x","\\*x","yx","a.b","axb","b"]}]})json",
      R"json({"requestId":"r3","results":[
{"resource":{"id":"x","kind":"super_glob"},"actions":{"*x":"EFFECT_DENY","\\*x":"EFFECT_DENY","a":"EFFECT_DENY","a.b":"EFFECT_DENY","a:b":"EFFECT_DENY","a:b:c":"EFFECT_DENY","a:b:z":"EFFECT_DENY","a:z":"EFFECT_DENY","a?":"EFFECT_DENY","ab":"EFFECT_DENY","axb":"EFFECT_DENY","b":"EFFECT_DENY","x":"EFFECT_ALLOW","x:y":"EFFECT_ALLOW","xy":"EFFECT_ALLOW","yx":"EFFECT_DENY","z":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"r4","principal":{"id":"u1","roles":["r4"]},"resources":[{"resource":{"kind":"super_glob","id":"x"},"actions":["a","a:b","a:b:c","z","a:z","a:b:z","x","xy","x:y","a?","ab","*x","\\*x","yx","a.b","axb","b"]}]})json",
      R"json({"requestId":"r4","results":[
{"resource":{"id":"x","kind":"super_glob"},"actions":{"*x":"EFFECT_ALLOW","\\*x":"EFFECT_DENY","a":"EFFECT_DENY","a.b":"EFFECT_ALLOW","a:b":"EFFECT_DENY","a:b:c":"EFFECT_DENY","a:b:z":"EFFECT_DENY","a:z":"EFFECT_DENY","a?":"EFFECT_ALLOW","ab":"EFFECT_ALLOW","axb":"EFFECT_ALLOW","b":"EFFECT_ALLOW","x":"EFFECT_DENY","x:y":"EFFECT_DENY","xy":"EFFECT_DENY","yx":"EFFECT_DENY","z":"EFFECT_DENY"}}]})json");
}

// With a `*`, ?, [..], [!..] and {..} are glob syntax.
TEST(EngineTest, GlobClassesAndAlternatives) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("wildcards");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"r1","principal":{"id":"u1","roles":["r1"]},"resources":[{"resource":{"kind":"class_glob","id":"x"},"actions":["a","ab","abc","a:b","px","p","qx:y","rx","my","m","ny","oy","o:z","m:z","x","x:y","xa:b:c","xa"]}]})json",
      R"json({"requestId":"r1","results":[
{"resource":{"id":"x","kind":"class_glob"},"actions":{"a":"EFFECT_DENY","a:b":"EFFECT_DENY","ab":"EFFECT_ALLOW","abc":"EFFECT_ALLOW","m":"EFFECT_DENY","m:z":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","o:z":"EFFECT_DENY","oy":"EFFECT_DENY","p":"EFFECT_DENY","px":"EFFECT_DENY","qx:y":"EFFECT_DENY","rx":"EFFECT_DENY","x":"EFFECT_DENY","x:y":"EFFECT_DENY","xa":"EFFECT_DENY","xa:b:c":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"r2","principal":{"id":"u1","roles":["r2"]},"resources":[{"resource":{"kind":"class_glob","id":"x"},"actions":["a","ab","abc","a:b","px","p","qx:y","rx","my","m","ny","oy","o:z","m:z","x","x:y","xa:b:c","xa"]}]})json",
      R"json({"requestId":"r2","results":[
{"resource":{"id":"x","kind":"class_glob"},"actions":{"a":"EFFECT_DENY","a:b":"EFFECT_DENY","ab":"EFFECT_DENY","abc":"EFFECT_DENY","m":"EFFECT_DENY","m:z":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","o:z":"EFFECT_DENY","oy":"EFFECT_DENY","p":"EFFECT_ALLOW","px":"EFFECT_ALLOW","qx:y":"EFFECT_DENY","rx":"EFFECT_DENY","x":"EFFECT_DENY","x:y":"EFFECT_DENY","xa":"EFFECT_DENY","xa:b:c":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"r3","principal":{"id":"u1","roles":["r3"]},"resources":[{"resource":{"kind":"class_glob","id":"x"},"actions":["a","ab","abc","a:b","px","p","qx:y","rx","my","m","ny","oy","o:z","m:z","x","x:y","xa:b:c","xa"]}]})json",
      R"json({"requestId":"r3","results":[
{"resource":{"id":"x","kind":"class_glob"},"actions":{"a":"EFFECT_DENY","a:b":"EFFECT_DENY","ab":"EFFECT_DENY","abc":"EFFECT_DENY","m":"EFFECT_ALLOW","m:z":"EFFECT_DENY","my":"EFFECT_ALLOW","ny":"EFFECT_ALLOW","o:z":"EFFECT_DENY","oy":"EFFECT_DENY","p":"EFFECT_DENY","px":"EFFECT_DENY","qx:y":"EFFECT_DENY","rx":"EFFECT_DENY","x":"EFFECT_DENY","x:y":"EFFECT_DENY","xa":"EFFECT_DENY","xa:b:c":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"r4","principal":{"id":"u1","roles":["r4"]},"resources":[{"resource":{"kind":"class_glob","id":"x"},"actions":["a","ab","abc","a:b","px","p","qx:y","rx","my","m","ny","oy","o:z","m:z","x","x:y","xa:b:c","xa"]}]})json",
      R"json({"requestId":"r4","results":[
{"resource":{"id":"x","kind":"class_glob"},"actions":{"a":"EFFECT_DENY","a:b":"EFFECT_DENY","ab":"EFFECT_DENY","abc":"EFFECT_DENY","m":"EFFECT_DENY","m:z":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","o:z":"EFFECT_ALLOW","oy":"EFFECT_DENY","p":"EFFECT_DENY","px":"EFFECT_DENY","qx:y":"EFFECT_DENY","rx":"EFFECT_DENY","x":"EFFECT_DENY","x:y":"EFFECT_DENY","xa":"EFFECT_DENY","xa:b:c":"EFFECT_DENY"}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"r5","principal":{"id":"u1","roles":["r5"]},"resources":[{"resource":{"kind":"class_glob","id":"x"},"actions":["a","ab","abc","a:b","px","p","qx:y","rx","my","m","ny","oy","o:z","m:z","x","x:y","xa:b:c","xa"]}]})json",
      R"json({"requestId":"r5","results":[
{"resource":{"id":"x","kind":"class_glob"},"actions":{"a":"EFFECT_DENY","a:b":"EFFECT_DENY","ab":"EFFECT_DENY","abc":"EFFECT_DENY","m":"EFFECT_DENY","m:z":"EFFECT_DENY","my":"EFFECT_DENY","ny":"EFFECT_DENY","o:z":"EFFECT_DENY","oy":"EFFECT_DENY","p":"EFFECT_DENY","px":"EFFECT_DENY","qx:y":"EFFECT_DENY","rx":"EFFECT_DENY","x":"EFFECT_DENY","x:y":"EFFECT_ALLOW","xa":"EFFECT_DENY","xa:b:c":"EFFECT_ALLOW"}}]})json");
}

// Cerbos 0.55.0: a DENY rule whose condition fails at runtime does NOT apply (nor does an ALLOW);
// inside all/any/none a failed expression counts as false.
TEST(EngineTest, ConditionErrorsCountAsNotSatisfied) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("runtime_errors");
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"deny_doc","id":"x"},"actions":["d1","d2","d3","d4","d5","other"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"x","kind":"deny_doc"},"actions":{"d1":"EFFECT_ALLOW","d2":"EFFECT_ALLOW","d3":"EFFECT_ALLOW","d4":"EFFECT_ALLOW","d5":"EFFECT_ALLOW","other":"EFFECT_ALLOW"},"meta":{"actions":{"d1":{"matchedPolicy":"resource.deny_doc.vdefault"},"d2":{"matchedPolicy":"resource.deny_doc.vdefault"},"d3":{"matchedPolicy":"resource.deny_doc.vdefault"},"d4":{"matchedPolicy":"resource.deny_doc.vdefault"},"d5":{"matchedPolicy":"resource.deny_doc.vdefault"},"other":{"matchedPolicy":"resource.deny_doc.vdefault"}}}}]})json");
  ExpectResponse(
      *policies,
      R"json({"requestId":"2","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"tree_doc","id":"x"},"actions":["e1","e2","e3","e4","e5","e6","e7"]}]})json",
      R"json({"requestId":"2","results":[
{"resource":{"id":"x","kind":"tree_doc"},"actions":{"e1":"EFFECT_ALLOW","e2":"EFFECT_ALLOW","e3":"EFFECT_ALLOW","e4":"EFFECT_DENY","e5":"EFFECT_DENY","e6":"EFFECT_ALLOW","e7":"EFFECT_DENY"},"meta":{"actions":{"e1":{"matchedPolicy":"resource.tree_doc.vdefault"},"e2":{"matchedPolicy":"resource.tree_doc.vdefault"},"e3":{"matchedPolicy":"resource.tree_doc.vdefault"},"e4":{"matchedPolicy":"resource.tree_doc.vdefault"},"e5":{"matchedPolicy":"resource.tree_doc.vdefault"},"e6":{"matchedPolicy":"resource.tree_doc.vdefault"},"e7":{"matchedPolicy":"resource.tree_doc.vdefault"}}}}]})json");
}

// strictEvaluation: a failed condition denies the actions of its rule (e1, e2), also inside
// any/none; short-circuited errors do not (e6).
TEST(EngineTest, StrictEvaluationDeniesOnConditionErrors) {
  std::shared_ptr<const PolicySet> policies = CompileFixture("runtime_errors", StrictOptions());
  ASSERT_TRUE(policies);
  ExpectResponse(
      *policies,
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"tree_doc","id":"x"},"actions":["e1","e2","e3","e4","e5","e6","e7"]}]})json",
      R"json({"requestId":"1","results":[
{"resource":{"id":"x","kind":"tree_doc"},"actions":{"e1":"EFFECT_DENY","e2":"EFFECT_DENY","e3":"EFFECT_ALLOW","e4":"EFFECT_DENY","e5":"EFFECT_DENY","e6":"EFFECT_ALLOW","e7":"EFFECT_DENY"},"meta":{"actions":{"e1":{"matchedPolicy":"resource.tree_doc.vdefault"},"e2":{"matchedPolicy":"resource.tree_doc.vdefault"},"e3":{"matchedPolicy":"resource.tree_doc.vdefault"},"e4":{"matchedPolicy":"resource.tree_doc.vdefault"},"e5":{"matchedPolicy":"resource.tree_doc.vdefault"},"e6":{"matchedPolicy":"resource.tree_doc.vdefault"},"e7":{"matchedPolicy":"resource.tree_doc.vdefault"}}}}]})json");
}

// strictEvaluation beyond a rule's own condition (answers of Cerbos 0.55.0 for fixture
// engine/strict): a derived role whose condition fails denies the rules naming it, even with
// another of their derived roles active (1); a failure under one role denies the action whatever
// the principal's other roles allow (2); such a DENY names the policy of the scope where the
// condition failed, not the first scope's (3). Without strictEvaluation all of them are allowed.
TEST(EngineTest, StrictEvaluationFailuresDenyAcrossDerivedRolesAndRoles) {
  const std::string requests[] = {
      R"json({"requestId":"1","includeMeta":true,"principal":{"id":"u1","roles":["user"]},"resources":[{"resource":{"kind":"sdoc","id":"x","attr":{"owner":"u1"}},"actions":["edit"]}]})json",
      R"json({"requestId":"2","includeMeta":true,"principal":{"id":"u1","roles":["admin","superuser"]},"resources":[{"resource":{"kind":"sdoc","id":"x"},"actions":["view","edit"]}]})json",
      R"json({"requestId":"3","includeMeta":true,"principal":{"id":"u1","roles":["admin","superuser"]},"resources":[{"resource":{"kind":"sdoc","id":"x","scope":"acme"},"actions":["view","edit"]}]})json",
  };
  std::shared_ptr<const PolicySet> strict = CompileFixture("strict", StrictOptions());
  ASSERT_TRUE(strict);
  ExpectResponse(
      *strict, requests[0],
      R"json({"requestId":"1","results":[{"resource":{"id":"x","kind":"sdoc"},"actions":{"edit":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.sdoc.vdefault"}},"effectiveDerivedRoles":["owner"]}}]})json");
  ExpectResponse(
      *strict, requests[1],
      R"json({"requestId":"2","results":[{"resource":{"id":"x","kind":"sdoc"},"actions":{"edit":"EFFECT_ALLOW","view":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.sdoc.vdefault"},"view":{"matchedPolicy":"resource.sdoc.vdefault"}}}}]})json");
  ExpectResponse(
      *strict, requests[2],
      R"json({"requestId":"3","results":[{"resource":{"id":"x","kind":"sdoc","scope":"acme"},"actions":{"edit":"EFFECT_ALLOW","view":"EFFECT_DENY"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.sdoc.vdefault/acme"},"view":{"matchedPolicy":"resource.sdoc.vdefault"}}}}]})json");

  std::shared_ptr<const PolicySet> lenient = CompileFixture("strict");
  ASSERT_TRUE(lenient);
  ExpectResponse(
      *lenient, requests[0],
      R"json({"requestId":"1","results":[{"resource":{"id":"x","kind":"sdoc"},"actions":{"edit":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.sdoc.vdefault"}},"effectiveDerivedRoles":["owner"]}}]})json");
  ExpectResponse(
      *lenient, requests[2],
      R"json({"requestId":"3","results":[{"resource":{"id":"x","kind":"sdoc","scope":"acme"},"actions":{"edit":"EFFECT_ALLOW","view":"EFFECT_ALLOW"},"meta":{"actions":{"edit":{"matchedPolicy":"resource.sdoc.vdefault/acme"},"view":{"matchedPolicy":"resource.sdoc.vdefault/acme"}}}}]})json");
}

}  // namespace
}  // namespace portcullis::policy::engine_testing
