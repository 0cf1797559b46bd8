// How a verified token's claims become a Principal, as configured:
//
//   id            claim path of the principal id (default `sub`); must be a non-empty string.
//   roles         claim path of the roles (e.g. `roles`, `realm_access.roles`): a string (one
//                 role) or an array of strings; empty path: no roles from the token.
//   default_roles the roles when the token gives none (Cerbos needs at least one to match rules).
//   attr          attribute name → claim path; each claim present is copied into `P.attr` as is.
//   on_behalf_of  claim path of the user the principal acts for; empty path: none. It lands in
//                 Principal::on_behalf_of and in `P.attr[on_behalf_of_attr]`.
//
// On RFC 8693 delegation tokens: `sub` is the subject the token is about and `act.sub` the party
// acting for it (the "actor"). When agents present such tokens, map `id: act.sub` and
// `on_behalf_of: sub`; when the agent is the subject and the user is carried in another claim,
// map that claim instead. Both are plain claim paths here.
//
// Thread-safety: a ClaimMapping is immutable; Map may be called concurrently.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "identity/auth_error.h"
#include "identity/claim_path.h"
#include "identity/principal.h"

namespace portcullis::identity {

struct ClaimMappingSpec {
  std::string id = "sub";
  std::string roles;
  std::vector<std::string> default_roles;
  std::vector<std::pair<std::string, std::string>> attr;  // attribute name, claim path
  std::string on_behalf_of;
  std::string on_behalf_of_attr = "on_behalf_of";
};

class ClaimMapping {
 public:
  // The mapping `spec` describes, or what is wrong with it (a bad claim path, an empty or
  // repeated attribute name, an empty default role).
  static std::variant<ClaimMapping, std::string> Create(const ClaimMappingSpec& spec);

  // The principal `claims` describe; kMissingPrincipalClaim when the id claim is absent, empty or
  // not a string; kInvalidPrincipalClaim when the roles claim is neither a string nor an array of
  // strings, or the on-behalf-of claim is not a non-empty string.
  std::variant<Principal, AuthError> Map(const boost::json::object& claims) const;

 private:
  explicit ClaimMapping(ClaimPath id) : id_(std::move(id)) {}

  ClaimPath id_;
  std::optional<ClaimPath> roles_;
  std::vector<std::string> default_roles_;
  std::vector<std::pair<std::string, ClaimPath>> attr_;
  std::optional<ClaimPath> on_behalf_of_;
  std::string on_behalf_of_attr_;
};

}  // namespace portcullis::identity
