#include "identity/claim_path.h"

#include <algorithm>

namespace portcullis::identity {

std::variant<ClaimPath, std::string> ClaimPath::Parse(std::string_view text) {
  ClaimPath path;
  path.text_ = std::string(text);
  const std::string where = "claim path '" + path.text_ + "': ";
  size_t at = 0;
  while (true) {
    std::string name;
    if (at < text.size() && text[at] == '"') {
      size_t close = text.find('"', at + 1);
      if (close == std::string_view::npos) return where + "a quote is not closed";
      name = text.substr(at + 1, close - at - 1);
      at = close + 1;
      if (at < text.size() && text[at] != '.') return where + "a quoted name is followed by no dot";
    } else {
      size_t dot = std::min(text.find('.', at), text.size());
      name = text.substr(at, dot - at);
      if (name.find('"') != std::string::npos) return where + "a quote inside a name";
      at = dot;
    }
    if (name.empty()) return where + "an empty name";
    path.names_.push_back(std::move(name));
    if (at == text.size()) return path;
    ++at;  // the dot
  }
}

const boost::json::value* ClaimPath::Find(const boost::json::object& claims) const {
  const boost::json::object* parent = &claims;
  const boost::json::value* value = nullptr;
  for (const std::string& name : names_) {
    if (parent == nullptr) return nullptr;
    value = parent->if_contains(name);
    if (value == nullptr) return nullptr;
    parent = value->if_object();
  }
  return value;
}

}  // namespace portcullis::identity
