// The qualifiers of an attribute or select chain: `.field`, `[constant]` and, last, the
// presence test of `has(x.field)`. Planning a chain `a.b[0].c` as one step with a list of
// qualifiers avoids a step (and a virtual call) per link.
#pragma once

#include <span>
#include <string>

#include "cel/json_lookup.h"
#include "cel/value.h"

namespace portcullis::cel::detail {

struct Qualifier {
  enum class Kind { kField, kIndex, kPresenceTest };
  Kind kind = Kind::kField;
  std::string field;       // kField, kPresenceTest
  Value key;               // kIndex: a constant key
  FieldPositionHint hint;  // kField: where the field was in the last JSON object searched

  // The component as unknown patterns name it: the field, or the key's text ("0", "k").
  std::string PatternComponent() const;
  // The qualifier as written: ".field" or "[key]".
  std::string Written() const;
};

// Applies the qualifiers in order; an error or unknown stops the chain and is returned.
Value ApplyQualifiers(const Value& operand, std::span<const Qualifier> qualifiers);

}  // namespace portcullis::cel::detail
