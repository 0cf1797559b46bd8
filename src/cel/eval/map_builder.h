// Builds an owned map entry by entry, checking each key as it is inserted: the accumulator of
// `transformMap` and `cel.@mapInsert`.
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

  // Adds an entry; returns an error value (and adds nothing) when the key is not a bool, int,
  // uint or string, or is already present.
  std::optional<Value> Insert(Value key, Value value);

  // Inserts every entry of `map` in turn; the first rejection, if any. REQUIRES: map is a map.
  std::optional<Value> InsertAll(const Value& map);

  // The map built so far. The builder is empty afterwards.
  Value Build();

 private:
  std::shared_ptr<MapEntries> entries_;
};

}  // namespace portcullis::cel::detail
