#include "cel/eval/slot_step.h"

#include <array>
#include <vector>

namespace portcullis::cel::detail {

namespace {

class SlotStep final : public Step {
 public:
  explicit SlotStep(int slot) : slot_(slot) {}
  Value Eval(Frame& frame) const override { return frame.slots[slot_]; }

 private:
  int slot_;
};

class SlotFrameStep final : public Step {
 public:
  SlotFrameStep(StepPtr body, int slot_count) : body_(std::move(body)), slot_count_(slot_count) {}

  Value Eval(Frame& frame) const override {
    constexpr int kOnStack = 8;
    if (slot_count_ <= kOnStack) {
      std::array<Value, kOnStack> slots;
      frame.slots = slots.data();
      return body_->Eval(frame);
    }
    std::vector<Value> slots(slot_count_);
    frame.slots = slots.data();
    return body_->Eval(frame);
  }

 private:
  StepPtr body_;
  int slot_count_;
};

}  // namespace

StepPtr MakeSlotStep(int slot) {
  return std::make_unique<SlotStep>(slot);
}

StepPtr MakeSlotFrameStep(StepPtr body, int slot_count) {
  return std::make_unique<SlotFrameStep>(std::move(body), slot_count);
}

}  // namespace portcullis::cel::detail
