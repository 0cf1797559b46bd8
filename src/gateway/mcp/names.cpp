#include "gateway/mcp/names.h"

#include <algorithm>

#include "gateway/mcp/message_text.h"

namespace portcullis::gateway::mcp {

std::string McpNames::Present(std::string_view server, std::string_view name) const {
  return prefixed() ? endpoint_.PrefixedName(server, name) : std::string(name);
}

std::variant<QualifiedName, NameProblem> McpNames::Resolve(
    std::string_view presented, std::span<const std::string> listed_by) const {
  if (presented.empty()) return NameProblem::kEmpty;
  const std::vector<std::string>& servers = endpoint_.servers;
  if (prefixed()) {
    if (presented.find(endpoint_.separator) == std::string_view::npos) {
      return NameProblem::kNoServerPrefix;
    }
    auto split = endpoint_.SplitPrefixedName(presented);
    if (!split) return NameProblem::kUnknownServer;
    if (split->second.empty()) return NameProblem::kEmpty;
    return QualifiedName{std::string(split->first), std::string(split->second)};
  }
  if (servers.size() == 1) return QualifiedName{servers.front(), std::string(presented)};
  const std::string* owner = nullptr;
  for (const std::string& server : servers) {
    if (std::find(listed_by.begin(), listed_by.end(), server) == listed_by.end()) continue;
    if (owner != nullptr) return NameProblem::kAmbiguous;
    owner = &server;
  }
  if (owner == nullptr) return NameProblem::kNotListed;
  return QualifiedName{*owner, std::string(presented)};
}

JsonRpcError NameProblemError(NameProblem problem, std::string_view what,
                              std::string_view presented, const McpNames& names,
                              const boost::json::value& id) {
  std::string subject = "unknown " + std::string(what) + " " + QuoteForMessage(presented) + ": ";
  std::string listing =
      "; call " + std::string(what) + "s/list for the " + std::string(what) + "s you may use";
  std::string shape = std::string(what) + " names here are <server>" + names.separator() +
                      "<name>, as " + std::string(what) + "s/list shows them";
  std::string message;
  switch (problem) {
    case NameProblem::kEmpty:
      message = "a " + std::string(what) + " name must not be empty; " + shape;
      break;
    case NameProblem::kNoServerPrefix:
      message = subject + "it has no server prefix; " + shape;
      break;
    case NameProblem::kUnknownServer:
      message = subject + "it does not start with the name of a server of this endpoint; " + shape;
      break;
    case NameProblem::kNotListed:
      message = subject + "no server of this endpoint lists it" + listing;
      break;
    case NameProblem::kAmbiguous:
      message = subject + "several servers of this endpoint list it, so it cannot be called here";
      break;
  }
  return JsonRpcError{kJsonRpcInvalidParams, std::move(message), id, std::nullopt};
}

}  // namespace portcullis::gateway::mcp
