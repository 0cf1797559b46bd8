#include "cel/eval/index_step.h"

#include "cel/eval/access.h"
#include "cel/eval/unknowns.h"

namespace portcullis::cel::detail {

namespace {

using IndexFunction = Value (*)(const Value&, const Value&);

class IndexStep final : public Step {
 public:
  IndexStep(StepPtr operand, StepPtr key, IndexFunction index)
      : operand_(std::move(operand)), key_(std::move(key)), index_(index) {}

  Value Eval(Frame& frame) const override {
    Value operand = operand_->Eval(frame);
    Value key = key_->Eval(frame);
    if (operand.IsErrorOrUnknown() || key.IsErrorOrUnknown()) {
      Value both[] = {std::move(operand), std::move(key)};
      return *StrictPropagation(both);
    }
    return index_(operand, key);
  }

 private:
  StepPtr operand_;
  StepPtr key_;
  IndexFunction index_;
};

class OptionalSelectStep final : public Step {
 public:
  OptionalSelectStep(StepPtr operand, std::string field)
      : operand_(std::move(operand)), field_(std::move(field)) {}

  Value Eval(Frame& frame) const override {
    return OptionalSelectField(operand_->Eval(frame), field_);
  }

 private:
  StepPtr operand_;
  std::string field_;
};

}  // namespace

StepPtr MakeIndexStep(StepPtr operand, StepPtr key) {
  return std::make_unique<IndexStep>(std::move(operand), std::move(key), &IndexValue);
}

StepPtr MakeOptionalIndexStep(StepPtr operand, StepPtr key) {
  return std::make_unique<IndexStep>(std::move(operand), std::move(key), &OptionalIndexValue);
}

StepPtr MakeOptionalSelectStep(StepPtr operand, std::string field) {
  return std::make_unique<OptionalSelectStep>(std::move(operand), std::move(field));
}

}  // namespace portcullis::cel::detail
