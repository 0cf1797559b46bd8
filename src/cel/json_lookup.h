// Field lookup in parsed JSON objects, tuned for the small objects request attributes are, and
// string lookup in JSON arrays (role and tag lists). Private to cel/. Thread-safe (reads only;
// hints are relaxed atomics).
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace portcullis::cel::detail {

// The value of `key` in `object`, or null when absent. REQUIRES: the result is used while
// `object` is alive and unmodified.
const boost::json::value* FindJsonField(const boost::json::object& object, std::string_view key);

// Whether `array` has an element that is the string `text`. Elements of other kinds are
// skipped (only a string equals a string), without making a Value of each.
bool JsonArrayHasString(const boost::json::array& array, std::string_view text);

// Where a field selection found its key last time. Requests from one client repeat their key
// order, so trying that position first turns most lookups into one comparison. Shared by the
// threads evaluating a program: a stale or racing hint only costs the scan, and it is written
// only when it missed, so a steady stream of same-shaped requests reads it without contention.
class FieldPositionHint {
 public:
  FieldPositionHint() = default;
  FieldPositionHint(const FieldPositionHint& other) noexcept
      : position_(other.position_.load(std::memory_order_relaxed)) {}
  FieldPositionHint& operator=(const FieldPositionHint& other) noexcept {
    position_.store(other.position_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    return *this;
  }

  // As FindJsonField, trying the remembered position first.
  const boost::json::value* Find(const boost::json::object& object, std::string_view key) const;

 private:
  mutable std::atomic<uint32_t> position_{0};
};

}  // namespace portcullis::cel::detail
