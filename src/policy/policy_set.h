// A compiled, immutable snapshot of a policy directory: every policy compiled (compiled_policy.h)
// and indexed for O(1) lookup — resource policies by (kind, version, scope), principal policies by
// (principal id, version, scope), role policies by (role, version, scope) — plus what the scope
// walk needs per scope. Built by CompilePolicies (compiler.h); evaluated by Engine (engine.h).
//
// Thread-safety: immutable after construction; share it as shared_ptr<const PolicySet> and read
// it from any number of threads without locks. A reload builds a new PolicySet and swaps the
// pointer; checks running on the old one keep it alive through their shared_ptr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "policy/compiled_policy.h"
#include "policy/engine_options.h"

namespace portcullis::policy {

class PolicySet {
 public:
  // What the engine needs to know about one scope (over all policies in it).
  struct ScopeInfo {
    bool has_resource_policies = false;  // resource or role policies
    bool has_principal_policies = false;
    // The versions of the principal policies in the scope (of any principal).
    std::vector<std::string> principal_versions;
    // As Cerbos applies it: the setting of the last resource/principal policy in the scope
    // (unset = override parent); kUnspecified when the scope has only role policies.
    ScopePermissions permissions = ScopePermissions::kUnspecified;
    std::vector<const compiled::RolePolicy*> role_policies;  // of every version
    // Role -> all its ancestors through the parentRoles of the role policies in this scope (of
    // any version: Cerbos resolves parent roles by scope alone).
    std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>>
        role_ancestors;
  };

  PolicySet(const PolicySet&) = delete;
  PolicySet& operator=(const PolicySet&) = delete;

  const EngineOptions& options() const { return options_; }
  // `globals` as a JSON object (viewed by CEL without copying).
  const boost::json::value& globals() const { return globals_; }

  // REQUIRES for all lookups: `kind` sanitized as SanitizePolicyName does.
  const compiled::ResourcePolicy* FindResourcePolicy(std::string_view kind,
                                                     std::string_view version,
                                                     std::string_view scope) const;
  const compiled::PrincipalPolicy* FindPrincipalPolicy(std::string_view principal,
                                                       std::string_view version,
                                                       std::string_view scope) const;
  const compiled::RolePolicy* FindRolePolicy(std::string_view role, std::string_view version,
                                             std::string_view scope) const;
  // Null when no policy has this scope.
  const ScopeInfo* FindScope(std::string_view scope) const;

  // Number of memo slots the engine needs per request (see compiled_policy.h).
  uint32_t variable_slots() const { return variable_slots_; }
  uint32_t condition_slots() const { return condition_slots_; }
  uint32_t derived_role_slots() const { return derived_role_slots_; }

  size_t resource_policy_count() const { return resource_policies_.size(); }
  size_t principal_policy_count() const { return principal_policies_.size(); }
  size_t role_policy_count() const { return role_policies_.size(); }

 private:
  friend class PolicySetBuilder;  // compiler.cpp
  PolicySet() = default;

  // Keys of up to three strings, looked up with string_views.
  struct Key {
    std::string a, b, c;
  };
  struct KeyView {
    std::string_view a, b, c;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const KeyView& k) const noexcept;
    size_t operator()(const Key& k) const noexcept { return (*this)(KeyView{k.a, k.b, k.c}); }
  };
  struct KeyEqual {
    using is_transparent = void;
    static KeyView View(const Key& k) { return {k.a, k.b, k.c}; }
    static KeyView View(const KeyView& k) { return k; }
    template <typename L, typename R>
    bool operator()(const L& l, const R& r) const noexcept {
      KeyView x = View(l), y = View(r);
      return x.a == y.a && x.b == y.b && x.c == y.c;
    }
  };
  template <typename T>
  using KeyMap = std::unordered_map<Key, const T*, KeyHash, KeyEqual>;

  EngineOptions options_;
  boost::json::value globals_ = boost::json::object();

  std::vector<std::unique_ptr<compiled::DerivedRoleSet>> derived_role_sets_;
  std::vector<std::unique_ptr<compiled::ResourcePolicy>> resource_policies_;
  std::vector<std::unique_ptr<compiled::PrincipalPolicy>> principal_policies_;
  std::vector<std::unique_ptr<compiled::RolePolicy>> role_policies_;

  KeyMap<compiled::ResourcePolicy> resource_index_;
  KeyMap<compiled::PrincipalPolicy> principal_index_;
  KeyMap<compiled::RolePolicy> role_index_;
  std::unordered_map<std::string, ScopeInfo, StringHash, std::equal_to<>> scopes_;

  uint32_t variable_slots_ = 0;
  uint32_t condition_slots_ = 0;
  uint32_t derived_role_slots_ = 0;
};

}  // namespace portcullis::policy
