// CEL values as JSON, the way Cerbos renders output values (CEL → google.protobuf.Value): numbers
// (int, uint, double) become JSON numbers, strings stay strings, bytes become base64 strings,
// timestamps RFC 3339 strings, durations seconds strings ("1.5s"), lists arrays, maps objects
// (keys rendered as strings), null null.
//
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "cel/value.h"

namespace portcullis::policy {

// The JSON form of `value`, or nullopt for values JSON cannot hold (errors, unknowns, types,
// optionals), which Cerbos also fails to convert.
std::optional<boost::json::value> ValueToJson(const cel::Value& value);

}  // namespace portcullis::policy
