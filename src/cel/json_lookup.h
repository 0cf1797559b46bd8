// Field lookup in parsed JSON objects, tuned for the small objects request attributes are.
// Private to cel/. Thread-safe (reads only).
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

namespace portcullis::cel::detail {

// The value of `key` in `object`, or null when absent. REQUIRES: the result is used while
// `object` is alive and unmodified.
const boost::json::value* FindJsonField(const boost::json::object& object, std::string_view key);

}  // namespace portcullis::cel::detail
