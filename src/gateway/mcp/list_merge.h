// One merged list call (tools/list, prompts/list, resources/list, resources/templates/list) of a
// multi-server endpoint, driven step by step so it fits an asynchronous request flow:
//
//   1. Start: from the client's params (its cursor, if any) and the servers this session reached,
//      the upstream calls to make: every server's first page, or, with a cursor, the next page of
//      each server the cursor says has more. Pages of all servers are fetched together; a gateway
//      page holds one page of each server still listing, so a client that reads only the first
//      page still sees every server's first page.
//   2. AddPage / AddFailure: each upstream answer, in any order. An upstream that fails or answers
//      something that is not a list of this kind is left out of this page and of the rest of the
//      listing (failures(), for the logs); the others are not affected.
//   3. entries(): every item read, in endpoint order then upstream order, hidden ones included.
//      The caller decides each one's visibility (DescribeForListing, then one batched plan: the
//      principal's answer with the unknown attribute) and gives it with SetVerdict. An entry is
//      shown unless its verdict is ALWAYS_DENIED; an entry left without a verdict is hidden
//      (fail closed).
//   4. Finish: the gateway's result — shown items with their names prefixed (McpNames::Present:
//      tool and prompt `name`s, resource and template `name`s; URIs untouched), every other member
//      of an item kept verbatim — and a `nextCursor` (ListCursorCodec) when a server has more.
//
// Upstream items are checked before anything is decided on them: an item that is not an object,
// whose key member (ListKeyMember) is missing, not a string, empty, too long (names: 128 bytes,
// MCP's limit for tool names; URIs and templates: kMaxUriBytes / kMaxUriTemplateBytes), holds a
// control character, is not a URI template (templates), or repeats a key earlier in the page is
// skipped (skipped_items()). A page with more than kMaxItemsPerUpstreamPage items fails. An
// upstream nextCursor longer than kMaxUpstreamCursorBytes ends that server's listing (a failure
// is recorded); an empty one counts as none.
//
// Thread-safety: none; one request flow drives a ListMerge. Views returned (Key, Server, Item)
// are valid while the ListMerge lives.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "gateway/jsonrpc.h"
#include "gateway/mcp/list_cursor.h"
#include "gateway/mcp/list_kind.h"
#include "gateway/mcp/names.h"
#include "policy/plan.h"

namespace portcullis::gateway::mcp {

inline constexpr size_t kMaxItemsPerUpstreamPage = 10'000;
inline constexpr size_t kMaxListedNameBytes = 128;
inline constexpr size_t kMaxUriBytes = 8192;

struct UpstreamListCall {
  std::string server;
  std::optional<std::string> cursor;  // none: the server's first page
};

struct ListEntry {
  size_t call;   // into calls()
  size_t index;  // the item's position in that page's array
  std::optional<policy::PlanKind> verdict;

  bool shown() const { return verdict.has_value() && *verdict != policy::PlanKind::kAlwaysDenied; }
};

class ListMerge {
 public:
  // The merge answering a `kind` list request with `params` (null when absent) and id
  // `request_id`, over `connected` (the servers this session reached, in endpoint order). Cursors
  // are bound to `binding` (see list_cursor.h). Refused with kJsonRpcInvalidParams: a cursor that
  // is not a string, or not one this gateway issued for this list and binding.
  static std::variant<ListMerge, JsonRpcError> Start(
      ListKind kind, const boost::json::object* params, const boost::json::value& request_id,
      std::span<const std::string> connected, const ListCursorCodec& codec, std::string binding);

  ListKind kind() const { return kind_; }
  const std::vector<UpstreamListCall>& calls() const { return calls_; }
  // The params of the upstream request for calls()[call]: {"cursor": ...} or {}.
  boost::json::object UpstreamParams(size_t call) const;

  // The `result` of calls()[call]. REQUIRES: each call is answered once (AddPage or AddFailure).
  void AddPage(size_t call, boost::json::object result);
  void AddFailure(size_t call, std::string reason);
  // Whether calls()[call] was answered with a usable page.
  bool page_read(size_t call) const { return pages_[call].has_value(); }

  const std::vector<ListEntry>& entries() const { return entries_; }
  void SetVerdict(size_t entry, policy::PlanKind verdict) { entries_[entry].verdict = verdict; }
  const boost::json::object& Item(const ListEntry& entry) const;
  std::string_view Key(const ListEntry& entry) const;  // name, uri or uriTemplate
  std::string_view Server(const ListEntry& entry) const { return calls_[entry.call].server; }

  const std::vector<ServerFailure>& failures() const { return failures_; }
  size_t skipped_items() const { return skipped_items_; }

  boost::json::object Finish(const McpNames& names, const ListCursorCodec& codec) const;

 private:
  ListMerge(ListKind kind, std::vector<UpstreamListCall> calls, std::string binding);

  ListKind kind_;
  std::vector<UpstreamListCall> calls_;
  std::string binding_;
  std::vector<std::optional<boost::json::array>> pages_;  // per call: the items
  std::vector<std::string> next_cursors_;                 // per call: empty when none
  std::vector<ListEntry> entries_;
  std::vector<ServerFailure> failures_;
  size_t skipped_items_ = 0;

  bool IsUsableKey(const boost::json::value* key) const;
};

}  // namespace portcullis::gateway::mcp
