#include "gateway/mcp/list_merge.h"

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "gateway/mcp/uri_template.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    unsigned char byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

size_t MaxKeyBytes(ListKind kind) {
  switch (kind) {
    case ListKind::kTools:
    case ListKind::kPrompts:
      return kMaxListedNameBytes;
    case ListKind::kResources:
      return kMaxUriBytes;
    case ListKind::kResourceTemplates:
      return kMaxUriTemplateBytes;
  }
  return 0;
}

JsonRpcError InvalidCursor(std::string message, const json::value& id) {
  return JsonRpcError{kJsonRpcInvalidParams, std::move(message), id, std::nullopt};
}

}  // namespace

ListMerge::ListMerge(ListKind kind, std::vector<UpstreamListCall> calls, std::string binding)
    : kind_(kind),
      calls_(std::move(calls)),
      binding_(std::move(binding)),
      pages_(calls_.size()),
      next_cursors_(calls_.size()) {}

std::variant<ListMerge, JsonRpcError> ListMerge::Start(ListKind kind, const json::object* params,
                                                       const json::value& request_id,
                                                       std::span<const std::string> connected,
                                                       const ListCursorCodec& codec,
                                                       std::string binding) {
  const json::value* cursor = params != nullptr ? params->if_contains("cursor") : nullptr;
  std::vector<UpstreamListCall> calls;
  if (cursor == nullptr) {
    for (const std::string& server : connected) calls.push_back({server, std::nullopt});
    return ListMerge(kind, std::move(calls), std::move(binding));
  }
  if (!cursor->is_string()) {
    return InvalidCursor("\"cursor\" must be a string, the nextCursor of a previous " +
                             std::string(ListMethod(kind)) + " answer",
                         request_id);
  }
  std::optional<ListCursor> decoded = codec.Decode(cursor->get_string(), kind, binding);
  if (!decoded) {
    return InvalidCursor("invalid cursor: it is not a nextCursor this gateway gave for " +
                             std::string(ListMethod(kind)) +
                             " in this session; list again without a cursor",
                         request_id);
  }
  // A server the session no longer reaches is not asked again.
  for (ServerCursor& pending : decoded->pending) {
    if (std::find(connected.begin(), connected.end(), pending.server) != connected.end()) {
      calls.push_back({std::move(pending.server), std::move(pending.cursor)});
    }
  }
  return ListMerge(kind, std::move(calls), std::move(binding));
}

json::object ListMerge::UpstreamParams(size_t call) const {
  json::object params;
  if (calls_[call].cursor) params["cursor"] = *calls_[call].cursor;
  return params;
}

bool ListMerge::IsUsableKey(const json::value* key) const {
  if (key == nullptr || !key->is_string()) return false;
  std::string_view text = key->get_string();
  if (text.empty() || text.size() > MaxKeyBytes(kind_) || HasControlCharacter(text)) return false;
  return kind_ != ListKind::kResourceTemplates || IsUriTemplate(text);
}

void ListMerge::AddPage(size_t call, json::object result) {
  const std::string& server = calls_[call].server;
  std::string_view member = ListMember(kind_);
  json::value* items = result.if_contains(member);
  if (items == nullptr || !items->is_array()) {
    AddFailure(call, "its result has no \"" + std::string(member) + "\" array");
    return;
  }
  if (items->get_array().size() > kMaxItemsPerUpstreamPage) {
    AddFailure(call,
               "its page lists more than " + std::to_string(kMaxItemsPerUpstreamPage) + " items");
    return;
  }
  const json::value* next = result.if_contains("nextCursor");
  if (next != nullptr && !next->is_string()) {
    AddFailure(call, "its nextCursor is not a string");
    return;
  }
  if (next != nullptr && next->get_string().size() > kMaxUpstreamCursorBytes) {
    failures_.push_back({server, "its nextCursor is longer than " +
                                     std::to_string(kMaxUpstreamCursorBytes) +
                                     " bytes: the rest of its list is left out"});
  } else if (next != nullptr) {
    next_cursors_[call] = next->get_string();
  }
  pages_[call] = std::move(items->get_array());
  const json::array& page = *pages_[call];
  std::unordered_set<std::string_view> seen;
  for (size_t index = 0; index < page.size(); ++index) {
    const json::object* item = page[index].if_object();
    const json::value* key = item != nullptr ? item->if_contains(ListKeyMember(kind_)) : nullptr;
    if (!IsUsableKey(key) || !seen.insert(key->get_string()).second) {
      ++skipped_items_;
      continue;
    }
    entries_.push_back({call, index, std::nullopt});
  }
}

void ListMerge::AddFailure(size_t call, std::string reason) {
  failures_.push_back({calls_[call].server, std::move(reason)});
}

const json::object& ListMerge::Item(const ListEntry& entry) const {
  return (*pages_[entry.call])[entry.index].get_object();
}

std::string_view ListMerge::Key(const ListEntry& entry) const {
  return Item(entry).at(ListKeyMember(kind_)).get_string();
}

json::object ListMerge::Finish(const McpNames& names, const ListCursorCodec& codec) const {
  std::vector<size_t> order(entries_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return entries_[a].call < entries_[b].call; });
  json::array shown;
  for (size_t at : order) {
    const ListEntry& entry = entries_[at];
    if (!entry.shown()) continue;
    json::object item = Item(entry);
    json::value* name = item.if_contains("name");
    if (name != nullptr && name->is_string()) {
      *name = names.Present(Server(entry), name->get_string());
    }
    shown.push_back(std::move(item));
  }
  json::object result;
  result[ListMember(kind_)] = std::move(shown);
  ListCursor next{kind_, {}};
  for (size_t call = 0; call < calls_.size(); ++call) {
    if (pages_[call] && !next_cursors_[call].empty()) {
      next.pending.push_back({calls_[call].server, next_cursors_[call]});
    }
  }
  if (!next.pending.empty()) result["nextCursor"] = codec.Encode(next, binding_);
  return result;
}

}  // namespace portcullis::gateway::mcp
