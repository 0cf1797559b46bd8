#include "identity/jwk_set_slot.h"

namespace portcullis::identity {

std::optional<std::string> JwkSetSlot::ReplaceWithDocument(std::string_view json) {
  std::variant<JwkSet, std::string> parsed = JwkSet::Parse(json);
  if (auto* error = std::get_if<std::string>(&parsed)) return std::move(*error);
  Replace(std::make_shared<const JwkSet>(std::move(std::get<JwkSet>(parsed))));
  return std::nullopt;
}

}  // namespace portcullis::identity
