// The policy outputs of one action, owned, for Decision::outputs: `[{"src": "<policy>#<rule>",
// "val": <value>}]` in evaluation order, values written as Cerbos writes them
// (output_value_json.h). An output whose expression failed, or whose value JSON cannot hold,
// is `{"src": ..., "error": "<why>"}`.
//
// Thread-safety: pure function.
#pragma once

#include <span>
#include <string_view>

#include <boost/json/array.hpp>

#include "policy/check.h"

namespace portcullis::pdp {

boost::json::array ActionOutputs(std::span<const policy::OutputEntry> outputs,
                                 std::string_view action);

}  // namespace portcullis::pdp
