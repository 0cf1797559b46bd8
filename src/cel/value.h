// A CEL runtime value.
//
// Value is a small (40-byte) tagged value. Scalars (null, bool, int, uint, double, timestamp,
// duration, type) live inline and never allocate. Strings, bytes, lists and maps are either
// *borrowed* — a view into memory that outlives the evaluation (the request's parsed
// Boost.JSON document, or a constant of the compiled program) — or *owned* through a shared,
// immutable heap block. Borrowing is what lets an evaluation read request attributes straight
// from the parsed JSON without copying them into a second tree.
//
// Thread-safety: a Value is immutable; copies may be read from any thread. A borrowed Value is
// valid only while the memory it views is alive (REQUIRES: the JSON document or Program that
// produced it outlives it). Use Value::own() to detach a value from borrowed memory.
//
// JSON mapping (as Cerbos, whose attributes are protobuf Structs): JSON numbers are doubles,
// strings are strings, arrays are lists, objects are maps with string keys, null is null.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace boost::json {
class value;
class array;
class object;
}  // namespace boost::json

namespace portcullis::cel {

enum class Kind : uint8_t {
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kList,
  kMap,
  kTimestamp,
  kDuration,
  kType,
  kOptional,
  kError,
  kUnknown,
};

// Seconds and nanoseconds since the Unix epoch (UTC). Valid range: years 0001..9999.
struct Timestamp {
  int64_t seconds = 0;
  int32_t nanos = 0;  // 0..999'999'999
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// A signed span of time; seconds and nanos carry the same sign. Valid range: what fits in int64
// nanoseconds (about ±292 years), as in cel-go.
struct Duration {
  int64_t seconds = 0;
  int32_t nanos = 0;  // -999'999'999..999'999'999
  friend bool operator==(const Duration&, const Duration&) = default;
};

class Value;
struct MapEntries;

// Owned list storage.
using ListElements = std::vector<Value>;

// An attribute path that could not be resolved because it was declared unknown, e.g.
// "request.resource.attr.args". An unknown value carries the set of such paths it depends on.
struct UnknownSet {
  std::vector<std::string> attributes;  // sorted, unique
};

class Value {
 public:
  // null
  Value() noexcept : kind_(Kind::kNull) { u_.i = 0; }

  static Value Null() noexcept { return Value(); }
  static Value Bool(bool b) noexcept;
  static Value Int(int64_t i) noexcept;
  static Value Uint(uint64_t u) noexcept;
  static Value Double(double d) noexcept;
  static Value Timestamp(cel::Timestamp t) noexcept;
  static Value Duration(cel::Duration d) noexcept;

  // Owned copies.
  static Value String(std::string s);
  static Value Bytes(std::string b);
  // Borrowed views: REQUIRES the viewed characters outlive every copy of the returned Value.
  static Value BorrowedString(std::string_view s) noexcept;
  static Value BorrowedBytes(std::string_view b) noexcept;

  static Value List(ListElements elements);
  // REQUIRES: keys are null-free map keys (bool, int, uint, string); duplicates are the
  // caller's error to report (see MakeMap in value_ops.h).
  static Value Map(std::shared_ptr<const MapEntries> entries);

  // A view of a parsed JSON value mapped to CEL (see the header comment). No copy is made.
  // REQUIRES: `json` outlives every copy of the returned Value.
  static Value FromJson(const boost::json::value& json) noexcept;

  // A type value, e.g. Type("int"), Type("google.protobuf.Timestamp"). `name` must be a string
  // with static storage duration (all built-in type names are).
  static Value Type(std::string_view static_name) noexcept;

  static Value OptionalNone();
  static Value OptionalOf(Value v);

  static Value Error(std::string message);
  static Value Unknown(UnknownSet set);

  Kind kind() const noexcept { return kind_; }
  bool is(Kind k) const noexcept { return kind_ == k; }
  bool IsError() const noexcept { return kind_ == Kind::kError; }
  bool IsUnknown() const noexcept { return kind_ == Kind::kUnknown; }
  // True for errors and unknowns: values that propagate through strict functions.
  bool IsErrorOrUnknown() const noexcept {
    return kind_ == Kind::kError || kind_ == Kind::kUnknown;
  }

  // Accessors. REQUIRES: kind() matches.
  bool bool_value() const noexcept { return u_.b; }
  int64_t int_value() const noexcept { return u_.i; }
  uint64_t uint_value() const noexcept { return u_.u; }
  double double_value() const noexcept { return u_.d; }
  cel::Timestamp timestamp_value() const noexcept { return {u_.t.seconds, u_.t.nanos}; }
  cel::Duration duration_value() const noexcept { return {u_.t.seconds, u_.t.nanos}; }
  // String and bytes contents (UTF-8 for strings); also the name of a type value.
  std::string_view str() const noexcept { return {u_.s.data, u_.s.size}; }
  std::string_view type_name() const noexcept { return str(); }
  const std::string& error_message() const noexcept;
  const UnknownSet& unknown_set() const noexcept;
  // Optional: whether it holds a value, and the value. REQUIRES optional_has_value() for get.
  bool optional_has_value() const noexcept;
  const Value& optional_value() const noexcept;

  // Lists (owned or borrowed JSON arrays).
  size_t list_size() const noexcept;
  Value list_at(size_t i) const noexcept;  // REQUIRES: i < list_size()

  // Maps (owned or borrowed JSON objects). Iteration order is insertion order.
  size_t map_size() const noexcept;
  Value map_key_at(size_t i) const noexcept;    // REQUIRES: i < map_size()
  Value map_value_at(size_t i) const noexcept;  // REQUIRES: i < map_size()
  // Looks a key up with CEL's heterogeneous numeric key equality (1 == 1u == 1.0).
  std::optional<Value> map_find(const Value& key) const;
  // Fast path for string keys (field selection).
  std::optional<Value> map_find_string(std::string_view key) const;

  // A copy that shares nothing borrowed: strings, lists and maps are deep-copied when they are
  // views; owned storage is shared, not copied.
  Value own() const;

  // True when this value views borrowed memory (a JSON document or program constant).
  bool is_borrowed() const noexcept { return borrowed_; }
  // The JSON object a borrowed map views, or null for any other value.
  const boost::json::object* borrowed_json_object() const noexcept {
    return kind_ == Kind::kMap && borrowed_ ? u_.json_object : nullptr;
  }
  // The JSON array a borrowed list views, or null for any other value.
  const boost::json::array* borrowed_json_array() const noexcept {
    return kind_ == Kind::kList && borrowed_ ? u_.json_array : nullptr;
  }

 private:
  struct TimeRep {
    int64_t seconds;
    int32_t nanos;
  };
  struct StrRep {
    const char* data;
    size_t size;
  };
  union Payload {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    TimeRep t;
    StrRep s;
    const boost::json::array* json_array;
    const boost::json::object* json_object;
  };

  Value(Kind k) noexcept : kind_(k) { u_.i = 0; }

  Kind kind_;
  bool borrowed_ = false;  // list/map payload is a JSON view; string payload is not owned
  Payload u_;
  // Owns the heap block for owned strings (std::string), lists (ListElements), maps
  // (MapEntries), errors (std::string), unknowns (UnknownSet) and optionals (Value or null).
  std::shared_ptr<const void> owner_;
};

// Two constructors evaluation uses at every step, inline: a call would cost as much as they do.
inline Value Value::Bool(bool b) noexcept {
  Value v(Kind::kBool);
  v.u_.b = b;
  return v;
}
inline Value Value::BorrowedString(std::string_view s) noexcept {
  Value v(Kind::kString);
  v.u_.s = {s.data(), s.size()};
  v.borrowed_ = true;
  return v;
}

// Owned map storage: entries in insertion order plus an index for lookups.
//
// Entries may only be appended (by the one thread building the map), also between lookups; once
// the map is shared it must not change. find() is then safe from any number of threads.
struct MapEntries {
  std::vector<std::pair<Value, Value>> entries;
  // Returns the index of the entry whose key equals `key` under CEL map-key equality, if any.
  // Small maps are scanned; larger ones get a hash index, built on first lookup.
  std::optional<size_t> find(const Value& key) const;

 private:
  void ExtendIndex() const;

  // Open-addressing table of entry positions + 1 (0 = empty) covering entries[0, indexed_).
  // Written only under index_mutex_; read without it once indexed_ == entries.size().
  mutable std::mutex index_mutex_;
  mutable std::atomic<size_t> indexed_{0};
  mutable std::vector<uint32_t> slots_;
};

// Built-in type names, as `type()` reports them.
namespace type_names {
inline constexpr std::string_view kNull = "null_type";
inline constexpr std::string_view kBool = "bool";
inline constexpr std::string_view kInt = "int";
inline constexpr std::string_view kUint = "uint";
inline constexpr std::string_view kDouble = "double";
inline constexpr std::string_view kString = "string";
inline constexpr std::string_view kBytes = "bytes";
inline constexpr std::string_view kList = "list";
inline constexpr std::string_view kMap = "map";
inline constexpr std::string_view kTimestamp = "google.protobuf.Timestamp";
inline constexpr std::string_view kDuration = "google.protobuf.Duration";
inline constexpr std::string_view kType = "type";
inline constexpr std::string_view kOptional = "optional_type";
}  // namespace type_names

// The type name of a value's runtime type (for errors, unknown: "error"/"unknown").
std::string_view TypeNameOf(const Value& v) noexcept;

}  // namespace portcullis::cel
