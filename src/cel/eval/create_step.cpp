#include "cel/eval/create_step.h"

#include "cel/eval/unknowns.h"
#include "cel/value_ops.h"

namespace portcullis::cel::detail {

namespace {

Value NotAnOptional(const Value& v) {
  return Value::Error("no such overload: optional entry of type '" + std::string(TypeNameOf(v)) +
                      "'");
}

class ListStep final : public Step {
 public:
  ListStep(std::vector<StepPtr> elements, std::vector<bool> optional)
      : elements_(std::move(elements)), optional_(std::move(optional)) {}

  Value Eval(Frame& frame) const override {
    ListElements values;
    values.reserve(elements_.size());
    StrictFailure failure;
    for (size_t i = 0; i < elements_.size(); ++i) {
      Value element = elements_[i]->Eval(frame);
      if (failure.Absorb(element)) continue;
      if (!optional_[i]) {
        values.push_back(std::move(element));
      } else if (!element.is(Kind::kOptional)) {
        failure.Absorb(NotAnOptional(element));
      } else if (element.optional_has_value()) {
        values.push_back(element.optional_value());
      }
    }
    if (failure.value()) return *failure.value();
    return Value::List(std::move(values));
  }

 private:
  std::vector<StepPtr> elements_;
  std::vector<bool> optional_;
};

class MapStep final : public Step {
 public:
  explicit MapStep(std::vector<MapEntryStep> entries) : entries_(std::move(entries)) {}

  Value Eval(Frame& frame) const override {
    std::vector<std::pair<Value, Value>> pairs;
    pairs.reserve(entries_.size());
    StrictFailure failure;
    for (const MapEntryStep& entry : entries_) {
      Value key = entry.key->Eval(frame);
      Value value = entry.value->Eval(frame);
      bool bad_key = failure.Absorb(key);
      if (failure.Absorb(value) || bad_key) continue;
      if (!entry.optional) {
        pairs.emplace_back(std::move(key), std::move(value));
      } else if (!value.is(Kind::kOptional)) {
        failure.Absorb(NotAnOptional(value));
      } else if (value.optional_has_value()) {
        pairs.emplace_back(std::move(key), value.optional_value());
      }
    }
    if (failure.value()) return *failure.value();
    return MakeMap(std::move(pairs));
  }

 private:
  std::vector<MapEntryStep> entries_;
};

}  // namespace

StepPtr MakeListStep(std::vector<StepPtr> elements, std::vector<bool> optional) {
  return std::make_unique<ListStep>(std::move(elements), std::move(optional));
}

StepPtr MakeMapStep(std::vector<MapEntryStep> entries) {
  return std::make_unique<MapStep>(std::move(entries));
}

}  // namespace portcullis::cel::detail
