#include "identity/claim_mapping.h"

#include <algorithm>

namespace portcullis::identity {
namespace {

// The path `text` spells, into `path`; an error message otherwise.
std::string ParseInto(std::string_view text, std::optional<ClaimPath>& path) {
  std::variant<ClaimPath, std::string> parsed = ClaimPath::Parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) return std::move(*error);
  path = std::move(std::get<ClaimPath>(parsed));
  return {};
}

void AddRole(std::vector<std::string>& roles, std::string_view role) {
  if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.emplace_back(role);
}

// The roles in `value`: a non-empty string, or an array of them; nullopt for anything else.
std::optional<std::vector<std::string>> RolesOf(const boost::json::value& value) {
  std::vector<std::string> roles;
  if (const boost::json::string* role = value.if_string()) {
    if (role->empty()) return std::nullopt;
    roles.emplace_back(*role);
    return roles;
  }
  const boost::json::array* list = value.if_array();
  if (list == nullptr) return std::nullopt;
  for (const boost::json::value& entry : *list) {
    const boost::json::string* role = entry.if_string();
    if (role == nullptr || role->empty()) return std::nullopt;
    AddRole(roles, *role);
  }
  return roles;
}

}  // namespace

std::variant<ClaimMapping, std::string> ClaimMapping::Create(const ClaimMappingSpec& spec) {
  std::optional<ClaimPath> id;
  std::string error = ParseInto(spec.id, id);
  if (!error.empty()) return "id: " + error;
  ClaimMapping mapping(std::move(*id));
  if (!spec.roles.empty()) {
    error = ParseInto(spec.roles, mapping.roles_);
    if (!error.empty()) return "roles: " + error;
  }
  for (const std::string& role : spec.default_roles) {
    if (role.empty()) return "default_roles: an empty role";
    AddRole(mapping.default_roles_, role);
  }
  std::vector<std::string> names;
  if (!spec.on_behalf_of.empty()) {
    error = ParseInto(spec.on_behalf_of, mapping.on_behalf_of_);
    if (!error.empty()) return "on_behalf_of: " + error;
    if (spec.on_behalf_of_attr.empty()) return "on_behalf_of_attr: an empty attribute name";
    mapping.on_behalf_of_attr_ = spec.on_behalf_of_attr;
    names.push_back(spec.on_behalf_of_attr);
  }
  for (const auto& [name, path_text] : spec.attr) {
    if (name.empty()) return "attr: an empty attribute name";
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return "attr: '" + name + "' is mapped twice";
    }
    names.push_back(name);
    std::optional<ClaimPath> path;
    error = ParseInto(path_text, path);
    if (!error.empty()) return "attr." + name + ": " + error;
    mapping.attr_.emplace_back(name, std::move(*path));
  }
  return mapping;
}

std::variant<Principal, AuthError> ClaimMapping::Map(const boost::json::object& claims) const {
  Principal principal;
  const boost::json::value* id = id_.Find(claims);
  if (id == nullptr || !id->is_string() || id->get_string().empty()) {
    return AuthError::kMissingPrincipalClaim;
  }
  principal.id = id->get_string();

  if (const boost::json::value* roles = roles_ ? roles_->Find(claims) : nullptr) {
    std::optional<std::vector<std::string>> listed = RolesOf(*roles);
    if (!listed) return AuthError::kInvalidPrincipalClaim;
    principal.roles = std::move(*listed);
  }
  if (principal.roles.empty()) principal.roles = default_roles_;

  boost::json::object& attr = principal.attr.as_object();
  for (const auto& [name, path] : attr_) {
    if (const boost::json::value* value = path.Find(claims)) attr[name] = *value;
  }
  if (const boost::json::value* user = on_behalf_of_ ? on_behalf_of_->Find(claims) : nullptr) {
    if (!user->is_string() || user->get_string().empty()) return AuthError::kInvalidPrincipalClaim;
    principal.on_behalf_of = user->get_string();
    attr[on_behalf_of_attr_] = principal.on_behalf_of;
  }
  return principal;
}

}  // namespace portcullis::identity
