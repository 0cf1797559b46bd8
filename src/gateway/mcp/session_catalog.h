// What each upstream server listed in each gateway session: per (session, server) the tools of
// its last tools/list walk (name → flattened annotations, and whether the principal saw them),
// its prompts, resources and resource templates. It serves three needs of the request flow:
//
// - tools/call is described with the tool's annotations (LookupTool). How a tool stands:
//     kShown / kHidden   listed (hidden: its listing plan was ALWAYS_DENIED): described with its
//                        annotations and decided by the engine like any call. The engine is the
//                        authority, not the listing: a hidden tool is normally denied again, now
//                        with its policy's own remediation, and a policy change since the listing
//                        is taken into account.
//     kNotListed         the server's listing does not name it: described with
//                        DefaultToolAnnotations() (MCP's defaults, the most cautious reading: not
//                        read-only, destructive, open-world) and decided; if allowed, the upstream
//                        answers for a tool it does not have.
//     kServerNotListed   this session's catalog has no tools/list of that server: on this
//                        replica, or since it was evicted. Sessions are stateless (any replica
//                        serves any session), so the caller should list the server's tools
//                        upstream first (a ListMerge of that one server, Record, LookupTool
//                        again); deciding with the defaults instead is safe but may deny a
//                        read-only tool.
// - on an endpoint that does not prefix names, which servers listed a tool or prompt name
//   (ServersListing, for McpNames::Resolve).
// - resources/read, resources/subscribe and completion refs name a resource by URI only, and
//   URIs are not rewritten (see names.h): RouteResource finds the server that offers it.
//
// Recording (Record, after the merge's verdicts are set): a server's first page (asked without
// cursor) replaces what the session had of that server and kind; later pages add to it. At most
// Limits::max_entries_per_server entries are kept per server and kind (later ones are dropped, so
// a huge list cannot grow memory without bound), and at most Limits::max_sessions sessions: the
// least recently used is forgotten first (it is listed again on its next call; see
// kServerNotListed).
//
// Resource routing (RouteResource), over the servers the session reached: with one server, that
// server. Otherwise the servers whose recorded listing claims the URI — a resource with exactly
// that URI, or a template it matches (uri_template.h) — are collected: exactly one claims it →
// that one; none → kNotListed; several → kAmbiguous. No tie-break (not even exact-over-template),
// so no server can take another's URI: the client gets an error naming the servers, and an
// operator who needs both puts them on separate endpoints.
//
// Matching a URI against templates costs up to its length times a template's length per
// template, so at most kMaxRoutedTemplatesPerServer templates are kept per server, and matching
// runs outside the lock.
//
// Thread-safety: every method may be called concurrently from any number of threads. Sessions are
// spread over shards, each with its own mutex held only for the lookup or update itself.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "gateway/jsonrpc.h"
#include "gateway/mcp/list_kind.h"
#include "gateway/mcp/list_merge.h"

namespace portcullis::gateway::mcp {

// MCP's "resource not found" (2025-06-18 / 2025-11-25).
inline constexpr int64_t kMcpResourceNotFound = -32002;
inline constexpr size_t kMaxRoutedTemplatesPerServer = 256;

enum class ToolStanding { kShown, kHidden, kNotListed, kServerNotListed };

struct ToolLookup {
  ToolStanding standing;
  // The flattened annotations (tool_annotations.h): the listed ones, else the defaults.
  boost::json::object annotations;
};

struct ResourceRouteProblem {
  enum class Kind { kNotListed, kAmbiguous };
  Kind kind;
  std::vector<std::string> servers;  // kAmbiguous: the servers that claim the URI

  bool operator==(const ResourceRouteProblem&) const = default;
};

// The answer to a URI that did not route: MCP's "resource not found" (-32002) with data {uri}
// for kNotListed, kJsonRpcInvalidParams naming the servers for kAmbiguous.
JsonRpcError ResourceRouteError(const ResourceRouteProblem& problem, std::string_view uri,
                                const boost::json::value& id);

class SessionCatalog {
 public:
  struct Limits {
    size_t max_sessions = 16'384;
    size_t max_entries_per_server = 10'000;
  };

  SessionCatalog() : SessionCatalog(Limits{}) {}
  explicit SessionCatalog(Limits limits);
  ~SessionCatalog();
  SessionCatalog(const SessionCatalog&) = delete;
  SessionCatalog& operator=(const SessionCatalog&) = delete;

  // Records every page `merge` read (shown and hidden entries) for `session` (any stable key of
  // the gateway session, e.g. its Mcp-Session-Id). Call it once the verdicts are set: an entry
  // without one is recorded as hidden.
  void Record(std::string_view session, const ListMerge& merge);

  ToolLookup LookupTool(std::string_view session, std::string_view server,
                        std::string_view tool) const;

  // The servers whose recorded tools (kTools) or prompts (kPrompts) include `name`, in name
  // order. REQUIRES: kind is kTools or kPrompts.
  std::vector<std::string> ServersListing(std::string_view session, ListKind kind,
                                          std::string_view name) const;

  // The server of `candidates` (the servers the session reached) that offers `uri`.
  std::variant<std::string, ResourceRouteProblem> RouteResource(
      std::string_view session, std::string_view uri,
      std::span<const std::string> candidates) const;

  // Forgets `session` (it was deleted or expired).
  void Forget(std::string_view session);

 private:
  struct Shard;
  static constexpr size_t kShards = 16;

  Limits limits_;
  std::array<std::unique_ptr<Shard>, kShards> shards_;

  Shard& ShardOf(std::string_view session) const;
};

}  // namespace portcullis::gateway::mcp
