#include "gateway/mcp/names.h"

#include <gtest/gtest.h>

#include <string>

#include "mcp_test_support.h"

namespace portcullis::gateway::mcp {
namespace {

using Resolution = std::variant<QualifiedName, NameProblem>;

Resolution Named(std::string server, std::string name) {
  return QualifiedName{std::move(server), std::move(name)};
}

McpEndpointConfig Endpoint(std::vector<std::string> servers, NamePrefixing prefixing,
                           std::string separator = "__") {
  McpEndpointConfig endpoint;
  endpoint.path = "/mcp";
  endpoint.servers = std::move(servers);
  endpoint.prefix_names = prefixing;
  endpoint.separator = std::move(separator);
  return endpoint;
}

TEST(McpNamesTest, SeveralServersPrefixNames) {
  McpNames names(testing::QuickstartEndpoint());
  EXPECT_TRUE(names.prefixed());
  EXPECT_FALSE(names.needs_listing());
  EXPECT_EQ(names.Present("payments", "create_refund"), "payments__create_refund");
  EXPECT_EQ(names.Resolve("payments__create_refund"), Named("payments", "create_refund"));
  EXPECT_EQ(names.Resolve("tickets__get_ticket"), Named("tickets", "get_ticket"));
}

TEST(McpNamesTest, TheFirstSeparatorEndsTheServerName) {
  McpNames names(testing::QuickstartEndpoint());
  // A tool whose own name holds the separator round-trips.
  EXPECT_EQ(names.Present("crm", "a__b"), "crm__a__b");
  EXPECT_EQ(names.Resolve("crm__a__b"), Named("crm", "a__b"));
  EXPECT_EQ(names.Resolve("crm___x"), Named("crm", "_x"));
  EXPECT_EQ(names.Resolve("crm____"), Named("crm", "__"));
}

TEST(McpNamesTest, NamesThatDoNotResolveAreRefused) {
  McpNames names(testing::QuickstartEndpoint());
  EXPECT_EQ(names.Resolve(""), Resolution(NameProblem::kEmpty));
  EXPECT_EQ(names.Resolve("payments__"), Resolution(NameProblem::kEmpty));
  EXPECT_EQ(names.Resolve("create_refund"), Resolution(NameProblem::kNoServerPrefix));
  EXPECT_EQ(names.Resolve("bank__create_refund"), Resolution(NameProblem::kUnknownServer));
  EXPECT_EQ(names.Resolve("__create_refund"), Resolution(NameProblem::kUnknownServer));
  // Not a server of the endpoint, whatever its case or spacing.
  EXPECT_EQ(names.Resolve("Payments__create_refund"), Resolution(NameProblem::kUnknownServer));
  EXPECT_EQ(names.Resolve("payments __x"), Resolution(NameProblem::kUnknownServer));
  // A prefix of a server name, and a server name that only follows a first separator.
  EXPECT_EQ(names.Resolve("pay__ments__x"), Resolution(NameProblem::kUnknownServer));
  EXPECT_EQ(names.Resolve("x__payments__create_refund"), Resolution(NameProblem::kUnknownServer));
}

TEST(McpNamesTest, OneServerKeepsNamesUnlessAlwaysPrefixed) {
  McpNames single(Endpoint({"payments"}, NamePrefixing::kAuto));
  EXPECT_FALSE(single.prefixed());
  EXPECT_EQ(single.Present("payments", "create_refund"), "create_refund");
  EXPECT_EQ(single.Resolve("create_refund"), Named("payments", "create_refund"));
  // Unprefixed, a name holding the separator is just a name.
  EXPECT_EQ(single.Resolve("payments__create_refund"),
            Named("payments", "payments__create_refund"));

  McpNames always(Endpoint({"payments"}, NamePrefixing::kAlways, "."));
  EXPECT_EQ(always.Present("payments", "refund"), "payments.refund");
  EXPECT_EQ(always.Resolve("payments.refund.v2"), Named("payments", "refund.v2"));
  EXPECT_EQ(always.Resolve("refund"), Resolution(NameProblem::kNoServerPrefix));
}

TEST(McpNamesTest, UnprefixedSeveralServersResolveThroughTheirListings) {
  McpNames names(Endpoint({"tickets", "crm"}, NamePrefixing::kNever));
  EXPECT_TRUE(names.needs_listing());
  EXPECT_EQ(names.Present("crm", "lookup"), "lookup");
  std::vector<std::string> crm = {"crm"};
  std::vector<std::string> both = {"tickets", "crm"};
  std::vector<std::string> stranger = {"payroll"};
  EXPECT_EQ(names.Resolve("lookup", crm), Named("crm", "lookup"));
  EXPECT_EQ(names.Resolve("lookup", both), Resolution(NameProblem::kAmbiguous));
  EXPECT_EQ(names.Resolve("lookup"), Resolution(NameProblem::kNotListed));
  // A server outside the endpoint listing the name does not make it resolve.
  EXPECT_EQ(names.Resolve("lookup", stranger), Resolution(NameProblem::kNotListed));
}

TEST(McpNamesTest, ErrorsSayWhatNamesLookLikeWithoutListingServers) {
  McpNames names(testing::QuickstartEndpoint());
  boost::json::value id = 7;
  JsonRpcError error =
      NameProblemError(NameProblem::kUnknownServer, "tool", "bank__refund", names, id);
  EXPECT_EQ(error.code, kJsonRpcInvalidParams);
  EXPECT_EQ(error.id, id);
  EXPECT_NE(error.message.find("\"bank__refund\""), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("<server>__<name>"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("payroll"), std::string::npos) << error.message;

  // A hostile name is quoted escaped and shortened.
  std::string hostile = "\"\n" + std::string(10'000, 'x');
  JsonRpcError long_name =
      NameProblemError(NameProblem::kNoServerPrefix, "prompt", hostile, names, id);
  EXPECT_LT(long_name.message.size(), 600u);
  EXPECT_NE(long_name.message.find("\"\\\"\\n"), std::string::npos) << long_name.message;
  EXPECT_EQ(long_name.message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace portcullis::gateway::mcp
