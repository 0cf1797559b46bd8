// The CheckResources JSON API against what Cerbos 0.55.0 answered: testdata/cases.json holds, for
// each request, the status and body the real binary returned (cerbosCallId removed) with the
// policies of testdata/policies.
#include "pdp/cerbos_json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "pdp/output_value_json.h"
#include "pdp/ulid.h"
#include "policy/compiler.h"
#include "policy/engine.h"
#include "policy/loader.h"

namespace portcullis::pdp {
namespace {

const std::string kTestData = PORTCULLIS_TEST_DATA;

std::shared_ptr<const policy::PolicySet> Policies() {
  static const std::shared_ptr<const policy::PolicySet> set = [] {
    policy::PolicyDirectory dir = policy::LoadPolicyDirectory(kTestData + "/policies");
    EXPECT_TRUE(dir.ok()) << policy::FormatErrors(dir.errors);
    policy::CompiledPolicies compiled = policy::CompilePolicies(dir);
    EXPECT_TRUE(compiled.ok()) << policy::FormatErrors(compiled.errors);
    return compiled.policy_set;
  }();
  return set;
}

boost::json::array Cases() {
  std::ifstream file(kTestData + "/cases.json");
  std::stringstream text;
  text << file.rdbuf();
  return boost::json::parse(text.str()).as_array();
}

// The status and body Portcullis answers for `body` (cerbosCallId checked and removed).
std::pair<int, boost::json::value> Answer(std::string_view body) {
  CheckResourcesParse parsed = ParseCheckResourcesRequest(body);
  if (!parsed.ok()) return {parsed.error->http_status, boost::json::parse(parsed.error->ToJson())};
  policy::CheckOutput output = policy::Engine::Check(*Policies(), parsed.request->input());
  RenderedResponse response = RenderCheckResourcesResponse(
      *parsed.request, output, parsed.request->include_meta(), "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  if (response.error)
    return {response.error->http_status, boost::json::parse(response.error->ToJson())};
  boost::json::value json = boost::json::parse(response.json);
  EXPECT_EQ(json.at("cerbosCallId"), "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  json.as_object().erase("cerbosCallId");
  return {200, json};
}

TEST(CerbosJsonTest, AnswersEveryRecordedCaseAsCerbosDid) {
  boost::json::array cases = Cases();
  ASSERT_GE(cases.size(), 30u);
  for (const auto& entry : cases) {
    const boost::json::object& recorded = entry.as_object();
    SCOPED_TRACE(std::string(recorded.at("name").as_string()));
    auto [status, body] = Answer(recorded.at("request").as_string());
    EXPECT_EQ(status, recorded.at("status").as_int64());
    EXPECT_EQ(body, recorded.at("response")) << "got " << boost::json::serialize(body);
  }
}

TEST(CerbosJsonTest, ResponseFieldsComeInCerbosOrder) {
  auto parsed = ParseCheckResourcesRequest(
      R"({"requestId":"r","includeMeta":true,"principal":{"id":"alice","roles":["user"]},)"
      R"("resources":[{"resource":{"kind":"document","id":"d","scope":"acme","policyVersion":"default"},"actions":["view","archive"]}]})");
  ASSERT_TRUE(parsed.ok());
  policy::CheckOutput output = policy::Engine::Check(*Policies(), parsed.request->input());
  EXPECT_EQ(
      RenderCheckResourcesResponse(*parsed.request, output, true, "ID").json,
      R"({"requestId":"r","results":[{"resource":{"id":"d","kind":"document","policyVersion":"default","scope":"acme"},)"
      R"("actions":{"archive":"EFFECT_DENY","view":"EFFECT_ALLOW"},"meta":{"actions":{)"
      R"("archive":{"matchedPolicy":"resource.document.vdefault/acme"},)"
      R"("view":{"matchedPolicy":"resource.document.vdefault/acme"}}}}],"cerbosCallId":"ID"})");
}

TEST(CerbosJsonTest, InputViewsTheOwnedDocument) {
  auto parsed = ParseCheckResourcesRequest(
      R"({"principal":{"id":"alice","roles":["user","admin"],"attr":{"dept":"eng"},"scope":"acme"},)"
      R"("resources":[{"resource":{"kind":"doc","id":"1","attr":{"n":2}},"actions":["view","edit"]},)"
      R"({"resource":{"kind":"doc","id":"2","policyVersion":"v2"},"actions":["delete"]}]})");
  ASSERT_TRUE(parsed.ok());
  const policy::CheckInput& input = parsed.request->input();
  EXPECT_EQ(input.principal.id, "alice");
  ASSERT_EQ(input.principal.roles.size(), 2u);
  EXPECT_EQ(input.principal.roles[1], "admin");
  EXPECT_EQ(input.principal.scope, "acme");
  ASSERT_NE(input.principal.attr, nullptr);
  EXPECT_EQ(input.principal.attr->at("dept"), "eng");
  ASSERT_EQ(input.resources.size(), 2u);
  EXPECT_EQ(input.resources[0].actions.size(), 2u);
  EXPECT_EQ(input.resources[0].actions[1], "edit");
  EXPECT_EQ(input.resources[0].resource.attr->at("n"), 2);
  EXPECT_EQ(input.resources[1].resource.policy_version, "v2");
  EXPECT_EQ(input.resources[1].resource.attr, nullptr);
  ASSERT_EQ(input.resources[1].actions.size(), 1u);
  EXPECT_EQ(input.resources[1].actions[0], "delete");
  EXPECT_FALSE(parsed.request->include_meta());
}

TEST(CerbosJsonTest, ParsedDocumentsReportDecodeErrorsWithoutPosition) {
  boost::json::value document = boost::json::parse(R"({"principal":{"id":5,"roles":["u"]}})");
  auto parsed = ParseCheckResourcesDocument(std::move(document));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error->message, "proto:\u00a0invalid value for string field id: 5");
}

TEST(CerbosJsonTest, LimitsAreConfigurable) {
  auto parsed = ParseCheckResourcesRequest(
      R"({"principal":{"id":"a","roles":["u"]},"resources":[{"resource":{"kind":"k","id":"1"},"actions":["a","b"]}]})",
      RequestLimits{.max_resources = 1, .max_actions = 1});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error->ToJson(),
            R"j({"code":3,"message":"number of actions (2) exceeds configured limit (1)"})j");
}

TEST(OutputValueJsonTest, WritesDoublesAsGoProtojson) {
  auto text = [](double d) {
    std::string out;
    AppendJsonDouble(d, out);
    return out;
  };
  EXPECT_EQ(text(1), "1");
  EXPECT_EQ(text(-0.0), "-0");
  EXPECT_EQ(text(1.5), "1.5");
  EXPECT_EQ(text(0.000001), "0.000001");
  EXPECT_EQ(text(1e-7), "1e-7");
  EXPECT_EQ(text(1e20), "100000000000000000000");
  EXPECT_EQ(text(1e21), "1e+21");
  EXPECT_EQ(text(1e100), "1e+100");
}

TEST(UlidTest, EncodesTimeThenRandomnessInCrockfordBase32) {
  EXPECT_EQ(FormatUlid(0, 0, 0), "00000000000000000000000000");
  EXPECT_EQ(FormatUlid(0xFFFFFFFFFFFF, 0xFFFF, ~uint64_t{0}), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
  // 1469918176385 ms is "01ARYZ6S41" in the spec's example.
  EXPECT_EQ(FormatUlid(1469918176385, 0, 0).substr(0, 10), "01ARYZ6S41");
}

TEST(UlidTest, SuccessiveIdsIncrease) {
  std::string previous = NewUlid();
  for (int i = 0; i < 1000; ++i) {
    std::string next = NewUlid();
    ASSERT_EQ(next.size(), 26u);
    ASSERT_LT(previous, next);
    previous = next;
  }
}

}  // namespace
}  // namespace portcullis::pdp
