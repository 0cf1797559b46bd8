#include "gateway/mcp/session_catalog.h"

#include <algorithm>
#include <functional>
#include <list>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <boost/json/array.hpp>

#include "gateway/mcp/message_text.h"
#include "gateway/mcp/tool_annotations.h"
#include "gateway/mcp/uri_template.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
using Templates = std::vector<std::string>;

struct ToolFacts {
  json::object annotations;
  bool shown = false;
};

struct ServerListings {
  bool tools_listed = false;
  StringMap<ToolFacts> tools;
  StringSet prompts;
  StringSet resources;
  // Immutable once shared: replaced, never changed, so routing matches outside the lock.
  std::shared_ptr<const Templates> templates = std::make_shared<Templates>();
};

using SessionListings = std::map<std::string, ServerListings, std::less<>>;

// One page of one server, ready to be applied under the lock.
struct PageUpdate {
  std::string server;
  bool first_page;
  std::vector<std::pair<std::string, ToolFacts>> tools;  // kTools
  std::vector<std::string> keys;                         // the other kinds
};

std::vector<PageUpdate> UpdatesOf(const ListMerge& merge) {
  std::vector<PageUpdate> updates;
  std::vector<size_t> update_of_call(merge.calls().size(), SIZE_MAX);
  for (size_t call = 0; call < merge.calls().size(); ++call) {
    if (!merge.page_read(call)) continue;
    update_of_call[call] = updates.size();
    updates.push_back({merge.calls()[call].server, !merge.calls()[call].cursor, {}, {}});
  }
  for (const ListEntry& entry : merge.entries()) {
    PageUpdate& update = updates[update_of_call[entry.call]];
    if (merge.kind() == ListKind::kTools) {
      update.tools.emplace_back(
          std::string(merge.Key(entry)),
          ToolFacts{FlattenToolAnnotations(merge.Item(entry)), entry.shown()});
    } else {
      update.keys.emplace_back(merge.Key(entry));
    }
  }
  return updates;
}

template <typename Set>
void AddKeys(Set& set, std::vector<std::string>& keys, size_t limit) {
  for (std::string& key : keys) {
    if (set.size() >= limit) return;
    set.insert(std::move(key));
  }
}

void Apply(ServerListings& listings, ListKind kind, PageUpdate& update, size_t limit) {
  switch (kind) {
    case ListKind::kTools:
      if (update.first_page) listings.tools.clear();
      listings.tools_listed = true;
      for (auto& [name, facts] : update.tools) {
        if (listings.tools.size() >= limit && !listings.tools.contains(name)) break;
        listings.tools.insert_or_assign(std::move(name), std::move(facts));
      }
      return;
    case ListKind::kPrompts:
      if (update.first_page) listings.prompts.clear();
      AddKeys(listings.prompts, update.keys, limit);
      return;
    case ListKind::kResources:
      if (update.first_page) listings.resources.clear();
      AddKeys(listings.resources, update.keys, limit);
      return;
    case ListKind::kResourceTemplates: {
      auto templates = std::make_shared<Templates>();
      if (!update.first_page) *templates = *listings.templates;
      for (std::string& key : update.keys) {
        if (templates->size() >= std::min(limit, kMaxRoutedTemplatesPerServer)) break;
        if (std::find(templates->begin(), templates->end(), key) == templates->end()) {
          templates->push_back(std::move(key));
        }
      }
      listings.templates = std::move(templates);
      return;
    }
  }
}

}  // namespace

// Sessions by key, least recently used evicted first.
struct SessionCatalog::Shard {
  struct Entry {
    std::list<std::string>::iterator recency;
    SessionListings listings;
  };

  std::mutex mutex;
  std::list<std::string> recency;  // most recently used first
  StringMap<Entry> sessions;

  // REQUIRES: mutex held.
  Entry* Find(std::string_view session) {
    auto it = sessions.find(session);
    if (it == sessions.end()) return nullptr;
    recency.splice(recency.begin(), recency, it->second.recency);
    return &it->second;
  }

  // REQUIRES: mutex held.
  const ServerListings* FindServer(std::string_view session, std::string_view server) {
    Entry* entry = Find(session);
    if (entry == nullptr) return nullptr;
    auto listings = entry->listings.find(server);
    return listings != entry->listings.end() ? &listings->second : nullptr;
  }

  // REQUIRES: mutex held.
  Entry& FindOrAdd(std::string_view session, size_t capacity) {
    if (Entry* entry = Find(session)) return *entry;
    while (!sessions.empty() && sessions.size() >= capacity) {
      sessions.erase(recency.back());
      recency.pop_back();
    }
    recency.emplace_front(session);
    Entry& entry = sessions[std::string(session)];
    entry.recency = recency.begin();
    return entry;
  }
};

SessionCatalog::SessionCatalog(Limits limits) : limits_(limits) {
  for (auto& shard : shards_) shard = std::make_unique<Shard>();
}

SessionCatalog::~SessionCatalog() = default;

SessionCatalog::Shard& SessionCatalog::ShardOf(std::string_view session) const {
  return *shards_[StringHash{}(session) % kShards];
}

void SessionCatalog::Record(std::string_view session, const ListMerge& merge) {
  std::vector<PageUpdate> updates = UpdatesOf(merge);
  if (updates.empty()) return;
  size_t capacity = std::max<size_t>(1, (limits_.max_sessions + kShards - 1) / kShards);
  Shard& shard = ShardOf(session);
  std::lock_guard lock(shard.mutex);
  SessionListings& listings = shard.FindOrAdd(session, capacity).listings;
  for (PageUpdate& update : updates) {
    Apply(listings[update.server], merge.kind(), update, limits_.max_entries_per_server);
  }
}

ToolLookup SessionCatalog::LookupTool(std::string_view session, std::string_view server,
                                      std::string_view tool) const {
  Shard& shard = ShardOf(session);
  std::lock_guard lock(shard.mutex);
  const ServerListings* listings = shard.FindServer(session, server);
  if (listings == nullptr || !listings->tools_listed) {
    return {ToolStanding::kServerNotListed, DefaultToolAnnotations()};
  }
  auto facts = listings->tools.find(tool);
  if (facts == listings->tools.end()) return {ToolStanding::kNotListed, DefaultToolAnnotations()};
  return {facts->second.shown ? ToolStanding::kShown : ToolStanding::kHidden,
          facts->second.annotations};
}

std::vector<std::string> SessionCatalog::ServersListing(std::string_view session, ListKind kind,
                                                        std::string_view name) const {
  std::vector<std::string> servers;
  Shard& shard = ShardOf(session);
  std::lock_guard lock(shard.mutex);
  Shard::Entry* entry = shard.Find(session);
  if (entry == nullptr) return servers;
  for (const auto& [server, listings] : entry->listings) {
    bool listed =
        kind == ListKind::kTools ? listings.tools.contains(name) : listings.prompts.contains(name);
    if (listed) servers.push_back(server);
  }
  return servers;
}

std::variant<std::string, ResourceRouteProblem> SessionCatalog::RouteResource(
    std::string_view session, std::string_view uri, std::span<const std::string> candidates) const {
  if (candidates.size() == 1) return candidates.front();
  ResourceRouteProblem problem{ResourceRouteProblem::Kind::kNotListed, {}};
  if (uri.empty() || uri.size() > kMaxUriBytes) return problem;
  // Under the lock: exact URIs, and the template lists to match afterwards.
  std::vector<std::pair<std::string, std::shared_ptr<const Templates>>> to_match;
  {
    Shard& shard = ShardOf(session);
    std::lock_guard lock(shard.mutex);
    Shard::Entry* entry = shard.Find(session);
    if (entry == nullptr) return problem;
    for (const std::string& server : candidates) {
      auto listings = entry->listings.find(server);
      if (listings == entry->listings.end()) continue;
      if (listings->second.resources.contains(uri)) {
        problem.servers.push_back(server);
      } else {
        to_match.emplace_back(server, listings->second.templates);
      }
    }
  }
  for (const auto& [server, templates] : to_match) {
    bool claims = std::any_of(templates->begin(), templates->end(),
                              [&](const std::string& t) { return UriTemplateMatches(t, uri); });
    if (claims) problem.servers.push_back(server);
  }
  if (problem.servers.size() == 1) return std::move(problem.servers.front());
  if (!problem.servers.empty()) {
    problem.kind = ResourceRouteProblem::Kind::kAmbiguous;
    std::sort(problem.servers.begin(), problem.servers.end());
  }
  return problem;
}

void SessionCatalog::Forget(std::string_view session) {
  Shard& shard = ShardOf(session);
  std::lock_guard lock(shard.mutex);
  auto it = shard.sessions.find(session);
  if (it == shard.sessions.end()) return;
  shard.recency.erase(it->second.recency);
  shard.sessions.erase(it);
}

JsonRpcError ResourceRouteError(const ResourceRouteProblem& problem, std::string_view uri,
                                const json::value& id) {
  if (problem.kind == ResourceRouteProblem::Kind::kNotListed) {
    return JsonRpcError{kMcpResourceNotFound,
                        "resource not found: no server of this session lists " +
                            QuoteForMessage(uri, 512) +
                            "; call resources/list or resources/templates/list first",
                        id, json::value(json::object{{"uri", uri}})};
  }
  std::string servers;
  for (const std::string& server : problem.servers) {
    servers += (servers.empty() ? "" : ", ") + server;
  }
  return JsonRpcError{kJsonRpcInvalidParams,
                      "ambiguous resource " + QuoteForMessage(uri, 512) +
                          ": it is offered by several servers (" + servers +
                          "), so the gateway does not read it",
                      id, std::nullopt};
}

}  // namespace portcullis::gateway::mcp
