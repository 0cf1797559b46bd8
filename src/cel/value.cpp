#include "cel/value.h"

#include <boost/json.hpp>

#include "cel/json_lookup.h"

namespace portcullis::cel {

namespace {

const std::string& EmptyString() {
  static const std::string empty;
  return empty;
}

// Numeric value of a map key for heterogeneous lookups; nullopt for non-numbers and for doubles
// that are not integral.
struct NumericKey {
  bool negative;
  uint64_t magnitude;
};

std::optional<NumericKey> AsNumericKey(const Value& v) {
  switch (v.kind()) {
    case Kind::kInt: {
      int64_t i = v.int_value();
      return NumericKey{i < 0, i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i)};
    }
    case Kind::kUint:
      return NumericKey{false, v.uint_value()};
    case Kind::kDouble: {
      // Only integral doubles within the int64/uint64 range equal an integer key.
      double d = v.double_value();
      if (!(d >= -9223372036854775808.0 && d < 18446744073709551616.0)) return std::nullopt;
      if (d < 0) {
        int64_t i = static_cast<int64_t>(d);
        if (static_cast<double>(i) != d) return std::nullopt;
        return NumericKey{true, uint64_t(0) - uint64_t(i)};
      }
      uint64_t u = static_cast<uint64_t>(d);
      if (static_cast<double>(u) != d) return std::nullopt;
      return NumericKey{false, u};
    }
    default:
      return std::nullopt;
  }
}

bool MapKeyEqual(const Value& a, const Value& b) {
  if (a.kind() == b.kind()) {
    switch (a.kind()) {
      case Kind::kBool:
        return a.bool_value() == b.bool_value();
      case Kind::kInt:
        return a.int_value() == b.int_value();
      case Kind::kUint:
        return a.uint_value() == b.uint_value();
      case Kind::kString:
        return a.str() == b.str();
      default:
        break;
    }
  }
  auto na = AsNumericKey(a), nb = AsNumericKey(b);
  if (!na || !nb) return false;
  if (na->magnitude == 0 && nb->magnitude == 0) return true;
  return na->negative == nb->negative && na->magnitude == nb->magnitude;
}

// Maps up to this size are scanned rather than indexed.
constexpr size_t kLinearScanMaxEntries = 16;

uint64_t MixBits(uint64_t x) {
  // The splitmix64 finalizer: spreads the bits of small integers over the whole word.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A hash consistent with MapKeyEqual (numerically equal keys hash alike); nullopt for values
// that equal no map key.
std::optional<size_t> MapKeyHash(const Value& v) {
  switch (v.kind()) {
    case Kind::kBool:
      return MixBits(v.bool_value() ? 0x5bd1e995u : 0x1b873593u);
    case Kind::kString:
      return std::hash<std::string_view>()(v.str());
    case Kind::kInt:
    case Kind::kUint:
    case Kind::kDouble: {
      auto numeric = AsNumericKey(v);
      if (!numeric) return std::nullopt;
      // Two's complement bits of the value: equal numbers give equal bits.
      uint64_t bits = numeric->negative ? uint64_t(0) - numeric->magnitude : numeric->magnitude;
      return MixBits(bits);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

Value Value::Int(int64_t i) noexcept {
  Value v(Kind::kInt);
  v.u_.i = i;
  return v;
}
Value Value::Uint(uint64_t u) noexcept {
  Value v(Kind::kUint);
  v.u_.u = u;
  return v;
}
Value Value::Double(double d) noexcept {
  Value v(Kind::kDouble);
  v.u_.d = d;
  return v;
}
Value Value::Timestamp(cel::Timestamp t) noexcept {
  Value v(Kind::kTimestamp);
  v.u_.t = {t.seconds, t.nanos};
  return v;
}
Value Value::Duration(cel::Duration d) noexcept {
  Value v(Kind::kDuration);
  v.u_.t = {d.seconds, d.nanos};
  return v;
}

Value Value::String(std::string s) {
  auto owned = std::make_shared<const std::string>(std::move(s));
  Value v(Kind::kString);
  v.u_.s = {owned->data(), owned->size()};
  v.owner_ = std::move(owned);
  return v;
}
Value Value::Bytes(std::string b) {
  auto owned = std::make_shared<const std::string>(std::move(b));
  Value v(Kind::kBytes);
  v.u_.s = {owned->data(), owned->size()};
  v.owner_ = std::move(owned);
  return v;
}
Value Value::BorrowedBytes(std::string_view b) noexcept {
  Value v(Kind::kBytes);
  v.u_.s = {b.data(), b.size()};
  v.borrowed_ = true;
  return v;
}

Value Value::List(ListElements elements) {
  auto owned = std::make_shared<const ListElements>(std::move(elements));
  Value v(Kind::kList);
  v.u_.json_array = nullptr;
  v.owner_ = std::move(owned);
  return v;
}

Value Value::Map(std::shared_ptr<const MapEntries> entries) {
  Value v(Kind::kMap);
  v.u_.json_object = nullptr;
  v.owner_ = std::move(entries);
  return v;
}

Value Value::FromJson(const boost::json::value& json) noexcept {
  switch (json.kind()) {
    case boost::json::kind::null:
      return Value();
    case boost::json::kind::bool_:
      return Bool(json.get_bool());
    case boost::json::kind::int64:
      return Double(static_cast<double>(json.get_int64()));
    case boost::json::kind::uint64:
      return Double(static_cast<double>(json.get_uint64()));
    case boost::json::kind::double_:
      return Double(json.get_double());
    case boost::json::kind::string: {
      const auto& s = json.get_string();
      return BorrowedString(std::string_view(s.data(), s.size()));
    }
    case boost::json::kind::array: {
      Value v(Kind::kList);
      v.u_.json_array = &json.get_array();
      v.borrowed_ = true;
      return v;
    }
    case boost::json::kind::object: {
      Value v(Kind::kMap);
      v.u_.json_object = &json.get_object();
      v.borrowed_ = true;
      return v;
    }
  }
  return Value();
}

Value Value::Type(std::string_view static_name) noexcept {
  Value v(Kind::kType);
  v.u_.s = {static_name.data(), static_name.size()};
  return v;
}

Value Value::OptionalNone() {
  Value v(Kind::kOptional);
  return v;
}

Value Value::OptionalOf(Value inner) {
  Value v(Kind::kOptional);
  v.owner_ = std::make_shared<const Value>(std::move(inner));
  return v;
}

Value Value::Error(std::string message) {
  Value v(Kind::kError);
  v.owner_ = std::make_shared<const std::string>(std::move(message));
  return v;
}

Value Value::Unknown(UnknownSet set) {
  Value v(Kind::kUnknown);
  v.owner_ = std::make_shared<const UnknownSet>(std::move(set));
  return v;
}

const std::string& Value::error_message() const noexcept {
  if (kind_ != Kind::kError || !owner_) return EmptyString();
  return *static_cast<const std::string*>(owner_.get());
}

const UnknownSet& Value::unknown_set() const noexcept {
  static const UnknownSet empty;
  if (kind_ != Kind::kUnknown || !owner_) return empty;
  return *static_cast<const UnknownSet*>(owner_.get());
}

bool Value::optional_has_value() const noexcept {
  return kind_ == Kind::kOptional && owner_;
}

const Value& Value::optional_value() const noexcept {
  return *static_cast<const Value*>(owner_.get());
}

size_t Value::list_size() const noexcept {
  if (borrowed_) return u_.json_array->size();
  return static_cast<const ListElements*>(owner_.get())->size();
}

Value Value::list_at(size_t i) const noexcept {
  if (borrowed_) return FromJson((*u_.json_array)[i]);
  return (*static_cast<const ListElements*>(owner_.get()))[i];
}

size_t Value::map_size() const noexcept {
  if (borrowed_) return u_.json_object->size();
  return static_cast<const MapEntries*>(owner_.get())->entries.size();
}

Value Value::map_key_at(size_t i) const noexcept {
  if (borrowed_) {
    const auto& key = (u_.json_object->begin() + i)->key();
    return BorrowedString(std::string_view(key.data(), key.size()));
  }
  return static_cast<const MapEntries*>(owner_.get())->entries[i].first;
}

Value Value::map_value_at(size_t i) const noexcept {
  if (borrowed_) return FromJson((u_.json_object->begin() + i)->value());
  return static_cast<const MapEntries*>(owner_.get())->entries[i].second;
}

std::optional<Value> Value::map_find(const Value& key) const {
  if (borrowed_) {
    if (key.kind() != Kind::kString) return std::nullopt;
    return map_find_string(key.str());
  }
  const auto* entries = static_cast<const MapEntries*>(owner_.get());
  if (auto index = entries->find(key)) return entries->entries[*index].second;
  return std::nullopt;
}

std::optional<Value> Value::map_find_string(std::string_view key) const {
  if (borrowed_) {
    const boost::json::value* found = detail::FindJsonField(*u_.json_object, key);
    if (!found) return std::nullopt;
    return FromJson(*found);
  }
  const auto* entries = static_cast<const MapEntries*>(owner_.get());
  if (auto index = entries->find(BorrowedString(key))) return entries->entries[*index].second;
  return std::nullopt;
}

Value Value::own() const {
  switch (kind_) {
    case Kind::kString:
      return borrowed_ ? String(std::string(str())) : *this;
    case Kind::kBytes:
      return borrowed_ ? Bytes(std::string(str())) : *this;
    case Kind::kList: {
      ListElements elements;
      size_t n = list_size();
      elements.reserve(n);
      for (size_t i = 0; i < n; ++i) elements.push_back(list_at(i).own());
      return List(std::move(elements));
    }
    case Kind::kMap: {
      auto entries = std::make_shared<MapEntries>();
      size_t n = map_size();
      entries->entries.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        entries->entries.emplace_back(map_key_at(i).own(), map_value_at(i).own());
      }
      return Map(std::move(entries));
    }
    case Kind::kOptional:
      return optional_has_value() ? OptionalOf(optional_value().own()) : *this;
    default:
      return *this;
  }
}

std::optional<size_t> MapEntries::find(const Value& key) const {
  size_t size = entries.size();
  if (size <= kLinearScanMaxEntries) {
    for (size_t i = 0; i < size; ++i) {
      if (MapKeyEqual(entries[i].first, key)) return i;
    }
    return std::nullopt;
  }
  auto hash = MapKeyHash(key);
  if (!hash) return std::nullopt;  // not a key kind, or a double no integer equals
  if (indexed_.load(std::memory_order_acquire) != size) ExtendIndex();
  size_t mask = slots_.size() - 1;
  for (size_t slot = *hash & mask;; slot = (slot + 1) & mask) {
    uint32_t position = slots_[slot];
    if (position == 0) return std::nullopt;
    if (MapKeyEqual(entries[position - 1].first, key)) return position - 1;
  }
}

void MapEntries::ExtendIndex() const {
  std::lock_guard lock(index_mutex_);
  size_t done = indexed_.load(std::memory_order_relaxed);
  size_t size = entries.size();
  if (done == size) return;
  // Keep the table at most half full; grow by doubling so that a map built one entry at a
  // time is re-indexed O(log n) times. (Shrunk entries, against the rules, are re-indexed.)
  if (slots_.size() < 2 * size || done > size) {
    size_t capacity = 64;
    while (capacity < 4 * size) capacity *= 2;
    slots_.assign(capacity, 0);
    done = 0;
  }
  size_t mask = slots_.size() - 1;
  for (size_t i = done; i < size; ++i) {
    auto hash = MapKeyHash(entries[i].first);
    if (!hash) continue;  // an invalid key: never found, as with the linear scan
    size_t slot = *hash & mask;
    // A repeated key keeps its first position, as the linear scan would.
    bool repeated = false;
    while (slots_[slot] != 0 && !repeated) {
      repeated = MapKeyEqual(entries[slots_[slot] - 1].first, entries[i].first);
      slot = (slot + 1) & mask;
    }
    if (!repeated) slots_[slot] = static_cast<uint32_t>(i + 1);
  }
  indexed_.store(size, std::memory_order_release);
}

std::string_view TypeNameOf(const Value& v) noexcept {
  switch (v.kind()) {
    case Kind::kNull:
      return type_names::kNull;
    case Kind::kBool:
      return type_names::kBool;
    case Kind::kInt:
      return type_names::kInt;
    case Kind::kUint:
      return type_names::kUint;
    case Kind::kDouble:
      return type_names::kDouble;
    case Kind::kString:
      return type_names::kString;
    case Kind::kBytes:
      return type_names::kBytes;
    case Kind::kList:
      return type_names::kList;
    case Kind::kMap:
      return type_names::kMap;
    case Kind::kTimestamp:
      return type_names::kTimestamp;
    case Kind::kDuration:
      return type_names::kDuration;
    case Kind::kType:
      return type_names::kType;
    case Kind::kOptional:
      return type_names::kOptional;
    case Kind::kError:
      return "error";
    case Kind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace portcullis::cel
