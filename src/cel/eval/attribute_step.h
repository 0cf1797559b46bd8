// An identifier bound in the Activation, with the chain of qualifiers that follows it:
// `R.attr.args["amount"]` is one attribute step.
//
// Name resolution (cel-spec "Name Resolution"): a dotted prefix of the chain may itself be a
// bound name ("a.b" for `a.b.c`), the longest bound prefix wins, and each name is tried in the
// container's namespaces from the most qualified ("ns.a.b") to the unqualified ("a.b").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cel/eval/qualifier.h"
#include "cel/eval/step.h"

namespace portcullis::cel::detail {

struct AttributeSpec {
  // A name to look up, and how many leading qualifiers (fields) it absorbs.
  struct Candidate {
    std::string name;
    size_t absorbed = 0;
    bool qualified = false;  // contains a dot: skipped when the activation binds no such names
  };
  std::vector<Candidate> candidates;  // in resolution order
  // When no candidate is bound: a built-in type (`int`, `google.protobuf.Timestamp`) the chain
  // names, and how many qualifiers its name absorbs.
  struct TypeName {
    std::string_view name;  // one of type_names (static storage)
    size_t absorbed = 0;
  };
  std::optional<TypeName> type_name;
  std::vector<Qualifier> qualifiers;
  // The components unknown patterns are matched against ("R", "attr", "args", ...).
  std::vector<std::string> pattern_path;
  std::string written;        // "R.attr.args", for unknown sets
  std::string unbound_error;  // the error when nothing is bound
};

StepPtr MakeAttributeStep(AttributeSpec spec);

// A qualifier chain on any other operand (a comprehension variable, a literal, a call...).
StepPtr MakeQualifiedStep(StepPtr operand, std::vector<Qualifier> qualifiers);

}  // namespace portcullis::cel::detail
