#include "policy/policy_set.h"

namespace portcullis::policy {

size_t PolicySet::KeyHash::operator()(const KeyView& k) const noexcept {
  std::hash<std::string_view> h;
  size_t seed = h(k.a);
  seed ^= h(k.b) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= h(k.c) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}

const compiled::ResourcePolicy* PolicySet::FindResourcePolicy(std::string_view kind,
                                                              std::string_view version,
                                                              std::string_view scope) const {
  auto it = resource_index_.find(KeyView{kind, version, scope});
  return it == resource_index_.end() ? nullptr : it->second;
}

const compiled::PrincipalPolicy* PolicySet::FindPrincipalPolicy(std::string_view principal,
                                                                std::string_view version,
                                                                std::string_view scope) const {
  auto it = principal_index_.find(KeyView{principal, version, scope});
  return it == principal_index_.end() ? nullptr : it->second;
}

const compiled::RolePolicy* PolicySet::FindRolePolicy(std::string_view role,
                                                      std::string_view version,
                                                      std::string_view scope) const {
  auto it = role_index_.find(KeyView{role, version, scope});
  return it == role_index_.end() ? nullptr : it->second;
}

const PolicySet::ScopeInfo* PolicySet::FindScope(std::string_view scope) const {
  auto it = scopes_.find(scope);
  return it == scopes_.end() ? nullptr : &it->second;
}

}  // namespace portcullis::policy
