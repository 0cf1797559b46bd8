#include "identity/principal.h"

namespace portcullis::identity {

boost::json::value PrincipalToJson(const Principal& principal) {
  boost::json::array roles;
  for (const std::string& role : principal.roles) roles.emplace_back(role);
  return boost::json::object{
      {"id", principal.id}, {"roles", std::move(roles)}, {"attr", principal.attr}};
}

}  // namespace portcullis::identity
