#include "cel/eval/qualifier.h"

#include "cel/eval/access.h"
#include "cel/value_ops.h"

namespace portcullis::cel::detail {

std::string Qualifier::PatternComponent() const {
  if (kind != Kind::kIndex) return field;
  if (key.is(cel::Kind::kString)) return std::string(key.str());
  return DebugString(key);
}

std::string Qualifier::Written() const {
  if (kind != Kind::kIndex) return "." + field;
  return "[" + DebugString(key) + "]";
}

Value ApplyQualifiers(Value value, std::span<const Qualifier> qualifiers) {
  for (const Qualifier& qualifier : qualifiers) {
    if (value.IsErrorOrUnknown()) return value;
    switch (qualifier.kind) {
      case Qualifier::Kind::kField:
        // The common case, a field of a map, without the detour through SelectField.
        if (value.is(cel::Kind::kMap)) {
          if (std::optional<Value> found = value.map_find_string(qualifier.field)) {
            value = std::move(*found);
            break;
          }
        }
        value = SelectField(value, qualifier.field);
        break;
      case Qualifier::Kind::kIndex:
        value = IndexValue(value, qualifier.key);
        break;
      case Qualifier::Kind::kPresenceTest:
        value = TestField(value, qualifier.field);
        break;
    }
  }
  return value;
}

}  // namespace portcullis::cel::detail
