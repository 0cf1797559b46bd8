// Step 3 of reading a CheckResources request: the buf.validate rules of Cerbos's request protos
// (cerbos.request.v1.CheckResourcesRequest, cerbos.engine.v1.Principal / Resource), every
// violation reported in field order, with Cerbos's message and `details`.
//
// Thread-safety: pure function.
#pragma once

#include <optional>

#include <boost/json/object.hpp>

#include "pdp/cerbos_json.h"

namespace portcullis::pdp {

// REQUIRES: `request` passed DecodeCheckResourcesRequest.
std::optional<ApiError> ValidateCheckResourcesRequest(const boost::json::object& request);

}  // namespace portcullis::pdp
