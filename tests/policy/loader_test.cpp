// The policy loader: model contents, policy ids, and every error category with its exact
// file:line:column and message. Acceptance and rejection were checked against `cerbos compile`
// 0.55.0 on the same inputs (the fixtures under testdata/ included).
#include "policy/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <boost/json/serialize.hpp>

#include "policy/policy_id.h"

namespace portcullis::policy {
namespace {

const std::filesystem::path kTestData = PORTCULLIS_TEST_DATA;

std::vector<std::string> Lines(const std::vector<PolicyError>& errors) {
  std::vector<std::string> lines;
  for (const PolicyError& error : errors) lines.push_back(error.ToString());
  return lines;
}

// The errors of parsing `text` as "p.yaml"; expects that no policy comes out.
std::vector<std::string> ErrorsOf(std::string_view text) {
  ParsedPolicyFile parsed = ParsePolicy(text, "p.yaml");
  EXPECT_FALSE(parsed.policy.has_value());
  return Lines(parsed.errors);
}

Policy ParseValid(std::string_view text) {
  ParsedPolicyFile parsed = ParsePolicy(text, "p.yaml");
  EXPECT_EQ(Lines(parsed.errors), std::vector<std::string>{});
  EXPECT_TRUE(parsed.policy.has_value());
  return parsed.policy.value_or(Policy{});
}

const Policy* FindPolicy(const std::vector<Policy>& policies, std::string_view id) {
  auto it = std::find_if(policies.begin(), policies.end(),
                         [&](const Policy& p) { return PolicyId(p) == id; });
  return it == policies.end() ? nullptr : &*it;
}

// ---------------------------------------------------------------------------------------------
// A valid directory with every policy kind.

TEST(LoadPolicyDirectoryTest, LoadsEveryPolicyKindAndSkipsWhatCerbosSkips) {
  PolicyDirectory dir = LoadPolicyDirectory(kTestData / "valid");
  EXPECT_EQ(Lines(dir.errors), std::vector<std::string>{});
  EXPECT_TRUE(dir.ok());

  std::vector<std::string> ids;
  for (const Policy& p : dir.policies) ids.push_back(PolicyId(p) + " " + p.location.ToString());
  // Path order; hidden files, `.hidden_dir/`, `testdata/`, README.md and the empty file contribute
  // nothing; the test suites are listed, not loaded.
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "derived_roles.common_roles derived_roles/common_roles.yaml:2:1",
                     "export_variables.common_variables exports/common_variables.yaml:2:1",
                     "export_constants.limits exports/limits.json:3:3",
                     "resource.mcp_tool_refund.v1 nested/deep_resource.yml:3:1",
                     "principal.alice_example.com.vdefault principals/alice.yaml:2:1",
                     "resource.document.vdefault resource_document.yaml:9:1",
                     "resource.document.vdefault/acme resource_document_acme.yaml:2:1",
                     "role.auditor.vdefault/acme roles/auditor.yaml:2:1",
                 }));
  ASSERT_EQ(dir.disabled_policies.size(), 1u);
  EXPECT_EQ(PolicyId(dir.disabled_policies[0]), "resource.document.vlegacy");
  EXPECT_TRUE(dir.disabled_policies[0].disabled);
  EXPECT_EQ(dir.test_suites,
            (std::vector<std::string>{"document_test.yaml", "tests/other_TEST.yml"}));
  EXPECT_TRUE(dir.has_schemas);
  EXPECT_EQ(dir.root, kTestData / "valid");
}

TEST(LoadPolicyDirectoryTest, ResourcePolicyKeepsEveryField) {
  PolicyDirectory dir = LoadPolicyDirectory(kTestData / "valid");
  const Policy* policy = FindPolicy(dir.policies, "resource.document.vdefault");
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->kind(), PolicyKind::kResource);
  EXPECT_EQ(policy->api_version, "api.cerbos.dev/v1");
  EXPECT_EQ(policy->description, "Documents of the knowledge base");
  EXPECT_FALSE(policy->disabled);
  ASSERT_EQ(policy->metadata.annotations.size(), 1u);
  EXPECT_EQ(policy->metadata.annotations[0],
            (std::pair<std::string, std::string>{"owner", "team-kb"}));
  ASSERT_EQ(policy->deprecated_variables.size(), 1u);
  EXPECT_EQ(policy->deprecated_variables[0].name, "is_public");
  EXPECT_EQ(policy->deprecated_variables[0].expr.source, "R.attr.public == true");
  EXPECT_EQ(policy->deprecated_variables[0].expr.location.ToString(),
            "resource_document.yaml:8:14");

  const auto& rp = std::get<ResourcePolicy>(policy->body);
  EXPECT_EQ(rp.resource, "document");
  EXPECT_EQ(rp.version, "default");
  EXPECT_EQ(rp.scope, "");
  EXPECT_EQ(rp.scope_permissions, ScopePermissions::kUnspecified);
  ASSERT_EQ(rp.import_derived_roles.size(), 1u);
  EXPECT_EQ(rp.import_derived_roles[0].name, "common_roles");
  EXPECT_EQ(rp.import_derived_roles[0].location.ToString(), "resource_document.yaml:13:7");
  ASSERT_EQ(rp.constants.imports.size(), 1u);
  EXPECT_EQ(rp.constants.imports[0].name, "limits");
  ASSERT_EQ(rp.constants.local.size(), 1u);
  EXPECT_EQ(rp.constants.local[0].name, "max_pages");
  EXPECT_EQ(rp.constants.local[0].value, boost::json::value(100.0));
  ASSERT_EQ(rp.variables.imports.size(), 1u);
  EXPECT_EQ(rp.variables.imports[0].name, "common_variables");
  ASSERT_EQ(rp.variables.local.size(), 1u);
  EXPECT_EQ(rp.variables.local[0].name, "is_owner");
  EXPECT_EQ(rp.variables.local[0].expr.source, "R.attr.owner == P.id");
  ASSERT_TRUE(rp.schemas.has_value());
  ASSERT_TRUE(rp.schemas->principal_schema.has_value());
  EXPECT_EQ(rp.schemas->principal_schema->ref, "cerbos:///principal.json");
  ASSERT_TRUE(rp.schemas->resource_schema.has_value());
  EXPECT_EQ(rp.schemas->resource_schema->ignore_when_actions, std::vector<std::string>{"create"});

  ASSERT_EQ(rp.rules.size(), 3u);
  const ResourceRule& owner = rp.rules[0];
  EXPECT_EQ(owner.name, "owner-edit");
  EXPECT_EQ(owner.actions, (std::vector<std::string>{"view", "edit"}));
  EXPECT_EQ(owner.effect, Effect::kAllow);
  EXPECT_EQ(owner.roles, std::vector<std::string>{"user"});
  EXPECT_TRUE(owner.derived_roles.empty());
  EXPECT_EQ(owner.location.ToString(), "resource_document.yaml:30:7");
  // all{ expr, any{ expr, none{ expr } } }
  ASSERT_TRUE(owner.condition.has_value());
  const Match& all = owner.condition->match;
  EXPECT_EQ(all.op, Match::Op::kAll);
  ASSERT_EQ(all.of.size(), 2u);
  EXPECT_EQ(all.of[0].op, Match::Op::kExpr);
  EXPECT_EQ(all.of[0].expr.source, "V.is_owner");
  EXPECT_EQ(all.of[0].expr.location.ToString(), "resource_document.yaml:38:23");
  const Match& any = all.of[1];
  EXPECT_EQ(any.op, Match::Op::kAny);
  ASSERT_EQ(any.of.size(), 2u);
  EXPECT_EQ(any.of[0].expr.source, "R.attr.pages <= C.max_pages");
  EXPECT_EQ(any.of[1].op, Match::Op::kNone);
  ASSERT_EQ(any.of[1].of.size(), 1u);
  EXPECT_EQ(any.of[1].of[0].expr.source, "V.is_public");
  ASSERT_TRUE(owner.output.has_value());
  ASSERT_NE(owner.output->RuleActivatedExpression(), nullptr);
  EXPECT_EQ(owner.output->RuleActivatedExpression()->source, "\"owner\"");
  ASSERT_TRUE(owner.output->condition_not_met.has_value());
  EXPECT_EQ(owner.output->condition_not_met->source, "{\"reason\": \"not the owner\"}");

  const ResourceRule& reviewer = rp.rules[1];
  EXPECT_EQ(reviewer.name, "");
  EXPECT_EQ(reviewer.actions, std::vector<std::string>{"*"});
  ASSERT_EQ(reviewer.derived_roles.size(), 1u);
  EXPECT_EQ(reviewer.derived_roles[0].name, "reviewer");
  EXPECT_FALSE(reviewer.condition.has_value());
  // The deprecated `output.expr` is the rule-activated output.
  ASSERT_TRUE(reviewer.output.has_value());
  EXPECT_FALSE(reviewer.output->rule_activated.has_value());
  EXPECT_EQ(reviewer.output->RuleActivatedExpression()->source, "\"reviewer\"");

  const ResourceRule& deny = rp.rules[2];
  EXPECT_EQ(deny.effect, Effect::kDeny);
  EXPECT_EQ(deny.roles, std::vector<std::string>{"*"});
  ASSERT_TRUE(deny.condition.has_value());
  EXPECT_EQ(deny.condition->match.op, Match::Op::kExpr);
  EXPECT_EQ(deny.condition->match.expr.source, "R.attr.locked");
}

TEST(LoadPolicyDirectoryTest, OtherPolicyKindsKeepTheirFields) {
  PolicyDirectory dir = LoadPolicyDirectory(kTestData / "valid");

  const Policy* scoped = FindPolicy(dir.policies, "resource.document.vdefault/acme");
  ASSERT_NE(scoped, nullptr);
  EXPECT_EQ(std::get<ResourcePolicy>(scoped->body).scope_permissions,
            ScopePermissions::kRequireParentalConsentForAllows);

  const Policy* principal = FindPolicy(dir.policies, "principal.alice_example.com.vdefault");
  ASSERT_NE(principal, nullptr);
  const auto& pp = std::get<PrincipalPolicy>(principal->body);
  EXPECT_EQ(pp.principal, "alice@example.com");
  ASSERT_EQ(pp.rules.size(), 2u);
  EXPECT_EQ(pp.rules[0].resource, "document");
  ASSERT_EQ(pp.rules[0].actions.size(), 2u);
  EXPECT_EQ(pp.rules[0].actions[0].action, "delete");
  EXPECT_EQ(pp.rules[0].actions[0].name, "alice-delete");
  EXPECT_EQ(pp.rules[0].actions[0].effect, Effect::kAllow);
  EXPECT_EQ(pp.rules[0].actions[0].output->rule_activated->source, "\"alice deleted\"");
  EXPECT_EQ(pp.rules[0].actions[1].action, "*");
  EXPECT_EQ(pp.rules[0].actions[1].effect, Effect::kDeny);
  EXPECT_EQ(pp.rules[1].resource, "mcp:*");

  const Policy* role = FindPolicy(dir.policies, "role.auditor.vdefault/acme");
  ASSERT_NE(role, nullptr);
  const auto& rolep = std::get<RolePolicy>(role->body);
  EXPECT_EQ(rolep.role, "auditor");
  EXPECT_EQ(rolep.version, "");
  EXPECT_EQ(rolep.scope, "acme");
  EXPECT_EQ(rolep.parent_roles, std::vector<std::string>{"user"});
  ASSERT_EQ(rolep.rules.size(), 2u);
  EXPECT_EQ(rolep.rules[0].allow_actions, (std::vector<std::string>{"view", "list:*"}));
  EXPECT_EQ(rolep.rules[0].condition->match.expr.source, "R.attr.state != \"draft\"");
  EXPECT_EQ(rolep.rules[1].resource, "*");

  const Policy* derived = FindPolicy(dir.policies, "derived_roles.common_roles");
  ASSERT_NE(derived, nullptr);
  const auto& dr = std::get<DerivedRoles>(derived->body);
  ASSERT_EQ(dr.definitions.size(), 2u);
  EXPECT_EQ(dr.definitions[0].name, "reviewer");
  EXPECT_EQ(dr.definitions[0].parent_roles, (std::vector<std::string>{"user", "editor"}));
  EXPECT_EQ(dr.definitions[0].condition->match.expr.source,
            "V.in_review && P.id in R.attr.reviewers");
  EXPECT_EQ(dr.definitions[1].parent_roles, std::vector<std::string>{"*"});
  EXPECT_FALSE(dr.definitions[1].condition.has_value());
  ASSERT_EQ(dr.constants.local.size(), 1u);
  EXPECT_EQ(boost::json::serialize(dr.constants.local[0].value), R"(["draft","review"])");
  ASSERT_EQ(dr.variables.local.size(), 1u);
  EXPECT_EQ(dr.variables.local[0].name, "in_review");

  const Policy* variables = FindPolicy(dir.policies, "export_variables.common_variables");
  ASSERT_NE(variables, nullptr);
  const auto& ev = std::get<ExportVariables>(variables->body);
  ASSERT_EQ(ev.definitions.size(), 1u);
  EXPECT_EQ(ev.definitions[0].name, "is_weekday");
  EXPECT_EQ(ev.definitions[0].expr.source, "now().getDayOfWeek() < 6");

  // The JSON policy: constants keep any JSON value; numbers are doubles.
  const Policy* constants = FindPolicy(dir.policies, "export_constants.limits");
  ASSERT_NE(constants, nullptr);
  const auto& ec = std::get<ExportConstants>(constants->body);
  std::vector<std::string> values;
  for (const Constant& c : ec.definitions) {
    values.push_back(c.name + "=" + boost::json::serialize(c.value));
  }
  EXPECT_EQ(values, (std::vector<std::string>{R"(refund={"support":1E2,"manager":1E3})",
                                              R"(tiers=["gold","silver"])", "nothing=null",
                                              "enabled=true"}));
  EXPECT_TRUE(ec.definitions[0].value.at("support").is_double());
}

// ---------------------------------------------------------------------------------------------
// Policy and rule ids as Cerbos prints them.

TEST(PolicyIdTest, MatchesCerbosNames) {
  EXPECT_EQ(ResourcePolicyId("document", "default", ""), "resource.document.vdefault");
  EXPECT_EQ(ResourcePolicyId("document", "default", "acme.hr"),
            "resource.document.vdefault/acme.hr");
  // Names matching Cerbos's legacy pattern have each run of [^A-Za-z0-9_.] replaced by '_'.
  EXPECT_EQ(ResourcePolicyId("mcp:tool/x@y-z", "default", ""), "resource.mcp_tool_x_y_z.vdefault");
  EXPECT_EQ(ResourcePolicyId("a:b/c@d", "a", "."), "resource.a_b_c_d.va/.");
  EXPECT_EQ(SanitizePolicyName("a--b"), "a_b");
  EXPECT_EQ(SanitizePolicyName("a_-b"), "a__b");
  // Other names are kept as written; scopes are never changed.
  EXPECT_EQ(ResourcePolicyId("é~+ x#%", "a", "a-b.c_d"), "resource.é~+ x#%.va/a-b.c_d");
  EXPECT_EQ(PrincipalPolicyId("A$B=C,D", "1", ""), "principal.A$B=C,D.v1");
  EXPECT_EQ(PrincipalPolicyId("bob@x.com", "default", ""), "principal.bob_x.com.vdefault");
  EXPECT_EQ(PrincipalPolicyId("Bob.Smith@x", "1", "A.b"), "principal.Bob.Smith_x.v1/A.b");
  EXPECT_EQ(RolePolicyId("r-x:y", "", "a-b"), "role.r_x_y.vdefault/a-b");
  EXPECT_EQ(RolePolicyId("auditor", "1", "x"), "role.auditor.v1/x");
  EXPECT_EQ(RolePolicyId("a", "", ""), "role.a.vdefault");

  EXPECT_EQ(PolicyId(ParseValid("apiVersion: api.cerbos.dev/v1\n"
                                "derivedRoles: {name: a.b-c, definitions: [{name: x, "
                                "parentRoles: [y]}]}\n")),
            "derived_roles.a.b_c");
  EXPECT_EQ(PolicyId(ParseValid("apiVersion: api.cerbos.dev/v1\nexportConstants: {name: a.b-c}\n")),
            "export_constants.a.b_c");
  EXPECT_EQ(PolicyId(ParseValid("apiVersion: api.cerbos.dev/v1\nexportVariables: {name: vars}\n")),
            "export_variables.vars");
  EXPECT_EQ(PolicyKindName(PolicyKind::kDerivedRoles), "derived_roles");
}

TEST(PolicyIdTest, RuleNamesMatchCerbosOutputSources) {
  Policy resource = ParseValid(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: doc
  version: default
  rules:
    - {actions: [a], effect: EFFECT_ALLOW, roles: [user], name: named}
    - {actions: [b], effect: EFFECT_ALLOW, roles: [user]}
)");
  const auto& rules = std::get<ResourcePolicy>(resource.body).rules;
  EXPECT_EQ(ResourceRuleName(rules[0], 0), "named");
  EXPECT_EQ(ResourceRuleName(rules[1], 1), "rule-002");

  Policy principal = ParseValid(R"(apiVersion: api.cerbos.dev/v1
principalPolicy:
  principal: bob
  version: default
  rules:
    - resource: "mcp:tool/x@y-z"
      actions:
        - {action: c, effect: EFFECT_ALLOW, name: named-p}
        - {action: d, effect: EFFECT_ALLOW}
)");
  const PrincipalRule& rule = std::get<PrincipalPolicy>(principal.body).rules[0];
  EXPECT_EQ(PrincipalActionRuleName(rule, 0), "named-p");
  EXPECT_EQ(PrincipalActionRuleName(rule, 1), "mcp:tool/x@y-z_rule-002");
}

// ---------------------------------------------------------------------------------------------
// What Cerbos accepts.

TEST(ParsePolicyTest, EmptyFilesHoldNoPolicyAndNoError) {
  // Cerbos 0.55.0 accepts the first two and crashes on empty `---` documents.
  for (std::string_view text : {"", "# only a comment\n", "---\n", "---\n# c\n---\n"}) {
    ParsedPolicyFile parsed = ParsePolicy(text, "p.yaml");
    EXPECT_FALSE(parsed.policy.has_value()) << text;
    EXPECT_TRUE(parsed.errors.empty()) << text;
  }
}

TEST(ParsePolicyTest, AcceptsWhatCerbosAccepts) {
  // Snake-case keys (protobuf names), numbers and booleans as strings, numeric enums, null for a
  // string, `$schema`, every metadata field.
  Policy policy =
      ParseValid(R"($schema: https://api.cerbos.dev/latest/cerbos/policy/v1/Policy.schema.json
api_version: api.cerbos.dev/v1
description: ~
metadata:
  sourceFile: 1
  annotations: {a: b}
  hash: 12
  storeIdentifier: x
  storeIdentifer: y
  sourceAttributes: {attributes: {a: [1]}}
resource_policy:
  resource: doc
  version: 2
  import_derived_roles: [x]
  rules:
    - actions: [true, 1, "view"]
      effect: 1
      derived_roles: [x]
      output: {}
)");
  const auto& rp = std::get<ResourcePolicy>(policy.body);
  EXPECT_EQ(policy.description, "");
  EXPECT_EQ(policy.metadata.source_file, "1");
  EXPECT_EQ(policy.metadata.store_identifier, "y");
  EXPECT_EQ(boost::json::serialize(policy.metadata.source_attributes), R"({"a":[1E0]})");
  EXPECT_EQ(rp.version, "2");
  ASSERT_EQ(rp.rules.size(), 1u);
  EXPECT_EQ(rp.rules[0].actions, (std::vector<std::string>{"true", "1", "view"}));
  EXPECT_EQ(rp.rules[0].effect, Effect::kAllow);
  EXPECT_EQ(rp.rules[0].derived_roles[0].name, "x");
  ASSERT_TRUE(rp.rules[0].output.has_value());
  EXPECT_EQ(rp.rules[0].output->RuleActivatedExpression(), nullptr);
}

TEST(ParsePolicyTest, AnchorsAndMergeKeys) {
  Policy policy = ParseValid(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: doc
  version: default
  rules:
    - &base
      actions: [a]
      effect: EFFECT_ALLOW
      roles: &roles [user, admin]
    - <<: *base
      actions: [b]
    - <<: *base
      effect: EFFECT_DENY
      roles: *roles
)");
  const auto& rules = std::get<ResourcePolicy>(policy.body).rules;
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[1].actions, std::vector<std::string>{"b"});
  EXPECT_EQ(rules[1].effect, Effect::kAllow);
  EXPECT_EQ(rules[1].roles, (std::vector<std::string>{"user", "admin"}));
  EXPECT_EQ(rules[2].actions, std::vector<std::string>{"a"});
  EXPECT_EQ(rules[2].effect, Effect::kDeny);
  EXPECT_EQ(rules[2].roles, (std::vector<std::string>{"user", "admin"}));

  // As in Cerbos, only a single mapping merges; the list form is refused.
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nexportVariables:\n  <<: [{name: a}]\n"),
            (std::vector<std::string>{
                "p.yaml:3:3: exportVariables: missing required field \"name\"",
                "p.yaml:3:7: exportVariables: expected a mapping to merge (<<), got a list"}));
}

TEST(ParsePolicyTest, RuleActivatedWinsOverDeprecatedOutputExpr) {
  Policy policy = ParseValid(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: doc
  version: default
  rules:
    - actions: [a]
      effect: EFFECT_ALLOW
      roles: [a]
      output:
        expr: '"old"'
        when:
          ruleActivated: '"new"'
)");
  const Output& output = *std::get<ResourcePolicy>(policy.body).rules[0].output;
  EXPECT_EQ(output.expr->source, "\"old\"");
  EXPECT_EQ(output.RuleActivatedExpression()->source, "\"new\"");
}

TEST(ParsePolicyTest, RolePolicyAcceptsEveryField) {
  Policy policy = ParseValid(R"(apiVersion: api.cerbos.dev/v1
rolePolicy:
  role: boss
  version: "1"
  scope: acme
  scopePermissions: SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS
  parentRoles: [user]
  constants: {local: {a: 1}}
  variables: {local: {b: "true"}}
  rules:
    - resource: doc
      name: r1
      allowActions: [view]
      output: {when: {ruleActivated: '"x"'}}
)");
  const auto& role = std::get<RolePolicy>(policy.body);
  EXPECT_EQ(PolicyId(policy), "role.boss.v1/acme");
  EXPECT_EQ(role.scope_permissions, ScopePermissions::kRequireParentalConsentForAllows);
  EXPECT_EQ(role.rules[0].name, "r1");
  EXPECT_EQ(role.rules[0].output->rule_activated->source, "\"x\"");
}

// ---------------------------------------------------------------------------------------------
// Each error category: exact location and message.

TEST(ParsePolicyErrorsTest, MalformedYaml) {
  EXPECT_EQ(ErrorsOf("apiVersion: [\n"),
            std::vector<std::string>{"p.yaml:2:1: invalid YAML: end of sequence flow not found"});
  EXPECT_EQ(ErrorsOf("a: b\n  c: d\n"),
            std::vector<std::string>{"p.yaml:2:4: invalid YAML: illegal map value"});
  std::string deep =
      "apiVersion: api.cerbos.dev/v1\nexportConstants:\n  name: a\n"
      "  definitions:\n    x: " +
      std::string(1000, '[') + std::string(1000, ']') + "\n";
  EXPECT_EQ(ErrorsOf(deep),
            std::vector<std::string>{"p.yaml:5:2008: invalid YAML: nested too deeply"});
}

TEST(ParsePolicyErrorsTest, DocumentShape) {
  EXPECT_EQ(
      ErrorsOf("just a string\n"),
      std::vector<std::string>{
          "p.yaml:1:1: not a policy: expected a mapping with apiVersion and one policy body"});
  EXPECT_EQ(
      ErrorsOf("- a\n- b\n"),
      std::vector<std::string>{
          "p.yaml:1:1: not a policy: expected a mapping with apiVersion and one policy body"});
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nexportVariables: {name: a}\n---\n"
                     "apiVersion: api.cerbos.dev/v1\nexportVariables: {name: b}\n"),
            std::vector<std::string>{"p.yaml:4:1: more than one YAML document: a policy file "
                                     "holds exactly one policy"});
}

TEST(ParsePolicyErrorsTest, ApiVersionAndBody) {
  EXPECT_EQ(ErrorsOf("{}"),
            (std::vector<std::string>{
                "p.yaml:1:1: missing required field \"apiVersion\"",
                "p.yaml:1:1: no policy found: expected one of resourcePolicy, principalPolicy, "
                "rolePolicy, derivedRoles, exportVariables or exportConstants"}));
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v2\nexportVariables: {name: a}\n"),
            std::vector<std::string>{"p.yaml:1:13: apiVersion: unsupported apiVersion "
                                     "\"api.cerbos.dev/v2\": expected \"api.cerbos.dev/v1\""});
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nexportVariables:\n  name: a\n"
                     "exportConstants:\n  name: b\n"),
            std::vector<std::string>{"p.yaml:4:1: exportConstants: a policy file holds exactly "
                                     "one policy, and it is the exportVariables at line 2"});
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nvariables: {a: x}\nexportConstants:\n"
                     "  name: a\n"),
            std::vector<std::string>{"p.yaml:2:1: the deprecated top-level variables field is "
                                     "not allowed in exportConstants policies"});
}

TEST(ParsePolicyErrorsTest, UnknownFieldsSuggestOrListValidFields) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
rolePolicy:
  role: auditor
  bogus: 1
  rules:
    - resource: document
      allowActions: ["view"]
      nme: x
)"),
            (std::vector<std::string>{
                "p.yaml:4:3: rolePolicy: unknown field \"bogus\"; valid fields are: role, "
                "version, scope, scopePermissions, parentRoles, constants, variables, rules",
                "p.yaml:8:7: rolePolicy.rules[0]: unknown field \"nme\" (did you mean "
                "\"name\"?)"}));
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nresorcePolicy: {}\n"),
            (std::vector<std::string>{
                "p.yaml:1:1: no policy found: expected one of resourcePolicy, principalPolicy, "
                "rolePolicy, derivedRoles, exportVariables or exportConstants",
                "p.yaml:2:1: unknown field \"resorcePolicy\" (did you mean \"resourcePolicy\"?)"}));
}

TEST(ParsePolicyErrorsTest, RepeatedKeys) {
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nexportVariables:\n  name: a\n  name: b\n"),
            std::vector<std::string>{"p.yaml:4:3: exportVariables: field \"name\" is set more "
                                     "than once (first at line 3)"});
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nexportVariables:\n  name: a\n"
                     "  definitions:\n    x: \"1\"\n    x: \"2\"\n"),
            std::vector<std::string>{"p.yaml:6:5: exportVariables.definitions: \"x\" is defined "
                                     "more than once (first at line 5)"});
}

TEST(ParsePolicyErrorsTest, WrongTypes) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
disabled: yes
resourcePolicy:
  resource: [a]
  version: 1.5
  rules:
    - actions: view
      effect: EFFECT_ALLOW
      roles: [user]
      condition: "true"
  constants:
)"),
            (std::vector<std::string>{
                "p.yaml:2:11: disabled: expected true or false, got a string (yes)",
                "p.yaml:4:13: resourcePolicy.resource: expected a string, got a list",
                "p.yaml:5:12: resourcePolicy.version: expected a string, got a number (1.5); "
                "quote it to use it as text",
                "p.yaml:7:16: resourcePolicy.rules[0].actions: expected a list, got a string "
                "(view)",
                "p.yaml:10:18: resourcePolicy.rules[0].condition: expected a mapping, got a "
                "string (true)",
                "p.yaml:11:3: resourcePolicy.constants: expected a mapping, got null"}));
}

TEST(ParsePolicyErrorsTest, MissingRequiredFields) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
principalPolicy:
  rules:
    - actions:
        - name: x
    - resource: a
)"),
            (std::vector<std::string>{
                "p.yaml:3:3: principalPolicy: missing required field \"principal\"",
                "p.yaml:3:3: principalPolicy: missing required field \"version\"",
                "p.yaml:4:7: principalPolicy.rules[0]: missing required field \"resource\"",
                "p.yaml:5:11: principalPolicy.rules[0].actions[0]: missing required field "
                "\"action\"",
                "p.yaml:5:11: principalPolicy.rules[0].actions[0]: missing required field "
                "\"effect\"",
                "p.yaml:6:7: principalPolicy.rules[1]: missing required field \"actions\""}));
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nresourcePolicy:\n  resource: \"\"\n"
                     "  version: default\n"),
            std::vector<std::string>{"p.yaml:3:13: resourcePolicy.resource: must not be empty"});
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nrolePolicy: {rules: [{}]}\n"),
            (std::vector<std::string>{
                "p.yaml:2:13: rolePolicy: missing required field \"role\"",
                "p.yaml:2:22: rolePolicy.rules[0]: missing required field \"resource\"",
                "p.yaml:2:22: rolePolicy.rules[0]: missing required field \"allowActions\""}));
}

TEST(ParsePolicyErrorsTest, EmptyListsAndRulesWithoutRoles) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: document
  version: default
  rules:
    - actions: []
      effect: EFFECT_ALLOW
      roles: ["user"]
    - actions: ["x"]
      effect: EFFECT_ALLOW
)"),
            (std::vector<std::string>{
                "p.yaml:6:16: resourcePolicy.rules[0].actions: must list at least one item",
                "p.yaml:9:7: resourcePolicy.rules[1]: rule #2 does not specify any roles or "
                "derivedRoles to match (use roles: [\"*\"] for any role)"}));
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
derivedRoles:
  name: a
  definitions:
    - name: x
      parentRoles: []
)"),
            std::vector<std::string>{"p.yaml:6:20: derivedRoles.definitions[0].parentRoles: "
                                     "must list at least one item"});
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nderivedRoles: {name: a, definitions: []}\n"),
            std::vector<std::string>{
                "p.yaml:2:38: derivedRoles.definitions: must list at least one derived role"});
}

TEST(ParsePolicyErrorsTest, InvalidEnumValues) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: a
  version: default
  scopePermissions: BAD
  rules:
    - {actions: [a], effect: EFFECT_ALOW, roles: [a]}
    - {actions: [b], effect: EFFECT_NO_MATCH, roles: [a]}
)"),
            (std::vector<std::string>{
                "p.yaml:5:21: resourcePolicy.scopePermissions: invalid scopePermissions \"BAD\": "
                "expected SCOPE_PERMISSIONS_OVERRIDE_PARENT or "
                "SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS",
                "p.yaml:7:30: resourcePolicy.rules[0].effect: invalid effect \"EFFECT_ALOW\": "
                "expected EFFECT_ALLOW or EFFECT_DENY",
                "p.yaml:8:30: resourcePolicy.rules[1].effect: invalid effect "
                "\"EFFECT_NO_MATCH\": expected EFFECT_ALLOW or EFFECT_DENY"}));
  // Role policies only know parental consent.
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nrolePolicy:\n  role: a\n"
                     "  scopePermissions: SCOPE_PERMISSIONS_OVERRIDE_PARENT\n"),
            std::vector<std::string>{
                "p.yaml:4:21: rolePolicy.scopePermissions: invalid scopePermissions "
                "\"SCOPE_PERMISSIONS_OVERRIDE_PARENT\": expected "
                "SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS (the only mode of role "
                "policies)"});
}

TEST(ParsePolicyErrorsTest, NameVersionAndScopeSyntax) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: "a b!*"
  version: "1.0"
  scope: "a..b"
  importDerivedRoles: ["x y", "z", "z"]
  rules:
    - actions: ["x", "x", ""]
      effect: EFFECT_ALLOW
      roles: ["a", ""]
      derivedRoles: ["a b"]
      name: "1bad"
)"),
            (std::vector<std::string>{
                "p.yaml:3:13: resourcePolicy.resource: invalid resource kind \"a b!*\": must "
                "not contain any of the characters ! * ? [ ] { }",
                "p.yaml:4:12: resourcePolicy.version: invalid version \"1.0\": use only "
                "letters, digits and '_' (e.g. \"default\" or \"20240101\")",
                "p.yaml:5:10: resourcePolicy.scope: invalid scope \"a..b\": expected "
                "dot-separated segments of letters, digits, '_' and '-', each starting with a "
                "letter or digit (e.g. \"acme.hr\")",
                "p.yaml:6:24: resourcePolicy.importDerivedRoles[0]: invalid name \"x y\": use "
                "only letters, digits, '_', '-' and '.'",
                "p.yaml:6:36: resourcePolicy.importDerivedRoles[2]: \"z\" is listed more than "
                "once",
                "p.yaml:8:22: resourcePolicy.rules[0].actions[1]: \"x\" is listed more than once",
                "p.yaml:8:27: resourcePolicy.rules[0].actions[2]: must not be empty",
                "p.yaml:10:20: resourcePolicy.rules[0].roles[1]: must not be empty",
                "p.yaml:11:22: resourcePolicy.rules[0].derivedRoles[0]: invalid name \"a b\": "
                "use only letters, digits, '_', '-' and '.'",
                "p.yaml:12:13: resourcePolicy.rules[0].name: invalid rule name \"1bad\": must "
                "start with a letter, followed by letters, digits, '_', '@', '.' or '-'"}));
  EXPECT_EQ(ErrorsOf("apiVersion: api.cerbos.dev/v1\nprincipalPolicy:\n  principal: \"a?\"\n"
                     "  version: default\n  scope: \"_a\"\n"),
            (std::vector<std::string>{
                "p.yaml:3:14: principalPolicy.principal: invalid principal \"a?\": must not "
                "contain any of the characters ! * ? [ ] { }",
                "p.yaml:5:10: principalPolicy.scope: invalid scope \"_a\": expected "
                "dot-separated segments of letters, digits, '_' and '-', each starting with a "
                "letter or digit (e.g. \"acme.hr\")"}));
}

TEST(ParsePolicyErrorsTest, Conditions) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: a
  version: "1"
  rules:
    - actions: [a]
      effect: EFFECT_ALLOW
      roles: [user]
      condition:
        match:
          expr: "true"
          all:
            of: [{expr: "x"}]
    - actions: [b]
      effect: EFFECT_ALLOW
      roles: [user]
      condition:
        script: "true"
    - actions: [c]
      effect: EFFECT_ALLOW
      roles: [user]
      condition:
        match:
          any:
            of: []
    - actions: [d]
      effect: EFFECT_ALLOW
      roles: [user]
      condition: {}
    - actions: [e]
      effect: EFFECT_ALLOW
      roles: [user]
      condition:
        match: {none: {}}
)"),
            (std::vector<std::string>{
                "p.yaml:13:13: resourcePolicy.rules[0].condition.match.all: a match block takes "
                "exactly one of expr, all, any or none; combine several with all: {of: [...]}",
                "p.yaml:18:17: resourcePolicy.rules[1].condition.script: scripts in conditions "
                "are no longer supported; use match.expr instead",
                "p.yaml:25:17: resourcePolicy.rules[2].condition.match.any.of: must list at "
                "least one condition",
                "p.yaml:29:18: resourcePolicy.rules[3].condition: expected a \"match\" block",
                "p.yaml:34:23: resourcePolicy.rules[4].condition.match.none: missing required "
                "field \"of\""}));
}

TEST(ParsePolicyErrorsTest, DuplicateNamesWithinAPolicy) {
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: document
  version: default
  rules:
    - name: r
      actions: ["q"]
      effect: EFFECT_ALLOW
      roles: ["a"]
    - actions: ["q"]
      effect: EFFECT_ALLOW
      roles: ["a"]
      name: r
)"),
            std::vector<std::string>{"p.yaml:10:7: duplicate rule name \"r\": rule #2 has the "
                                     "same rule name as rule #1 (line 6)"});
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
derivedRoles:
  name: a
  definitions:
    - {name: x, parentRoles: [a]}
    - {name: x, parentRoles: [b]}
)"),
            std::vector<std::string>{"p.yaml:6:7: duplicate derived role name \"x\": definition "
                                     "#2 has the same derived role name as definition #1 (line "
                                     "5)"});
  // Principal policies: one rule per resource; action rule names are unique per resource only.
  EXPECT_EQ(ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
principalPolicy:
  principal: bob
  version: default
  rules:
    - resource: doc
      actions:
        - {action: a, effect: EFFECT_ALLOW, name: n}
        - {action: b, effect: EFFECT_ALLOW, name: n}
    - resource: other
      actions:
        - {action: a, effect: EFFECT_ALLOW, name: n}
    - resource: doc
      actions:
        - {action: c, effect: EFFECT_ALLOW}
)"),
            (std::vector<std::string>{
                "p.yaml:9:11: duplicate rule name \"n\": action rule #2 for resource \"doc\" has "
                "the same rule name as action rule #1 (line 8)",
                "p.yaml:13:7: duplicate resource \"doc\": rule #3 has the same resource as rule "
                "#1 (line 6)"}));
}

TEST(ParsePolicyErrorsTest, ErrorsOfOneFileAreAllReported) {
  // Cerbos stops at the first decoding error of a file; the loader reports them all.
  std::vector<std::string> errors = ErrorsOf(R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: document
  version: default
  bogus: 1
  rules:
    - actions: ["view"]
      effect: EFFECT_ALOW
      roles: ["user"]
    - actions: []
      effect: EFFECT_ALLOW
      rolez: ["user"]
)");
  EXPECT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors.front().substr(0, 12), "p.yaml:5:3: ");
  EXPECT_EQ(errors.back().substr(0, 13), "p.yaml:12:7: ");
}

TEST(LoadPolicyFileTest, ReadsAFileAndNamesItAsAsked) {
  std::filesystem::path path = kTestData / "valid" / "roles" / "auditor.yaml";
  ParsedPolicyFile parsed = LoadPolicyFile(path, "roles/auditor.yaml");
  ASSERT_TRUE(parsed.policy.has_value());
  EXPECT_EQ(parsed.policy->location.ToString(), "roles/auditor.yaml:2:1");
  EXPECT_EQ(LoadPolicyFile(path).policy->location.file_name(), path.string());

  ParsedPolicyFile missing = LoadPolicyFile(kTestData / "no-such-file.yaml", "x.yaml");
  EXPECT_FALSE(missing.policy.has_value());
  EXPECT_EQ(Lines(missing.errors), std::vector<std::string>{"x.yaml: cannot read file"});
}

// ---------------------------------------------------------------------------------------------
// Directory-level errors.

TEST(LoadPolicyDirectoryTest, DuplicatePoliciesNameBothFiles) {
  PolicyDirectory dir = LoadPolicyDirectory(kTestData / "duplicates");
  EXPECT_EQ(Lines(dir.errors),
            (std::vector<std::string>{
                "team_b/document.yaml:3:1: duplicate definition of resource.document.vdefault "
                "(previous definition in team_a/document.yaml:2:1)",
                "team_b/roles.json:2:2: duplicate definition of derived_roles.common_roles "
                "(previous definition in team_a/roles.yaml:2:1)"}));
  EXPECT_EQ(dir.errors[0].kind, PolicyErrorKind::kDuplicatePolicy);
  // The first definitions are kept; the disabled copy is not a duplicate.
  EXPECT_EQ(dir.policies.size(), 2u);
  EXPECT_EQ(dir.disabled_policies.size(), 1u);
}

TEST(LoadPolicyDirectoryTest, ManyErrorsAcrossFilesReportedTogether) {
  PolicyDirectory dir = LoadPolicyDirectory(kTestData / "many_errors");
  EXPECT_EQ(
      Lines(dir.errors),
      (std::vector<std::string>{
          "broken.yaml:5:1: invalid YAML: end of sequence flow not found",
          "models/model.yaml:7:15: resourcePolicy.rules[0].effect: invalid effect "
          "\"EFFECT_ALLOWED\": expected EFFECT_ALLOW or EFFECT_DENY",
          "models/model.yaml:9:7: resourcePolicy.rules[1]: rule #2 does not specify any roles or "
          "derivedRoles to match (use roles: [\"*\"] for any role)",
          "models/model.yaml:11:7: resourcePolicy.rules[1]: unknown field \"rolez\" (did you "
          "mean \"roles\"?)",
          "principal.yaml:4:12: principalPolicy.version: invalid version \"1.0\": use only "
          "letters, digits and '_' (e.g. \"default\" or \"20240101\")",
          "principal.yaml:5:10: principalPolicy.scope: invalid scope \"acme..hr\": expected "
          "dot-separated segments of letters, digits, '_' and '-', each starting with a letter "
          "or digit (e.g. \"acme.hr\")",
          "principal.yaml:12:11: duplicate rule name \"call\": action rule #2 for resource "
          "\"mcp_tool\" has the same rule name as action rule #1 (line 9)",
          "tools/_schemas: a _schemas directory must be at the root of the policy directory",
          "tools/tool.json:7:19: resourcePolicy.rules[0].actions: must list at least one item",
          "tools/tool.json:10:18: description: expected a string, got a list",
      }));
  std::vector<PolicyErrorKind> kinds;
  for (const PolicyError& e : dir.errors) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<PolicyErrorKind>{
                       PolicyErrorKind::kSyntax, PolicyErrorKind::kInvalidValue,
                       PolicyErrorKind::kMissingField, PolicyErrorKind::kUnknownField,
                       PolicyErrorKind::kInvalidValue, PolicyErrorKind::kInvalidValue,
                       PolicyErrorKind::kDuplicateName, PolicyErrorKind::kMisplacedSchemas,
                       PolicyErrorKind::kMissingField, PolicyErrorKind::kWrongType}));
  // The one valid file still loads.
  ASSERT_EQ(dir.policies.size(), 1u);
  EXPECT_EQ(PolicyId(dir.policies[0]), "resource.model.vv2");
}

TEST(LoadPolicyDirectoryTest, RootMustBeADirectory) {
  PolicyDirectory dir = LoadPolicyDirectory(kTestData / "no-such-dir");
  ASSERT_EQ(dir.errors.size(), 1u);
  EXPECT_EQ(dir.errors[0].kind, PolicyErrorKind::kIo);
  EXPECT_EQ(dir.errors[0].message, "not a directory");
}

TEST(LoadPolicyDirectoryTest, LoadsAThousandPolicies) {
  std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("portcullis_loader_" + std::to_string(::getpid()));
  std::filesystem::create_directories(root);
  for (int i = 0; i < 1000; ++i) {
    std::ofstream(root / ("tool_" + std::to_string(i) + ".yaml"))
        << "apiVersion: api.cerbos.dev/v1\nresourcePolicy:\n  resource: tool_" << i
        << "\n  version: default\n  rules:\n    - actions: [call]\n      effect: EFFECT_ALLOW\n"
           "      roles: [support]\n      condition:\n        match:\n"
           "          expr: R.attr.args.amount <= 100\n";
  }
  PolicyDirectory dir = LoadPolicyDirectory(root);
  std::filesystem::remove_all(root);
  EXPECT_TRUE(dir.ok());
  EXPECT_EQ(dir.policies.size(), 1000u);
}

}  // namespace
}  // namespace portcullis::policy
