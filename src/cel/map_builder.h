// Builds an owned map entry by entry, checking each key as it is inserted: the one mechanism
// behind map literals (MakeMap), the accumulator of `transformMap` and `cel.@mapInsert`.
// Private to cel/.
//
// Not thread-safe; one builder per map being built.
#pragma once

#include <memory>
#include <optional>

#include "cel/value.h"

namespace portcullis::cel::detail {

class MapBuilder {
 public:
  MapBuilder() : entries_(std::make_shared<MapEntries>()) {}
  // A builder starting with a copy of the entries of `map`. REQUIRES: map is a map.
  static MapBuilder CopyOf(const Value& map);

  // Makes room for `count` more entries.
  void Reserve(size_t count);

  // Adds an entry; returns an error value (and adds nothing) when the key is not a bool, int,
  // uint or string ("unsupported key type"), or is already present, also as a numerically equal
  // key ("Failed with repeated key").
  std::optional<Value> Insert(Value key, Value value);

  // Inserts every entry of `map` in turn; the first rejection, if any. REQUIRES: map is a map.
  std::optional<Value> InsertAll(const Value& map);

  // The map built so far. The builder is empty afterwards.
  Value Build();

 private:
  std::shared_ptr<MapEntries> entries_;
};

}  // namespace portcullis::cel::detail
