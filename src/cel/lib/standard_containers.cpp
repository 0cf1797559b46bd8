#include "cel/lib/standard_parts.h"
#include "cel/map_builder.h"

namespace portcullis::cel::standard {

namespace {

Value ListSize(Args a, EvalContext&) {
  return Value::Int(int64_t(a[0].list_size()));
}
Value MapSize(Args a, EvalContext&) {
  return Value::Int(int64_t(a[0].map_size()));
}

// `cel.@mapInsert(map, key, value)` and `cel.@mapInsert(map, entries)`: a copy of the map with
// the entries added; an error for a key already present. (The evaluator builds the maps of
// transformMap in place; this is the general form.)
Value InsertEntry(Args a, EvalContext&) {
  detail::MapBuilder map = detail::MapBuilder::CopyOf(a[0]);
  if (auto rejected = map.Insert(a[1], a[2])) return *rejected;
  return map.Build();
}

Value InsertEntries(Args a, EvalContext&) {
  detail::MapBuilder map = detail::MapBuilder::CopyOf(a[0]);
  if (auto rejected = map.InsertAll(a[1])) return *rejected;
  return map.Build();
}

}  // namespace

void AddContainerFunctions(FunctionRegistry& r) {
  const ArgKind l = ArgKind::Of(Kind::kList), m = ArgKind::Of(Kind::kMap), any = ArgKind::Any();
  r.AddGlobal("size", "size_list", {l}, ListSize);
  r.AddMember("size", "list_size", {l}, ListSize);
  r.AddGlobal("size", "size_map", {m}, MapSize);
  r.AddMember("size", "map_size", {m}, MapSize);
  r.AddGlobal("cel.@mapInsert", "map_insert_key_value", {m, any, any}, InsertEntry);
  r.AddGlobal("cel.@mapInsert", "map_insert_map", {m, m}, InsertEntries);
}

}  // namespace portcullis::cel::standard
