// The protobuf JSON form of `cel.expr.Value` and `cel.expr.ExprValue`, exactly as the CEL
// conformance test data writes them: {"int64Value":"1"}, {"uint64Value":"1"},
// {"doubleValue":1.5}, {"stringValue":"a"}, {"bytesValue":"<base64>"}, {"boolValue":true},
// {"nullValue":null}, {"listValue":{"values":[...]}}, {"mapValue":{"entries":[{"key":V,
// "value":V}]}}, {"typeValue":"int"}, and timestamps/durations as {"objectValue":{"@type":
// "type.googleapis.com/google.protobuf.Timestamp","value":"2009-02-13T23:31:30Z"}}.
//
// Used by `portcullis cel eval` and the conformance runner. Thread-safe, no shared state.
#pragma once

#include <string>
#include <variant>

#include <boost/json/fwd.hpp>

#include "cel/value.h"

namespace portcullis::cel {

// Parses a `cel.expr.Value` JSON object into an owned Value, or returns an error message.
std::variant<Value, std::string> ValueFromProtoJson(const boost::json::value& json);

// Parses a `cel.expr.ExprValue` ({"value": V} | {"error": {...}} | {"unknown": {...}}).
std::variant<Value, std::string> ExprValueFromProtoJson(const boost::json::value& json);

// Renders a Value as `cel.expr.Value` JSON. REQUIRES: not an error or unknown; optionals are
// rendered as {"objectValue":{"@type":"type.googleapis.com/cel.expr.conformance...."}}-free
// form: an optional's contents are not representable in cel.expr.Value, so callers report
// them as errors.
boost::json::value ValueToProtoJson(const Value& value);

}  // namespace portcullis::cel
