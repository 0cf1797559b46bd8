#include "cel/eval/attribute_step.h"

#include <algorithm>

#include "cel/eval/unknowns.h"

namespace portcullis::cel::detail {

namespace {

class AttributeStep final : public Step {
 public:
  explicit AttributeStep(AttributeSpec spec)
      : spec_(std::move(spec)),
        first_unqualified_(std::find_if(spec_.candidates.begin(), spec_.candidates.end(),
                                        [](const auto& c) { return !c.qualified; }) -
                           spec_.candidates.begin()) {}

  Value Eval(Frame& frame) const override {
    if (!frame.unknown_patterns.empty() &&
        MatchesUnknownPattern(frame.unknown_patterns, spec_.pattern_path)) {
      return Value::Unknown(UnknownSet{{spec_.written}});
    }
    std::span<const Qualifier> qualifiers = spec_.qualifiers;
    std::span<const AttributeSpec::Candidate> candidates = spec_.candidates;
    // Without dotted names bound, the qualified candidates need not even be looked at.
    if (!frame.binds_qualified_names) candidates = candidates.subspan(first_unqualified_);
    for (const AttributeSpec::Candidate& candidate : candidates) {
      if (candidate.qualified && !frame.binds_qualified_names) continue;
      if (std::optional<Value> bound = frame.activation.Find(candidate.name)) {
        return ApplyQualifiers(*bound, qualifiers.subspan(candidate.absorbed));
      }
    }
    if (spec_.type_name) {
      return ApplyQualifiers(Value::Type(spec_.type_name->name),
                             qualifiers.subspan(spec_.type_name->absorbed));
    }
    return Value::Error(spec_.unbound_error);
  }

 private:
  AttributeSpec spec_;
  size_t first_unqualified_;  // candidates.size() when every candidate is qualified
};

class QualifiedStep final : public Step {
 public:
  QualifiedStep(StepPtr operand, std::vector<Qualifier> qualifiers)
      : operand_(std::move(operand)), qualifiers_(std::move(qualifiers)) {}

  Value Eval(Frame& frame) const override {
    return ApplyQualifiers(operand_->Eval(frame), qualifiers_);
  }

 private:
  StepPtr operand_;
  std::vector<Qualifier> qualifiers_;
};

}  // namespace

StepPtr MakeAttributeStep(AttributeSpec spec) {
  return std::make_unique<AttributeStep>(std::move(spec));
}

StepPtr MakeQualifiedStep(StepPtr operand, std::vector<Qualifier> qualifiers) {
  return std::make_unique<QualifiedStep>(std::move(operand), std::move(qualifiers));
}

}  // namespace portcullis::cel::detail
