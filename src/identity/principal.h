// Who a request comes from, once authenticated: the principal the policy engine decides for. The
// fields are the ones the engine's policy::PrincipalInput views (id, each role as a string_view,
// a pointer to `attr`), so a Principal feeds a check without conversion or copy.
//
// Thread-safety: a plain value.
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace portcullis::identity {

struct Principal {
  std::string id;
  std::vector<std::string> roles;
  // Always a JSON object (`P.attr` in conditions).
  boost::json::value attr = boost::json::object();
  // The user the principal acts for, when it acts for one (also in `attr`, under the name the
  // claim mapping gives it); empty otherwise.
  std::string on_behalf_of;
};

// The principal in the shape of a Cerbos request's principal: {"id", "roles", "attr"}.
boost::json::value PrincipalToJson(const Principal& principal);

}  // namespace portcullis::identity
