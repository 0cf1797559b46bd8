#include "gateway/mcp/list_merge.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "mcp_test_support.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;
using policy::PlanKind;
using testing::Object;

// tools/list results in the shape of MCP 2025-06-18's example.
const char* const kTicketsPage = R"({"tools": [
  {"name": "get_ticket", "title": "Get ticket", "description": "Read a support ticket",
   "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
   "annotations": {"readOnlyHint": true}},
  {"name": "update_ticket", "description": "Change a ticket's status",
   "inputSchema": {"type": "object"}, "annotations": {"idempotentHint": true}}],
  "nextCursor": "tickets-page-2"})";
const char* const kCrmPage = R"({"tools": [
  {"name": "lookup_customer", "inputSchema": {"type": "object"},
   "outputSchema": {"type": "object"}, "annotations": {"readOnlyHint": true},
   "icons": [{"src": "https://crm.example/icon.png"}], "_meta": {"vendor": "crm"}},
  {"name": "erase_customer", "inputSchema": {"type": "object"},
   "annotations": {"destructiveHint": true}}]})";

class McpListMergeTest : public ::testing::Test {
 protected:
  McpNames names_{testing::QuickstartEndpoint()};
  ListCursorCodec codec_{std::string(32, 's')};
  // payroll is not connected: the principal may not connect to it.
  std::vector<std::string> connected_ = {"tickets", "crm", "payments"};
  json::value id_ = 3;

  ListMerge Start(ListKind kind, const json::object* params = nullptr,
                  std::string binding = "triage-agent") {
    auto started = ListMerge::Start(kind, params, id_, connected_, codec_, std::move(binding));
    if (auto* error = std::get_if<JsonRpcError>(&started)) {
      ADD_FAILURE() << error->message;
    }
    return std::get<ListMerge>(std::move(started));
  }

  JsonRpcError Refused(const json::object& params, ListKind kind = ListKind::kTools) {
    auto started = ListMerge::Start(kind, &params, id_, connected_, codec_, "triage-agent");
    EXPECT_TRUE(std::holds_alternative<JsonRpcError>(started));
    return std::holds_alternative<JsonRpcError>(started) ? std::get<JsonRpcError>(started)
                                                         : JsonRpcError{};
  }

  // Decides every entry as the quickstart's policies do for an agent of `role`.
  static void DecideAll(ListMerge& merge, std::string_view role) {
    for (size_t i = 0; i < merge.entries().size(); ++i) {
      const ListEntry& entry = merge.entries()[i];
      ListingCheck check = DescribeForListing(
          merge.kind(), testing::QuickstartServer(merge.Server(entry)), merge.Item(entry));
      merge.SetVerdict(i, testing::PlanListing(role, check));
    }
  }

  static std::vector<std::string> Names(const json::object& result, std::string_view member) {
    std::vector<std::string> names;
    for (const json::value& item : result.at(member).as_array()) {
      names.emplace_back(item.at("name").as_string());
    }
    return names;
  }
};

TEST_F(McpListMergeTest, FirstPageAsksEveryConnectedServer) {
  ListMerge merge = Start(ListKind::kTools);
  ASSERT_EQ(merge.calls().size(), 3u);
  EXPECT_EQ(merge.calls()[0].server, "tickets");
  EXPECT_EQ(merge.calls()[2].server, "payments");
  EXPECT_FALSE(merge.calls()[1].cursor.has_value());
  EXPECT_EQ(merge.UpstreamParams(0), json::object());
}

TEST_F(McpListMergeTest, MergesFiltersAndPrefixes) {
  ListMerge merge = Start(ListKind::kTools);
  // Answers arrive in any order; one server is down.
  merge.AddPage(1, Object(kCrmPage));
  merge.AddFailure(2, "connection refused");
  merge.AddPage(0, Object(kTicketsPage));
  ASSERT_EQ(merge.entries().size(), 4u);
  DecideAll(merge, "triage");

  json::object result = merge.Finish(names_, codec_);
  // Triage agents may read tickets and call read-only CRM tools; not update or erase.
  EXPECT_EQ(Names(result, "tools"),
            (std::vector<std::string>{"tickets__get_ticket", "crm__lookup_customer"}));
  EXPECT_EQ(merge.failures(), (std::vector<ServerFailure>{{"payments", "connection refused"}}));

  // Every other member of a tool is kept verbatim.
  json::object expected = Object(kCrmPage).at("tools").at(0).as_object();
  expected["name"] = "crm__lookup_customer";
  EXPECT_EQ(result.at("tools").at(1), expected);

  // A support agent sees the ticket update too.
  for (size_t i = 0; i < merge.entries().size(); ++i) merge.SetVerdict(i, PlanKind::kAlwaysDenied);
  DecideAll(merge, "support");
  EXPECT_EQ(Names(merge.Finish(names_, codec_), "tools"),
            (std::vector<std::string>{"tickets__get_ticket", "tickets__update_ticket",
                                      "crm__lookup_customer"}));
}

TEST_F(McpListMergeTest, PaginationKeepsEachServersCursor) {
  ListMerge first = Start(ListKind::kTools);
  first.AddPage(0, Object(kTicketsPage));
  first.AddPage(1, Object(kCrmPage));
  first.AddPage(2, Object(R"({"tools": [], "nextCursor": "payments-2"})"));
  DecideAll(first, "support");
  json::object result = first.Finish(names_, codec_);
  ASSERT_TRUE(result.contains("nextCursor"));

  json::object params{{"cursor", result.at("nextCursor")}};
  ListMerge second = Start(ListKind::kTools, &params);
  ASSERT_EQ(second.calls().size(), 2u);
  EXPECT_EQ(second.calls()[0].server, "tickets");
  EXPECT_EQ(second.UpstreamParams(0), Object(R"({"cursor": "tickets-page-2"})"));
  EXPECT_EQ(second.calls()[1].server, "payments");
  EXPECT_EQ(second.UpstreamParams(1), Object(R"({"cursor": "payments-2"})"));

  second.AddPage(0, Object(R"({"tools": [{"name": "search_tickets", "inputSchema": {}}]})"));
  second.AddPage(1, Object(R"({"tools": [{"name": "get_balance", "inputSchema": {}}],
                               "nextCursor": ""})"));
  DecideAll(second, "support");
  json::object last = second.Finish(names_, codec_);
  EXPECT_EQ(Names(last, "tools"),
            (std::vector<std::string>{"tickets__search_tickets", "payments__get_balance"}));
  EXPECT_FALSE(last.contains("nextCursor"));  // an empty upstream cursor ends a listing
}

TEST_F(McpListMergeTest, ACursorOnlyReachesServersStillConnected) {
  ListMerge first = Start(ListKind::kTools);
  first.AddPage(0, Object(kTicketsPage));
  first.AddPage(1, Object(kCrmPage));
  first.AddPage(2, Object(R"({"tools": []})"));
  json::object params{{"cursor", first.Finish(names_, codec_).at("nextCursor")}};
  connected_ = {"crm", "payments"};  // e.g. a policy change revoked tickets
  ListMerge second = Start(ListKind::kTools, &params);
  EXPECT_TRUE(second.calls().empty());
  EXPECT_EQ(second.Finish(names_, codec_), Object(R"({"tools": []})"));
}

TEST_F(McpListMergeTest, InvalidCursorsAreInvalidParams) {
  JsonRpcError not_string = Refused(Object(R"({"cursor": 5})"));
  EXPECT_EQ(not_string.code, kJsonRpcInvalidParams);
  EXPECT_EQ(not_string.id, id_);

  JsonRpcError forged = Refused(Object(R"({"cursor": "W1sidGlja2V0cyIsIngiXV0.AAAA"})"));
  EXPECT_EQ(forged.code, kJsonRpcInvalidParams);
  EXPECT_NE(forged.message.find("list again without a cursor"), std::string::npos);

  // A genuine cursor, but for another principal or another list.
  ListCursor pending{ListKind::kTools, {{"tickets", "2"}}};
  json::object other_binding{{"cursor", codec_.Encode(pending, "support-agent")}};
  EXPECT_EQ(Refused(other_binding).code, kJsonRpcInvalidParams);
  json::object same_binding{{"cursor", codec_.Encode(pending, "triage-agent")}};
  EXPECT_EQ(Refused(same_binding, ListKind::kPrompts).code, kJsonRpcInvalidParams);
}

TEST_F(McpListMergeTest, MalformedPagesFailTheirServerOnly) {
  ListMerge merge = Start(ListKind::kTools);
  merge.AddPage(0, Object(R"({"prompts": []})"));
  merge.AddPage(1, Object(R"({"tools": {"name": "x"}})"));
  merge.AddPage(2, Object(R"({"tools": [{"name": "get_balance"}], "nextCursor": 2})"));
  EXPECT_EQ(merge.failures().size(), 3u);
  EXPECT_TRUE(merge.entries().empty());
  EXPECT_FALSE(merge.page_read(0));
  EXPECT_EQ(merge.Finish(names_, codec_), Object(R"({"tools": []})"));
}

TEST_F(McpListMergeTest, AHugeListFailsItsServer) {
  json::array tools;
  for (size_t i = 0; i <= kMaxItemsPerUpstreamPage; ++i) {
    tools.push_back(json::object{{"name", "tool_" + std::to_string(i)}, {"inputSchema", {}}});
  }
  ListMerge merge = Start(ListKind::kTools);
  merge.AddPage(0, json::object{{"tools", std::move(tools)}});
  merge.AddPage(1, Object(kCrmPage));
  merge.AddFailure(2, "timeout");
  ASSERT_EQ(merge.failures().size(), 2u);
  EXPECT_EQ(merge.failures()[0].server, "tickets");
  EXPECT_NE(merge.failures()[0].reason.find("more than 10000"), std::string::npos);
  EXPECT_EQ(merge.entries().size(), 2u);  // crm's tools only
}

TEST_F(McpListMergeTest, MalformedItemsAreSkipped) {
  ListMerge merge = Start(ListKind::kTools);
  std::string long_name(kMaxListedNameBytes + 1, 'n');
  merge.AddPage(0, Object(R"({"tools": [
      "get_ticket", {"title": "no name"}, {"name": 7}, {"name": ""}, {"name": "a\u0000b"},
      {"name": ")" + long_name +
                          R"("}, {"name": "ok"}, {"name": "ok", "annotations":
      {"readOnlyHint": true}}, {"name": "a__b"}]})"));
  merge.AddFailure(1, "down");
  merge.AddFailure(2, "down");
  EXPECT_EQ(merge.skipped_items(), 7u);
  ASSERT_EQ(merge.entries().size(), 2u);
  for (size_t i = 0; i < 2; ++i) merge.SetVerdict(i, PlanKind::kAlwaysAllowed);
  json::object result = merge.Finish(names_, codec_);
  EXPECT_EQ(Names(result, "tools"), (std::vector<std::string>{"tickets__ok", "tickets__a__b"}));
  // The first of two tools with one name is the one kept, and "a__b" resolves back.
  EXPECT_FALSE(result.at("tools").at(0).as_object().contains("annotations"));
  EXPECT_EQ(names_.Resolve("tickets__a__b"),
            (std::variant<QualifiedName, NameProblem>(QualifiedName{"tickets", "a__b"})));
}

TEST_F(McpListMergeTest, EntriesWithoutAVerdictAreHidden) {
  ListMerge merge = Start(ListKind::kTools);
  merge.AddPage(0, Object(kTicketsPage));
  merge.AddPage(1, Object(kCrmPage));
  merge.AddPage(2, Object(R"({"tools": []})"));
  merge.SetVerdict(1, PlanKind::kConditional);
  EXPECT_EQ(Names(merge.Finish(names_, codec_), "tools"),
            std::vector<std::string>{"tickets__update_ticket"});
}

TEST_F(McpListMergeTest, AnOverlongUpstreamCursorEndsThatListing) {
  ListMerge merge = Start(ListKind::kTools);
  json::object page = Object(R"({"tools": []})");
  page["nextCursor"] = std::string(kMaxUpstreamCursorBytes + 1, 'c');
  merge.AddPage(0, std::move(page));
  merge.AddPage(1, Object(R"({"tools": [], "nextCursor": "crm-2"})"));
  merge.AddPage(2, Object(R"({"tools": []})"));
  ASSERT_EQ(merge.failures().size(), 1u);
  EXPECT_EQ(merge.failures()[0].server, "tickets");
  json::object params{{"cursor", merge.Finish(names_, codec_).at("nextCursor")}};
  ListMerge next = Start(ListKind::kTools, &params);
  ASSERT_EQ(next.calls().size(), 1u);
  EXPECT_EQ(next.calls()[0].server, "crm");
}

TEST_F(McpListMergeTest, ResourcesKeepTheirUrisAndPrefixTheirNames) {
  ListMerge merge = Start(ListKind::kResources);
  merge.AddPage(0, Object(R"({"resources": [
      {"uri": "ticket://T-1001", "name": "T-1001", "title": "Printer on fire",
       "mimeType": "application/json"},
      {"uri": "file:///etc/passwd\n", "name": "control character"},
      {"uri": "ticket://T-1002"}]})"));
  merge.AddPage(1, Object(R"({"resources": [
      {"uri": "crm://customers/42", "name": "Ada", "size": 512}]})"));
  merge.AddPage(2, Object(R"({"resources": []})"));
  EXPECT_EQ(merge.skipped_items(), 1u);
  ASSERT_EQ(merge.entries().size(), 3u);
  for (size_t i = 0; i < 3; ++i) merge.SetVerdict(i, PlanKind::kAlwaysAllowed);
  json::object result = merge.Finish(names_, codec_);
  EXPECT_EQ(result.at("resources"), json::parse(R"([
      {"uri": "ticket://T-1001", "name": "tickets__T-1001", "title": "Printer on fire",
       "mimeType": "application/json"},
      {"uri": "ticket://T-1002"},
      {"uri": "crm://customers/42", "name": "crm__Ada", "size": 512}])"));
}

TEST_F(McpListMergeTest, ResourceTemplatesMustBeTemplates) {
  ListMerge merge = Start(ListKind::kResourceTemplates);
  merge.AddPage(0, Object(R"({"resourceTemplates": [
      {"uriTemplate": "ticket://{id}", "name": "ticket"},
      {"uriTemplate": "ticket://{id", "name": "broken"},
      {"uriTemplate": "ticket://{}", "name": "empty"}]})"));
  merge.AddFailure(1, "down");
  merge.AddFailure(2, "down");
  EXPECT_EQ(merge.skipped_items(), 2u);
  ASSERT_EQ(merge.entries().size(), 1u);
  EXPECT_EQ(merge.Key(merge.entries()[0]), "ticket://{id}");
}

TEST_F(McpListMergeTest, AnUnprefixedEndpointKeepsNames) {
  McpEndpointConfig endpoint;
  endpoint.servers = {"tickets"};
  McpNames single(endpoint);
  connected_ = {"tickets"};
  ListMerge merge = Start(ListKind::kPrompts);
  merge.AddPage(0, Object(R"({"prompts": [{"name": "triage_ticket", "arguments":
      [{"name": "ticket_id", "required": true}]}]})"));
  merge.SetVerdict(0, PlanKind::kAlwaysAllowed);
  EXPECT_EQ(merge.Finish(single, codec_), Object(R"({"prompts": [{"name": "triage_ticket",
      "arguments": [{"name": "ticket_id", "required": true}]}]})"));
}

}  // namespace
}  // namespace portcullis::gateway::mcp
