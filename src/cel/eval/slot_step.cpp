#include "cel/eval/slot_step.h"

#include "cel/eval/value_buffer.h"

namespace portcullis::cel::detail {

namespace {

class SlotStep final : public Step {
 public:
  explicit SlotStep(int slot) : slot_(slot) {}
  Value Eval(Frame& frame) const override { return frame.slots[slot_]; }

 private:
  int slot_;
};

class CachedStep final : public Step {
 public:
  CachedStep(StepPtr attribute, int slot, int bit)
      : attribute_(std::move(attribute)), slot_(slot), mask_(uint64_t(1) << bit) {}

  Value Eval(Frame& frame) const override {
    if (!(frame.cached & mask_)) {
      frame.slots[slot_] = attribute_->Eval(frame);
      frame.cached |= mask_;
    }
    return frame.slots[slot_];
  }

 private:
  StepPtr attribute_;
  int slot_;
  uint64_t mask_;
};

class SlotFrameStep final : public Step {
 public:
  SlotFrameStep(StepPtr body, int slot_count) : body_(std::move(body)), slot_count_(slot_count) {}

  Value Eval(Frame& frame) const override {
    ValueBuffer<kSlotsOnStack> slots{static_cast<size_t>(slot_count_)};
    frame.slots = slots.values().data();
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

StepPtr MakeCachedStep(StepPtr attribute, int slot, int bit) {
  return std::make_unique<CachedStep>(std::move(attribute), slot, bit);
}

StepPtr MakeSlotFrameStep(StepPtr body, int slot_count) {
  return std::make_unique<SlotFrameStep>(std::move(body), slot_count);
}

}  // namespace portcullis::cel::detail
