// A path to a claim inside a token's claims: names separated by dots, each name bare or in double
// quotes when it contains a dot itself:
//
//   sub    realm_access.roles    act.sub    "https://example.com/roles"    app."x.y".id
//
// Thread-safety: immutable; share freely.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace portcullis::identity {

class ClaimPath {
 public:
  // The path `text` spells, or why it is not one (empty, an empty name, an unclosed quote, a
  // quote inside a bare name).
  static std::variant<ClaimPath, std::string> Parse(std::string_view text);

  // The value at this path in `claims`, or null when some name on the way is missing or its
  // parent is not an object.
  const boost::json::value* Find(const boost::json::object& claims) const;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> names_;
};

}  // namespace portcullis::identity
