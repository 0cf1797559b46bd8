#include "cel/json_lookup.h"

#include <cstring>

namespace portcullis::cel::detail {

namespace {

template <typename Word>
Word Load(const char* p) {
  Word word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// Keys and list elements are short: compare them a word at a time, the tail by an overlapping
// load (both loads stay inside the strings), without the call to an out-of-line memcmp.
bool SameText(boost::json::string_view a, std::string_view b) {
  size_t n = b.size();
  if (a.size() != n) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (Load<uint64_t>(x + i) != Load<uint64_t>(y + i)) return false;
    }
    return Load<uint64_t>(x + n - 8) == Load<uint64_t>(y + n - 8);
  }
  if (n >= 4) {
    return Load<uint32_t>(x) == Load<uint32_t>(y) &&
           Load<uint32_t>(x + n - 4) == Load<uint32_t>(y + n - 4);
  }
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

}  // namespace

// Objects up to this size are scanned; larger ones use the object's hash index.
constexpr size_t kScanLimit = 16;

const boost::json::value* FindJsonField(const boost::json::object& object, std::string_view key) {
  // boost::json::object::find lives in the shared library and hashes the key first; scanning
  // is faster for the handful of keys request attributes have.
  if (object.size() <= kScanLimit) {
    for (const boost::json::key_value_pair& entry : object) {
      if (SameText(entry.key(), key)) return &entry.value();
    }
    return nullptr;
  }
  auto it = object.find(boost::json::string_view(key.data(), key.size()));
  return it == object.end() ? nullptr : &it->value();
}

bool JsonArrayHasString(const boost::json::array& array, std::string_view text) {
  for (const boost::json::value& element : array) {
    const boost::json::string* string = element.if_string();
    if (string && SameText(*string, text)) return true;
  }
  return false;
}

const boost::json::value* FieldPositionHint::Find(const boost::json::object& object,
                                                  std::string_view key) const {
  const boost::json::key_value_pair* entries = object.begin();
  uint32_t hinted = position_.load(std::memory_order_relaxed);
  if (hinted < object.size() && SameText(entries[hinted].key(), key)) {
    return &entries[hinted].value();
  }
  if (object.size() > kScanLimit) return FindJsonField(object, key);
  for (uint32_t i = 0; i < object.size(); ++i) {
    if (SameText(entries[i].key(), key)) {
      position_.store(i, std::memory_order_relaxed);
      return &entries[i].value();
    }
  }
  return nullptr;
}

}  // namespace portcullis::cel::detail
