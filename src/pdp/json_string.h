// JSON string literals written exactly as Boost.JSON's serializer writes them (the escaping of
// every JSON answer Portcullis renders by hand): `"` and `\` escaped, control characters as \b \t
// \n \f \r or \u00xx (lowercase hex), every other byte (UTF-8 included) as it is. Unlike
// `boost::json::serialize`, it needs no serializer set-up and no intermediate strings, which
// matters on the per-request path.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace portcullis::pdp {

// Appends `text` to `out` as a quoted JSON string.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace portcullis::pdp
