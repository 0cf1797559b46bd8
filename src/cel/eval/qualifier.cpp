#include "cel/eval/qualifier.h"

#include <boost/json/value.hpp>

#include "cel/eval/access.h"
#include "cel/json_lookup.h"
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

namespace {

// Walks the leading field selections through borrowed JSON objects without building the
// intermediate Values; stops before the first qualifier it cannot take (a missing field, a
// non-object, an index), leaving that one to the general path and its error messages. Returns
// how many it took and, when some, the JSON value the last one reached.
size_t SelectJsonFields(const Value& operand, std::span<const Qualifier> qualifiers,
                        const boost::json::value*& reached) {
  const boost::json::object* object = operand.borrowed_json_object();
  size_t taken = 0;
  while (object && taken < qualifiers.size() && qualifiers[taken].kind == Qualifier::Kind::kField) {
    const Qualifier& qualifier = qualifiers[taken];
    const boost::json::value* field = qualifier.hint.Find(*object, qualifier.field);
    if (!field) break;
    reached = field;
    object = field->if_object();
    ++taken;
  }
  return taken;
}

}  // namespace

Value ApplyQualifiers(const Value& operand, std::span<const Qualifier> qualifiers) {
  const boost::json::value* reached = nullptr;
  size_t taken = SelectJsonFields(operand, qualifiers, reached);
  // The common case, fields of request attributes: one Value, made at the end.
  if (reached && taken == qualifiers.size()) return Value::FromJson(*reached);
  Value value = reached ? Value::FromJson(*reached) : operand;
  for (const Qualifier& qualifier : qualifiers.subspan(taken)) {
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
