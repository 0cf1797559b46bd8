#include "policy/action_index.h"

#include <algorithm>

#include "policy/wildcard.h"

namespace portcullis::policy {
namespace {

void AppendUnique(std::vector<uint32_t>& rules, uint32_t rule) {
  if (rules.empty() || rules.back() != rule) rules.push_back(rule);
}

}  // namespace

void ActionIndex::Add(std::string_view pattern, uint32_t rule) {
  if (IsWildcardPattern(pattern)) {
    patterns_.emplace_back(std::string(pattern), rule);
  } else {
    AppendUnique(literal_[std::string(pattern)], rule);
  }
}

void ActionIndex::Finish() {
  for (auto& [action, rules] : literal_) {
    for (const auto& [pattern, rule] : patterns_) {
      if (WildcardMatches(pattern, action)) rules.push_back(rule);
    }
    std::sort(rules.begin(), rules.end());
  }
}

std::span<const uint32_t> ActionIndex::Match(std::string_view action,
                                             std::vector<uint32_t>& scratch) const {
  if (auto it = literal_.find(action); it != literal_.end()) return it->second;
  scratch.clear();
  for (const auto& [pattern, rule] : patterns_) {
    if (WildcardMatches(pattern, action)) scratch.push_back(rule);
  }
  return scratch;
}

}  // namespace portcullis::policy
