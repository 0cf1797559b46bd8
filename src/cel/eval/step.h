// The evaluable program: a tree of immutable steps planned once from an Expr (see planner.h).
//
// Thread-safety: steps are immutable after planning and are evaluated concurrently; all
// per-evaluation state lives in the Frame, which belongs to one evaluation on one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "cel/function.h"
#include "cel/program.h"
#include "cel/value.h"

namespace portcullis::cel::detail {

// The state of one evaluation.
struct Frame {
  const Activation& activation;
  EvalContext& ctx;
  // Unknown attribute patterns; checked only when non-empty (partial evaluation).
  std::span<const AttributePattern> unknown_patterns;
  bool binds_qualified_names;
  // Comprehension and cel.bind variables, addressed by the slot numbers the planner assigned;
  // also the cache of attributes read inside comprehension loops (see MakeCachedStep).
  Value* slots = nullptr;
  // Bit i set: the slot of the i-th cached attribute holds its value for this evaluation.
  uint64_t cached = 0;
};

class Step {
 public:
  virtual ~Step() = default;
  virtual Value Eval(Frame& frame) const = 0;
  // The value of a constant step; null for every other step (lets the planner fold).
  virtual const Value* constant() const noexcept { return nullptr; }
};

using StepPtr = std::unique_ptr<const Step>;

}  // namespace portcullis::cel::detail
