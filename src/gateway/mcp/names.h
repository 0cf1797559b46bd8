// The names a multi-server MCP endpoint shows its client, and the way back.
//
// A tool or prompt `name` of server `s` is shown as `s<separator>name` ("payments__create_refund")
// when the endpoint prefixes names (McpEndpointConfig::prefixed(): by default when it has more
// than one server; separator "__" unless configured), so no server can shadow another's tool.
// Resource and resource-template `name`s (display names) are prefixed the same way. Resource URIs
// are never rewritten: they are the servers' own identifiers, and they also reach the client
// inside tool results (resource links, embedded resources); SessionCatalog::RouteResource maps a
// URI to its server.
//
// The way back, Resolve: a prefixed name is split at the FIRST separator. Server names never
// contain the separator nor end with its beginning (the config refuses such endpoints), so the
// first separator always ends the server name, whatever the rest holds: "crm__a__b" is tool
// "a__b" of server "crm". A name that does not resolve to one of the endpoint's servers is
// refused, never guessed. On an endpoint that does not prefix but has several servers
// (prefix_names: never), a name resolves only through the servers that listed it
// (SessionCatalog::ServersListing): exactly one must have.
//
// Resolve answers with an endpoint server; whether this session reached that server (the
// principal may connect to it) is the caller's check.
//
// Thread-safety: McpNames is immutable; any number of threads may use one.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "gateway/config/gateway_config.h"
#include "gateway/jsonrpc.h"

namespace portcullis::gateway::mcp {

// A name as one upstream server knows it.
struct QualifiedName {
  std::string server;
  std::string name;

  bool operator==(const QualifiedName&) const = default;
};

enum class NameProblem {
  kEmpty,           // "" or nothing after the separator
  kNoServerPrefix,  // the endpoint prefixes names and this one has no separator
  kUnknownServer,   // what precedes the first separator is not a server of the endpoint
  kNotListed,       // unprefixed endpoint of several servers: no server listed the name
  kAmbiguous,       // unprefixed endpoint of several servers: more than one listed it
};

class McpNames {
 public:
  explicit McpNames(McpEndpointConfig endpoint) : endpoint_(std::move(endpoint)) {}

  bool prefixed() const { return endpoint_.prefixed(); }
  const std::string& separator() const { return endpoint_.separator; }
  // The endpoint's servers, in config order.
  const std::vector<std::string>& servers() const { return endpoint_.servers; }
  // Whether Resolve needs the servers that listed a name: the endpoint does not prefix names and
  // has more than one server.
  bool needs_listing() const { return !prefixed() && servers().size() > 1; }

  // The name the client sees for `name` of `server`.
  std::string Present(std::string_view server, std::string_view name) const;

  // The server and name `presented` (as the client sent it) stands for. `listed_by`: the servers
  // that listed the name, read only when needs_listing() (names outside the endpoint are ignored).
  std::variant<QualifiedName, NameProblem> Resolve(
      std::string_view presented, std::span<const std::string> listed_by = {}) const;

 private:
  McpEndpointConfig endpoint_;
};

// The answer to a name that did not resolve: kJsonRpcInvalidParams (what MCP answers for an
// unknown tool), with a message saying what names look like here and to list them again.
// `what` is "tool" or "prompt". The message quotes `presented` JSON-escaped and shortened, and
// never lists the endpoint's servers (some may be hidden from this principal).
JsonRpcError NameProblemError(NameProblem problem, std::string_view what,
                              std::string_view presented, const McpNames& names,
                              const boost::json::value& id);

}  // namespace portcullis::gateway::mcp
