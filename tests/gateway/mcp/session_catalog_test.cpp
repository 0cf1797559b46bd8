#include "gateway/mcp/session_catalog.h"

#include <gtest/gtest.h>

#include <thread>

#include <boost/json/parse.hpp>

#include "gateway/mcp/tool_annotations.h"
#include "mcp_test_support.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;
using policy::PlanKind;
using testing::Object;
using Route = std::variant<std::string, ResourceRouteProblem>;

class McpSessionCatalogTest : public ::testing::Test {
 protected:
  ListCursorCodec codec_{std::string(32, 's')};
  std::vector<std::string> connected_ = {"tickets", "crm", "payments"};

  // A merge of `kind` over the connected servers with `pages` (one per server, JSON text; "" for
  // a failed server), every entry decided `verdict`.
  ListMerge Listed(ListKind kind, std::vector<std::string> pages,
                   PlanKind verdict = PlanKind::kAlwaysAllowed,
                   const json::object* params = nullptr) {
    auto started = ListMerge::Start(kind, params, json::value(1), connected_, codec_, "agent");
    ListMerge merge = std::get<ListMerge>(std::move(started));
    for (size_t call = 0; call < merge.calls().size(); ++call) {
      if (pages[call].empty()) {
        merge.AddFailure(call, "down");
      } else {
        merge.AddPage(call, Object(pages[call]));
      }
    }
    for (size_t i = 0; i < merge.entries().size(); ++i) merge.SetVerdict(i, verdict);
    return merge;
  }
};

TEST_F(McpSessionCatalogTest, ToolsAreLookedUpWithTheirAnnotations) {
  SessionCatalog catalog;
  ListMerge merge = Listed(
      ListKind::kTools,
      {R"({"tools": [{"name": "get_ticket", "annotations": {"readOnlyHint": true}}]})",
       R"({"tools": [{"name": "erase_customer", "annotations": {"destructiveHint": true}}]})", ""});
  merge.SetVerdict(1, PlanKind::kAlwaysDenied);
  catalog.Record("session-1", merge);

  ToolLookup shown = catalog.LookupTool("session-1", "tickets", "get_ticket");
  EXPECT_EQ(shown.standing, ToolStanding::kShown);
  EXPECT_EQ(shown.annotations.at("readOnlyHint"), true);
  ToolLookup hidden = catalog.LookupTool("session-1", "crm", "erase_customer");
  EXPECT_EQ(hidden.standing, ToolStanding::kHidden);
  EXPECT_EQ(hidden.annotations,
            FlattenToolAnnotations(Object(R"({"annotations": {"destructiveHint": true}})")));

  ToolLookup unlisted = catalog.LookupTool("session-1", "tickets", "delete_everything");
  EXPECT_EQ(unlisted.standing, ToolStanding::kNotListed);
  EXPECT_EQ(unlisted.annotations, DefaultToolAnnotations());
  // payments failed: its tools were never listed; nor were any in another session.
  EXPECT_EQ(catalog.LookupTool("session-1", "payments", "get_balance").standing,
            ToolStanding::kServerNotListed);
  EXPECT_EQ(catalog.LookupTool("session-2", "tickets", "get_ticket").standing,
            ToolStanding::kServerNotListed);
}

TEST_F(McpSessionCatalogTest, AFirstPageReplacesLaterPagesAdd) {
  SessionCatalog catalog;
  ListMerge first =
      Listed(ListKind::kTools, {R"({"tools": [{"name": "a"}], "nextCursor": "2"})", "", ""});
  catalog.Record("s", first);
  json::object params{
      {"cursor", first.Finish(McpNames(testing::QuickstartEndpoint()), codec_).at("nextCursor")}};
  connected_ = {"tickets"};
  catalog.Record("s", Listed(ListKind::kTools, {R"({"tools": [{"name": "b"}]})"},
                             PlanKind::kAlwaysAllowed, &params));
  EXPECT_EQ(catalog.LookupTool("s", "tickets", "a").standing, ToolStanding::kShown);
  EXPECT_EQ(catalog.LookupTool("s", "tickets", "b").standing, ToolStanding::kShown);

  // Listing again from the start forgets a tool the server no longer lists.
  catalog.Record("s", Listed(ListKind::kTools, {R"({"tools": [{"name": "b"}]})"}));
  EXPECT_EQ(catalog.LookupTool("s", "tickets", "a").standing, ToolStanding::kNotListed);
}

TEST_F(McpSessionCatalogTest, ServersListingANameForUnprefixedEndpoints) {
  SessionCatalog catalog;
  catalog.Record("s", Listed(ListKind::kTools, {R"({"tools": [{"name": "search"}]})",
                                                R"({"tools": [{"name": "search"}]})",
                                                R"({"tools": [{"name": "get_balance"}]})"}));
  catalog.Record("s", Listed(ListKind::kPrompts, {R"({"prompts": [{"name": "summarize"}]})",
                                                  R"({"prompts": []})", ""}));
  EXPECT_EQ(catalog.ServersListing("s", ListKind::kTools, "search"),
            (std::vector<std::string>{"crm", "tickets"}));
  EXPECT_EQ(catalog.ServersListing("s", ListKind::kTools, "get_balance"),
            std::vector<std::string>{"payments"});
  EXPECT_EQ(catalog.ServersListing("s", ListKind::kPrompts, "summarize"),
            std::vector<std::string>{"tickets"});
  EXPECT_TRUE(catalog.ServersListing("s", ListKind::kPrompts, "search").empty());
  EXPECT_TRUE(catalog.ServersListing("other", ListKind::kTools, "search").empty());
}

TEST_F(McpSessionCatalogTest, ResourcesRouteToTheOneServerOfferingThem) {
  SessionCatalog catalog;
  catalog.Record("s", Listed(ListKind::kResources,
                             {R"({"resources": [{"uri": "ticket://T-1", "name": "T-1"}]})",
                              R"({"resources": [{"uri": "shared://readme", "name": "r"}]})",
                              R"({"resources": [{"uri": "shared://readme", "name": "r"}]})"}));
  catalog.Record("s",
                 Listed(ListKind::kResourceTemplates,
                        {R"({"resourceTemplates": [{"uriTemplate": "ticket://{id}"}]})",
                         R"({"resourceTemplates": [{"uriTemplate": "crm://customers/{id}"},
                                                        {"uriTemplate": "file:///{+path}"}]})",
                         R"({"resourceTemplates": [{"uriTemplate": "file:///ledger/{y}"}]})"}));
  EXPECT_EQ(catalog.RouteResource("s", "ticket://T-1", connected_), Route("tickets"));
  EXPECT_EQ(catalog.RouteResource("s", "ticket://T-999", connected_), Route("tickets"));
  EXPECT_EQ(catalog.RouteResource("s", "crm://customers/42", connected_), Route("crm"));
  EXPECT_EQ(catalog.RouteResource("s", "file:///home/notes", connected_), Route("crm"));

  // Two servers claim it (exactly, or an exact URI against a template): never a pick.
  EXPECT_EQ(
      catalog.RouteResource("s", "shared://readme", connected_),
      Route(ResourceRouteProblem{ResourceRouteProblem::Kind::kAmbiguous, {"crm", "payments"}}));
  EXPECT_EQ(
      catalog.RouteResource("s", "file:///ledger/2026", connected_),
      Route(ResourceRouteProblem{ResourceRouteProblem::Kind::kAmbiguous, {"crm", "payments"}}));
  // Only the servers the session reached count.
  std::vector<std::string> without_crm = {"tickets", "payments"};
  EXPECT_EQ(catalog.RouteResource("s", "file:///ledger/2026", without_crm), Route("payments"));
  EXPECT_EQ(catalog.RouteResource("s", "crm://customers/42", without_crm),
            Route(ResourceRouteProblem{ResourceRouteProblem::Kind::kNotListed, {}}));
  EXPECT_EQ(catalog.RouteResource("other", "ticket://T-1", connected_),
            Route(ResourceRouteProblem{ResourceRouteProblem::Kind::kNotListed, {}}));
  // With one server there is nothing to route.
  std::vector<std::string> one = {"crm"};
  EXPECT_EQ(catalog.RouteResource("none", "anything://", one), Route("crm"));
}

TEST_F(McpSessionCatalogTest, RouteErrors) {
  json::value id = "r-1";
  JsonRpcError not_found = ResourceRouteError(
      ResourceRouteProblem{ResourceRouteProblem::Kind::kNotListed, {}}, "ticket://T-9", id);
  EXPECT_EQ(not_found.code, kMcpResourceNotFound);
  EXPECT_EQ(not_found.id, id);
  EXPECT_EQ(not_found.data, json::value(Object(R"({"uri": "ticket://T-9"})")));
  JsonRpcError ambiguous = ResourceRouteError(
      ResourceRouteProblem{ResourceRouteProblem::Kind::kAmbiguous, {"crm", "payments"}},
      "shared://readme", id);
  EXPECT_EQ(ambiguous.code, kJsonRpcInvalidParams);
  EXPECT_NE(ambiguous.message.find("crm, payments"), std::string::npos) << ambiguous.message;
}

TEST_F(McpSessionCatalogTest, MemoryIsBounded) {
  SessionCatalog catalog(SessionCatalog::Limits{.max_sessions = 16, .max_entries_per_server = 3});
  catalog.Record("big", Listed(ListKind::kTools, {R"({"tools": [{"name": "a"}, {"name": "b"},
                                                  {"name": "c"}, {"name": "d"}]})",
                                                  "", ""}));
  EXPECT_EQ(catalog.LookupTool("big", "tickets", "c").standing, ToolStanding::kShown);
  EXPECT_EQ(catalog.LookupTool("big", "tickets", "d").standing, ToolStanding::kNotListed);

  // 16 sessions over 16 shards: one per shard at most; the least recently used goes first.
  for (int i = 0; i < 200; ++i) {
    catalog.Record("session-" + std::to_string(i),
                   Listed(ListKind::kTools, {R"({"tools": [{"name": "a"}]})", "", ""}));
  }
  int remembered = 0;
  for (int i = 0; i < 200; ++i) {
    remembered += catalog.LookupTool("session-" + std::to_string(i), "tickets", "a").standing ==
                  ToolStanding::kShown;
  }
  EXPECT_LE(remembered, 16);
  EXPECT_GT(remembered, 0);
  EXPECT_EQ(catalog.LookupTool("session-199", "tickets", "a").standing, ToolStanding::kShown);
}

TEST_F(McpSessionCatalogTest, ForgetDropsASession) {
  SessionCatalog catalog;
  catalog.Record("s", Listed(ListKind::kTools, {R"({"tools": [{"name": "a"}]})", "", ""}));
  catalog.Forget("s");
  catalog.Forget("never-seen");
  EXPECT_EQ(catalog.LookupTool("s", "tickets", "a").standing, ToolStanding::kServerNotListed);
}

TEST_F(McpSessionCatalogTest, ConcurrentRecordsAndLookups) {
  SessionCatalog catalog;
  ListMerge merge =
      Listed(ListKind::kTools,
             {R"({"tools": [{"name": "a", "annotations": {"readOnlyHint": true}}]})", "", ""});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        std::string session = "s" + std::to_string((t * 500 + i) % 37);
        catalog.Record(session, merge);
        ToolLookup lookup = catalog.LookupTool(session, "tickets", "a");
        EXPECT_EQ(lookup.annotations.at("readOnlyHint"), true);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace
}  // namespace portcullis::gateway::mcp
