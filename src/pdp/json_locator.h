// Finding where a JSON value or object key sits in the request text, for error messages in the
// style of Go's protojson ("(line 1:20)", runes counted from 1) that quote the offending token
// as written. Only used on the error path: it rescans the text.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace portcullis::pdp {

// A step from a JSON value to one of its children: an object key or an array index.
using JsonStep = std::variant<std::string_view, size_t>;

struct JsonTokenPlace {
  size_t line = 1;
  size_t column = 1;
  std::string_view token;  // the token as written: "\"x\"", "5", "{", "[", "null"...
};

// The first token of the value at `path` in `text` (REQUIRES: `text` is valid JSON holding that
// path), or, with `key_of_last` set, the key string naming its last step. nullopt when the path
// is not found (e.g. the text has duplicate keys).
std::optional<JsonTokenPlace> LocateJson(std::string_view text, const std::vector<JsonStep>& path,
                                         bool key_of_last = false);

}  // namespace portcullis::pdp
