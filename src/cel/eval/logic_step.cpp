#include "cel/eval/logic_step.h"

#include "cel/eval/unknowns.h"

namespace portcullis::cel::detail {

namespace {

bool IsBool(const Value& v, bool b) {
  return v.is(Kind::kBool) && v.bool_value() == b;
}

// `&&` when `decisive` is false, `||` when it is true.
class LogicStep final : public Step {
 public:
  LogicStep(StepPtr left, StepPtr right, bool decisive)
      : left_(std::move(left)), right_(std::move(right)), decisive_(decisive) {}

  Value Eval(Frame& frame) const override {
    Value left = left_->Eval(frame);
    if (IsBool(left, decisive_)) return left;
    return CombineLogic(left, right_->Eval(frame), decisive_);
  }

 private:
  StepPtr left_;
  StepPtr right_;
  bool decisive_;
};

class TernaryStep final : public Step {
 public:
  TernaryStep(StepPtr condition, StepPtr if_true, StepPtr if_false)
      : condition_(std::move(condition)),
        if_true_(std::move(if_true)),
        if_false_(std::move(if_false)) {}

  Value Eval(Frame& frame) const override {
    Value condition = condition_->Eval(frame);
    if (condition.is(Kind::kBool)) {
      return condition.bool_value() ? if_true_->Eval(frame) : if_false_->Eval(frame);
    }
    if (condition.IsErrorOrUnknown()) return condition;
    return NoSuchOverload("_?_:_");
  }

 private:
  StepPtr condition_;
  StepPtr if_true_;
  StepPtr if_false_;
};

class NotStrictlyFalseStep final : public Step {
 public:
  explicit NotStrictlyFalseStep(StepPtr operand) : operand_(std::move(operand)) {}

  Value Eval(Frame& frame) const override {
    return Value::Bool(!IsBool(operand_->Eval(frame), false));
  }

 private:
  StepPtr operand_;
};

}  // namespace

Value CombineLogic(const Value& left, const Value& right, bool decisive) {
  if (IsBool(right, decisive)) return right;
  if (left.is(Kind::kBool) && right.is(Kind::kBool)) return left;  // both !decisive
  if (left.IsUnknown() && right.IsUnknown()) return MergeUnknowns(left, right);
  if (left.IsUnknown()) return left;
  if (right.IsUnknown()) return right;
  if (left.IsError()) return left;
  if (right.IsError()) return right;
  return NoSuchOverload(decisive ? "_||_" : "_&&_");
}

StepPtr MakeAndStep(StepPtr left, StepPtr right) {
  return std::make_unique<LogicStep>(std::move(left), std::move(right), false);
}

StepPtr MakeOrStep(StepPtr left, StepPtr right) {
  return std::make_unique<LogicStep>(std::move(left), std::move(right), true);
}

StepPtr MakeTernaryStep(StepPtr condition, StepPtr if_true, StepPtr if_false) {
  return std::make_unique<TernaryStep>(std::move(condition), std::move(if_true),
                                       std::move(if_false));
}

StepPtr MakeNotStrictlyFalseStep(StepPtr operand) {
  return std::make_unique<NotStrictlyFalseStep>(std::move(operand));
}

}  // namespace portcullis::cel::detail
