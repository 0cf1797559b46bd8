// Step 2 of reading a CheckResources request: the checks protobuf JSON decoding makes (Go's
// protojson, as Cerbos uses it): unknown fields and values of the wrong JSON type, reported for
// the first problem in document order with Cerbos's message.
//
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string_view>

#include <boost/json/value.hpp>

#include "pdp/cerbos_json.h"

namespace portcullis::pdp {

// `text` is the document's source, for line:column in messages; empty when unknown.
std::optional<ApiError> DecodeCheckResourcesRequest(const boost::json::value& document,
                                                    std::string_view text);

}  // namespace portcullis::pdp
