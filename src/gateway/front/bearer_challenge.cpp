#include "gateway/front/bearer_challenge.h"

namespace portcullis::gateway::front {
namespace {

// Appends `, name="value"` (` name="value"` for the first parameter); nothing when empty.
void AppendParameter(std::string_view name, std::string_view value, bool& first, std::string& out) {
  if (value.empty()) return;
  out += first ? " " : ", ";
  first = false;
  out += name;
  out += "=\"";
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) continue;  // CTLs, DEL and non-ASCII bytes
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string FormatBearerChallenge(const BearerChallenge& challenge) {
  std::string out = "Bearer";
  bool first = true;
  AppendParameter("realm", challenge.realm, first, out);
  AppendParameter("scope", challenge.scope, first, out);
  AppendParameter("error", challenge.error, first, out);
  AppendParameter("error_description", challenge.error_description, first, out);
  AppendParameter("resource_metadata", challenge.resource_metadata, first, out);
  return out;
}

}  // namespace portcullis::gateway::front
