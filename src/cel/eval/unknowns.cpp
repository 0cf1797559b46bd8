#include "cel/eval/unknowns.h"

#include <algorithm>
#include <iterator>

namespace portcullis::cel::detail {

namespace {

// Walks the components of a pattern: the dotted pieces of its variable, then its qualifiers.
class PatternComponents {
 public:
  explicit PatternComponents(const AttributePattern& pattern)
      : pattern_(pattern), rest_of_variable_(pattern.variable) {}

  // The next component, or nullopt at the end.
  std::optional<std::string_view> Next() {
    if (in_variable_) {
      size_t dot = rest_of_variable_.find('.');
      std::string_view piece = rest_of_variable_.substr(0, dot);
      if (dot == std::string_view::npos) {
        in_variable_ = false;
      } else {
        rest_of_variable_.remove_prefix(dot + 1);
      }
      return piece;
    }
    if (next_qualifier_ < pattern_.qualifiers.size()) {
      return pattern_.qualifiers[next_qualifier_++];
    }
    return std::nullopt;
  }

 private:
  const AttributePattern& pattern_;
  std::string_view rest_of_variable_;
  bool in_variable_ = true;
  size_t next_qualifier_ = 0;
};

bool Overlaps(const AttributePattern& pattern, std::span<const std::string> path) {
  PatternComponents components(pattern);
  for (const std::string& component : path) {
    std::optional<std::string_view> wanted = components.Next();
    if (!wanted) return true;  // the access is below the pattern
    if (*wanted != "*" && *wanted != component) return false;
  }
  return true;  // the access is the pattern or a prefix of it
}

}  // namespace

Value MergeUnknowns(const Value& a, const Value& b) {
  const auto& left = a.unknown_set().attributes;
  const auto& right = b.unknown_set().attributes;
  if (std::includes(left.begin(), left.end(), right.begin(), right.end())) return a;
  UnknownSet merged;
  std::set_union(left.begin(), left.end(), right.begin(), right.end(),
                 std::back_inserter(merged.attributes));
  return Value::Unknown(std::move(merged));
}

std::optional<Value> StrictPropagation(std::span<const Value> args) {
  StrictFailure failure;
  for (const Value& arg : args) failure.Absorb(arg);
  return failure.value();
}

bool StrictFailure::Absorb(const Value& v) {
  if (v.IsUnknown()) {
    value_ = value_ && value_->IsUnknown() ? MergeUnknowns(*value_, v) : v;
  } else if (v.IsError()) {
    if (!value_) value_ = v;
  } else {
    return false;
  }
  return true;
}

bool MatchesUnknownPattern(std::span<const AttributePattern> patterns,
                           std::span<const std::string> path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [path](const AttributePattern& p) { return Overlaps(p, path); });
}

}  // namespace portcullis::cel::detail
