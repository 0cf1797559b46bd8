// Test support for the MCP hop's tests: JSON literals, the quickstart's servers and endpoint
// (examples/quickstart/portcullis.yaml), and its policies (examples/quickstart/policies) compiled
// once, deciding the resources the describe step builds — so the tests check that what the
// gateway describes is what those policies are written against.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "gateway/config/gateway_config.h"
#include "gateway/mcp/describe.h"
#include "policy/compiler.h"
#include "policy/engine.h"
#include "policy/loader.h"

namespace portcullis::gateway::mcp::testing {

// `text`, a JSON object.
inline boost::json::object Object(std::string_view text) {
  return boost::json::parse(text).as_object();
}

// A server of examples/quickstart/portcullis.yaml (tickets, crm, payments, payroll).
inline McpServerConfig QuickstartServer(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kCategories[] = {
      {"tickets", "support"}, {"crm", "customer_data"}, {"payments", "finance"}, {"payroll", "hr"}};
  McpServerConfig server;
  server.name = std::string(name);
  server.url = "http://127.0.0.1:7100/mcp";
  for (const auto& [known, category] : kCategories) {
    if (known == name) server.attr["category"] = category;
  }
  return server;
}

// Its endpoint: /mcp over the four servers, names prefixed with "__".
inline McpEndpointConfig QuickstartEndpoint() {
  McpEndpointConfig endpoint;
  endpoint.path = "/mcp";
  endpoint.servers = {"tickets", "crm", "payments", "payroll"};
  endpoint.server_indexes = {0, 1, 2, 3};
  return endpoint;
}

inline std::shared_ptr<const policy::PolicySet> QuickstartPolicies() {
  static const std::shared_ptr<const policy::PolicySet> policies = [] {
    std::filesystem::path dir =
        std::filesystem::path(__FILE__).parent_path() / "../../.." / "examples/quickstart/policies";
    policy::PolicyDirectory loaded = policy::LoadPolicyDirectory(dir);
    EXPECT_EQ(policy::FormatErrors(loaded.errors), "");
    policy::CompiledPolicies compiled = policy::CompilePolicies(loaded);
    EXPECT_EQ(policy::FormatErrors(compiled.errors), "");
    return compiled.policy_set;
  }();
  return policies;
}

// An agent of the quickstart with one role ("support", "triage", "manager").
inline policy::PrincipalInput Agent(const std::string_view& role) {
  static const boost::json::value attr = boost::json::object{{"team", "customer-care"}};
  policy::PrincipalInput principal;
  principal.id = "agent";
  principal.roles = std::span<const std::string_view>(&role, 1);
  principal.attr = &attr;
  return principal;
}

// The effect of the resource's (single) action for an agent of `role`.
inline policy::Effect Decide(std::string_view role, const pdp::DecisionResource& resource) {
  boost::json::value attr = resource.attr;
  std::string_view action = resource.actions.at(0);
  policy::ResourceCheck check{{resource.kind, resource.id, &attr, {}, {}}, {&action, 1}};
  policy::CheckInput input;
  input.principal = Agent(role);
  input.resources = {&check, 1};
  policy::CheckOutput output = policy::Engine::Check(*QuickstartPolicies(), input);
  return output.results.at(0).actions.at(0).effect;
}

// The plan of a listing check for an agent of `role`.
inline policy::PlanKind PlanListing(std::string_view role, const ListingCheck& check) {
  boost::json::value attr = check.resource.attr;
  std::vector<std::string_view> unknown;
  if (!check.unknown_attribute.empty()) unknown.push_back(check.unknown_attribute);
  policy::PlanInput input;
  input.principal = Agent(role);
  input.resource = {check.resource.kind, check.resource.id, &attr, {}, {}};
  input.action = check.resource.actions.at(0);
  input.unknown_attributes = unknown;
  return policy::Engine::Plan(*QuickstartPolicies(), input);
}

}  // namespace portcullis::gateway::mcp::testing
