#include "cel/json_lookup.h"

namespace portcullis::cel::detail {

namespace {

bool SameKey(boost::json::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  // Keys are short: a plain loop beats an out-of-line memcmp call.
  for (size_t i = 0; i < b.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

const boost::json::value* FindJsonField(const boost::json::object& object, std::string_view key) {
  // boost::json::object::find lives in the shared library and hashes the key first; scanning
  // is faster for the handful of keys request attributes have.
  constexpr size_t kScanLimit = 16;
  if (object.size() <= kScanLimit) {
    for (const boost::json::key_value_pair& entry : object) {
      if (SameKey(entry.key(), key)) return &entry.value();
    }
    return nullptr;
  }
  auto it = object.find(boost::json::string_view(key.data(), key.size()));
  return it == object.end() ? nullptr : &it->value();
}

}  // namespace portcullis::cel::detail
