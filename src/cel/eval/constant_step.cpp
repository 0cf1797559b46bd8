#include "cel/eval/constant_step.h"

namespace portcullis::cel::detail {

namespace {

class ConstantStep final : public Step {
 public:
  explicit ConstantStep(Value value) : value_(std::move(value)) {}

  Value Eval(Frame&) const override {
    switch (value_.kind()) {
      case Kind::kString:
        return Value::BorrowedString(value_.str());
      case Kind::kBytes:
        return Value::BorrowedBytes(value_.str());
      default:
        return value_;
    }
  }

  const Value* constant() const noexcept override { return &value_; }

 private:
  Value value_;
};

}  // namespace

StepPtr MakeConstantStep(Value value) {
  return std::make_unique<ConstantStep>(std::move(value));
}

}  // namespace portcullis::cel::detail
