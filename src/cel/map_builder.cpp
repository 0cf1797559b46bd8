#include "cel/map_builder.h"

namespace portcullis::cel::detail {

MapBuilder MapBuilder::CopyOf(const Value& map) {
  MapBuilder builder;
  size_t size = map.map_size();
  builder.Reserve(size + 1);
  for (size_t i = 0; i < size; ++i) {
    builder.entries_->entries.emplace_back(map.map_key_at(i), map.map_value_at(i));
  }
  return builder;
}

void MapBuilder::Reserve(size_t count) {
  entries_->entries.reserve(entries_->entries.size() + count);
}

std::optional<Value> MapBuilder::Insert(Value key, Value value) {
  switch (key.kind()) {
    case Kind::kBool:
    case Kind::kInt:
    case Kind::kUint:
    case Kind::kString:
      break;
    default:
      return Value::Error("unsupported key type");
  }
  if (entries_->find(key)) return Value::Error("Failed with repeated key");
  entries_->entries.emplace_back(std::move(key), std::move(value));
  return std::nullopt;
}

std::optional<Value> MapBuilder::InsertAll(const Value& map) {
  for (size_t i = 0; i < map.map_size(); ++i) {
    if (auto rejected = Insert(map.map_key_at(i), map.map_value_at(i))) return rejected;
  }
  return std::nullopt;
}

Value MapBuilder::Build() {
  Value map = Value::Map(std::move(entries_));
  entries_ = std::make_shared<MapEntries>();
  return map;
}

}  // namespace portcullis::cel::detail
