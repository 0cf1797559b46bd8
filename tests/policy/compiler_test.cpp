// The compile stage: the index of a compiled PolicySet, and one test per error category with
// its file:line:column. Each of these inputs is also rejected by `cerbos compile` 0.55.0, at the
// same line and column (for CEL errors Cerbos points at the `expr:` key, we at the expression).
// The wording is close to Cerbos's; Cerbos stops after its first stage with errors (missing
// scopes, then imports, then the rest), we report every stage at once.
#include "policy/compiler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "policy/loader.h"

namespace portcullis::policy {
namespace {

// Parses each (file name, text) pair and compiles them together.
CompiledPolicies CompileTexts(const std::vector<std::pair<std::string, std::string>>& files,
                              const EngineOptions& options = {}) {
  std::vector<Policy> policies;
  for (const auto& [name, text] : files) {
    ParsedPolicyFile parsed = ParsePolicy(text, name);
    EXPECT_EQ(FormatErrors(parsed.errors), "") << name;
    if (parsed.policy) policies.push_back(std::move(*parsed.policy));
  }
  return CompilePolicies(policies, options);
}

std::vector<std::string> Lines(const CompiledPolicies& compiled) {
  std::vector<std::string> lines;
  for (const PolicyError& error : compiled.errors) lines.push_back(error.ToString());
  return lines;
}

const char* kDocPolicy = R"yaml(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: "album:object"
  version: default
  rules:
    - actions: [view, "edit:*"]
      effect: EFFECT_ALLOW
      roles: [user]
)yaml";

TEST(CompilerTest, IndexesPoliciesByKindVersionAndScope) {
  std::string scoped = kDocPolicy;
  scoped.replace(scoped.find("  rules:"), 0, "  scope: acme\n");
  CompiledPolicies compiled = CompileTexts({{"doc.yaml", kDocPolicy}, {"doc_acme.yaml", scoped}});
  ASSERT_TRUE(compiled.ok()) << FormatErrors(compiled.errors);
  const PolicySet& set = *compiled.policy_set;
  EXPECT_EQ(set.resource_policy_count(), 2u);
  // Kinds are indexed sanitized, as Cerbos does.
  const compiled::ResourcePolicy* root = set.FindResourcePolicy("album_object", "default", "");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->key, "resource.album_object.vdefault");
  EXPECT_EQ(root->rules[0].source, "resource.album_object.vdefault#rule-001");
  const compiled::ResourcePolicy* acme = set.FindResourcePolicy("album_object", "default", "acme");
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->key, "resource.album_object.vdefault/acme");
  EXPECT_EQ(set.FindResourcePolicy("album_object", "v2", ""), nullptr);
  EXPECT_EQ(set.FindResourcePolicy("album_object", "default", "other"), nullptr);
  ASSERT_NE(set.FindScope("acme"), nullptr);
  EXPECT_TRUE(set.FindScope("acme")->has_resource_policies);
  EXPECT_FALSE(set.FindScope("acme")->has_principal_policies);

  std::vector<uint32_t> scratch;
  EXPECT_EQ(root->actions.Match("view", scratch).size(), 1u);
  EXPECT_EQ(root->actions.Match("edit:x", scratch).size(), 1u);
  EXPECT_EQ(root->actions.Match("edit", scratch).size(), 0u);
}

TEST(CompilerTest, MissingImports) {
  CompiledPolicies compiled = CompileTexts({{"a.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: a
  version: default
  importDerivedRoles: [missing_set]
  constants:
    import: [missing_consts]
  variables:
    import: [missing_vars]
  rules:
    - actions: [view]
      effect: EFFECT_ALLOW
      roles: [user]
)yaml"}});
  EXPECT_EQ(
      Lines(compiled),
      (std::vector<std::string>{
          "a.yaml:7:14: cannot find constants \"missing_consts\" imported by "
          "resource.a.vdefault",
          "a.yaml:9:14: cannot find variables \"missing_vars\" imported by resource.a.vdefault",
          "a.yaml:5:24: cannot find derived roles \"missing_set\" imported by "
          "resource.a.vdefault",
      }));
  EXPECT_FALSE(compiled.ok());
}

TEST(CompilerTest, UnknownDerivedRole) {
  CompiledPolicies compiled = CompileTexts({{"a.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: a
  version: default
  rules:
    - actions: [view]
      effect: EFFECT_ALLOW
      derivedRoles: [ghost]
)yaml"}});
  EXPECT_EQ(Lines(compiled),
            (std::vector<std::string>{
                "a.yaml:8:22: derived role \"ghost\" is not defined in any imports",
            }));
}

TEST(CompilerTest, DuplicateConstantsAndVariables) {
  CompiledPolicies compiled = CompileTexts({{"k1.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
exportConstants:
  name: k1
  definitions:
    lim: 2
)yaml"},
                                            {"v1.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
exportVariables:
  name: v1
  definitions:
    shared: "2"
)yaml"},
                                            {"dup.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: d
  version: default
  constants:
    import: [k1]
    local:
      lim: 1
  variables:
    import: [v1]
    local:
      shared: "1"
  rules:
    - actions: [view]
      effect: EFFECT_ALLOW
      roles: [user]
)yaml"}});
  EXPECT_EQ(Lines(compiled),
            (std::vector<std::string>{
                "dup.yaml:8:12: constant 'lim' has multiple definitions in import 'k1' "
                "(k1.yaml:5:10) and policy local constants (dup.yaml:8:12)",
                "dup.yaml:12:15: variable 'shared' has multiple definitions in import 'v1' "
                "(v1.yaml:5:13) and policy local variables (dup.yaml:12:15)",
            }));
}

TEST(CompilerTest, VariableCyclesAndUndefinedVariables) {
  CompiledPolicies compiled = CompileTexts({{"a.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: a
  version: default
  variables:
    local:
      x: V.y + 1
      y: variables.x + 1
      z: V.nope
  rules:
    - actions: [view]
      effect: EFFECT_ALLOW
      roles: [user]
      condition:
        match:
          expr: V.missing
)yaml"}});
  EXPECT_EQ(Lines(compiled),
            (std::vector<std::string>{
                "a.yaml:9:10: undefined variable 'nope' referenced in variable 'z'",
                "a.yaml:7:10: variables 'x' (a.yaml:7:10) and 'y' (a.yaml:8:10) form a cycle",
                "a.yaml:16:17: undefined variable 'missing' referenced in condition",
            }));
}

TEST(CompilerTest, InvalidExpressionsWithCaret) {
  CompiledPolicies compiled = CompileTexts({{"a.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: a
  version: default
  rules:
    - actions: [edit]
      effect: EFFECT_ALLOW
      roles: [user]
      condition:
        match:
          all:
            of:
              - expr: "R.attr.x ==="
              - expr: "undefined_fn(1)"
      output:
        when:
          ruleActivated: "1 +"
)yaml"}});
  std::vector<std::string> lines = Lines(compiled);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(lines[0].starts_with("a.yaml:13:23: invalid expression `R.attr.x ===`:\nERROR: "))
      << lines[0];
  EXPECT_NE(lines[0].find("^"), std::string::npos) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("a.yaml:14:23: invalid expression `undefined_fn(1)`:\n"))
      << lines[1];
  EXPECT_TRUE(lines[2].starts_with("a.yaml:17:26: invalid expression `1 +`:\n")) << lines[2];
}

TEST(CompilerTest, MissingParentScopes) {
  std::string scoped = kDocPolicy;
  scoped.replace(scoped.find("  rules:"), 0, "  scope: p.q\n");
  CompiledPolicies compiled = CompileTexts({{"b.yaml", scoped}});
  EXPECT_EQ(Lines(compiled),
            (std::vector<std::string>{
                "b.yaml:2:1: scoped policy resource.album_object.vdefault is not found but is "
                "required by descendant policies resource.album_object.vdefault/p.q",
                "b.yaml:2:1: scoped policy resource.album_object.vdefault/p is not found but is "
                "required by descendant policies resource.album_object.vdefault/p.q",
            }));
}

// Cerbos 0.55 compares the scopePermissions of the policies sharing a scope as written (unset is
// not OVERRIDE_PARENT; role, derived-roles and export policies count as unset), in file path
// order, but never records the first policy of a scope: each case below is what `cerbos compile`
// accepts or rejects ("policies sharing scope s have conflicting scopePermissions").
TEST(CompilerTest, ConflictingScopePermissions) {
  auto policy = [](std::string kind, std::string scope, std::string permissions) {
    return "apiVersion: api.cerbos.dev/v1\nresourcePolicy:\n  resource: " + kind +
           "\n  version: default\n  scope: \"" + scope + "\"\n" + permissions +
           "  rules:\n    - actions: [view]\n      effect: EFFECT_ALLOW\n      roles: [user]\n";
  };
  const std::string override_parent = "  scopePermissions: SCOPE_PERMISSIONS_OVERRIDE_PARENT\n";
  const std::string parental_consent =
      "  scopePermissions: SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS\n";
  const std::string role_policy =
      "apiVersion: api.cerbos.dev/v1\nrolePolicy:\n  role: x\n  scope: s\n  rules:\n"
      "    - resource: a\n      allowActions: [view]\n";
  const std::string derived_roles =
      "apiVersion: api.cerbos.dev/v1\nderivedRoles:\n  name: common\n  definitions:\n"
      "    - name: x\n      parentRoles: [user]\n";
  // Root policies, so that the scope chains are complete.
  std::vector<std::pair<std::string, std::string>> roots;
  for (std::string kind : {"a", "b", "c"})
    roots.emplace_back(kind + "_root.yaml", policy(kind, "", ""));
  auto compile = [&](std::vector<std::pair<std::string, std::string>> files) {
    files.insert(files.end(), roots.begin(), roots.end());
    return Lines(CompileTexts(files));
  };
  using Errors = std::vector<std::string>;

  // The first policy's setting is not compared: accepted.
  EXPECT_EQ(
      compile({{"a.yaml", policy("a", "s", override_parent)}, {"b.yaml", policy("b", "s", "")}}),
      Errors{});
  EXPECT_EQ(compile({{"a.yaml", policy("a", "s", parental_consent)},
                     {"b.yaml", policy("b", "s", override_parent)}}),
            Errors{});
  // Explicit OVERRIDE_PARENT next to an unset setting after the first policy: rejected.
  EXPECT_EQ(compile({{"a.yaml", policy("a", "s", "")},
                     {"b.yaml", policy("b", "s", override_parent)},
                     {"c.yaml", policy("c", "s", "")}}),
            Errors{"c.yaml:2:1: policies sharing scope \"s\" have conflicting scopePermissions "
                   "(resource.c.vdefault/s and resource.b.vdefault/s)"});
  // A role policy counts as unset.
  EXPECT_EQ(compile({{"a.yaml", policy("a", "s", parental_consent)},
                     {"b.yaml", policy("b", "s", parental_consent)},
                     {"c.yaml", role_policy}}),
            Errors{"c.yaml:2:1: policies sharing scope \"s\" have conflicting scopePermissions "
                   "(role.x.vdefault/s and resource.b.vdefault/s)"});
  // Derived roles are in scope "": a root policy with an explicit setting between two of them.
  EXPECT_EQ(Lines(CompileTexts({{"a.yaml", derived_roles},
                                {"b.yaml", policy("b", "", override_parent)},
                                {"c.yaml", policy("c", "", "")}})),
            Errors{"c.yaml:2:1: policies sharing scope \"\" have conflicting scopePermissions "
                   "(resource.c.vdefault and resource.b.vdefault)"});
}

TEST(CompilerTest, ReportsErrorsOfEveryPolicyAtOnce) {
  CompiledPolicies compiled = CompileTexts({{"a.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: a
  version: default
  importDerivedRoles: [nope]
  rules:
    - actions: [view]
      effect: EFFECT_ALLOW
      roles: [user]
      condition:
        match:
          expr: "1 +"
)yaml"},
                                            {"p.yaml", R"yaml(apiVersion: api.cerbos.dev/v1
principalPolicy:
  principal: alice
  version: default
  rules:
    - resource: a
      actions:
        - action: view
          effect: EFFECT_ALLOW
          condition:
            match:
              expr: V.x
)yaml"}});
  EXPECT_EQ(compiled.errors.size(), 3u) << FormatErrors(compiled.errors);
  EXPECT_FALSE(compiled.ok());
}

}  // namespace
}  // namespace portcullis::policy
