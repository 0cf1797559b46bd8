// Unknown values for partial evaluation: merging the attribute sets of unknowns, and matching
// attribute accesses against the patterns an Activation declares unknown.
//
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "cel/program.h"
#include "cel/value.h"

namespace portcullis::cel::detail {

// The union of the attribute sets of two unknown values. REQUIRES: both are unknown.
Value MergeUnknowns(const Value& a, const Value& b);

// What a strict function returns without being called: the merged unknowns when some argument
// is unknown, else the first error; nullopt when every argument is a plain value.
std::optional<Value> StrictPropagation(std::span<const Value> args);

// Collects, over the parts of a value being built, what a strict function would return: the
// merged unknowns if any part is unknown, else the first error.
class StrictFailure {
 public:
  // Records `v` when it is an error or unknown; returns whether it was.
  bool Absorb(const Value& v);
  // The failure recorded so far; nullopt when every part was a plain value.
  const std::optional<Value>& value() const { return value_; }

 private:
  std::optional<Value> value_;
};

// Whether an access to `path` (the components of the attribute as written: "R", "attr",
// "args") overlaps some pattern: the path is at or below the pattern, or is a prefix of it. A
// pattern component "*" matches any single component; a pattern variable may be dotted.
bool MatchesUnknownPattern(std::span<const AttributePattern> patterns,
                           std::span<const std::string> path);

}  // namespace portcullis::cel::detail
