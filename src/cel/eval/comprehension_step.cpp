#include "cel/eval/comprehension_step.h"

#include <string>

#include <boost/json/array.hpp>

#include "cel/eval/logic_step.h"
#include "cel/eval/unknowns.h"
#include "cel/map_builder.h"

namespace portcullis::cel::detail {

namespace {

Value WorkLimitExceeded() {
  return Value::Error("comprehension exceeded the evaluation work limit");
}

// For each element of `range` while `go_on()` holds: charges one unit of work, binds the
// iteration variables and calls `body()`. Returns an error value when `range` cannot be iterated
// or the work budget runs out; nullopt otherwise.
template <typename GoOn, typename Body>
std::optional<Value> Iterate(const Value& range, const ComprehensionSlots& slots, Frame& frame,
                             GoOn go_on, Body body) {
  const bool two_variables = slots.iter2 >= 0;
  if (range.is(Kind::kList)) {
    size_t size = range.list_size();
    // A JSON array (a request attribute) is read directly rather than through list_at.
    const boost::json::array* json = range.borrowed_json_array();
    auto element = [&](size_t i) { return json ? Value::FromJson((*json)[i]) : range.list_at(i); };
    for (size_t i = 0; i < size && go_on(); ++i) {
      if (!frame.ctx.Charge(1)) return WorkLimitExceeded();
      if (two_variables) {
        frame.slots[slots.iter] = Value::Int(int64_t(i));
        frame.slots[slots.iter2] = element(i);
      } else {
        frame.slots[slots.iter] = element(i);
      }
      body();
    }
    return std::nullopt;
  }
  if (range.is(Kind::kMap)) {
    size_t size = range.map_size();
    for (size_t i = 0; i < size && go_on(); ++i) {
      if (!frame.ctx.Charge(1)) return WorkLimitExceeded();
      frame.slots[slots.iter] = range.map_key_at(i);
      if (two_variables) frame.slots[slots.iter2] = range.map_value_at(i);
      body();
    }
    return std::nullopt;
  }
  if (range.IsErrorOrUnknown()) return range;
  return Value::Error("expression of type '" + std::string(TypeNameOf(range)) +
                      "' cannot be the range of a comprehension (must be list or map)");
}

class ComprehensionStep final : public Step {
 public:
  explicit ComprehensionStep(ComprehensionParts parts) : parts_(std::move(parts)) {}

  Value Eval(Frame& frame) const override {
    Value range = parts_.range->Eval(frame);
    Value& accu = frame.slots[parts_.slots.accu];
    accu = parts_.accu_init->Eval(frame);
    auto go_on = [&] {
      Value condition = parts_.loop_condition->Eval(frame);
      return condition.is(Kind::kBool) && condition.bool_value();
    };
    std::optional<Value> failure =
        Iterate(range, parts_.slots, frame, go_on, [&] { accu = parts_.loop_step->Eval(frame); });
    if (failure) return *failure;
    return parts_.result->Eval(frame);
  }

 private:
  ComprehensionParts parts_;
};

class QuantifierStep final : public Step {
 public:
  explicit QuantifierStep(QuantifierParts parts) : parts_(std::move(parts)) {}

  Value Eval(Frame& frame) const override {
    Value range = parts_.range->Eval(frame);
    const bool decisive = parts_.decisive;
    Value accu = Value::Bool(!decisive);
    auto undecided = [&] { return !(accu.is(Kind::kBool) && accu.bool_value() == decisive); };
    std::optional<Value> failure = Iterate(range, parts_.slots, frame, undecided, [&] {
      Value predicate = parts_.predicate->Eval(frame);
      // A bool predicate either decides or leaves the accumulator as it is (the non-decisive
      // bool, or the error or unknown it holds): CombineLogic's answer, without the call.
      if (!predicate.is(Kind::kBool)) {
        accu = CombineLogic(accu, predicate, decisive);
      } else if (predicate.bool_value() == decisive) {
        accu = predicate;
      }
    });
    if (failure) return *failure;
    return accu;
  }

 private:
  QuantifierParts parts_;
};

constexpr bool Always() {
  return true;
}

// Evaluates the guard: true to add the element, false to skip it. A guard that is not a bool
// replaces the accumulator, as `guard ? ... : accu` would.
bool GuardAllows(const Step* guard, Frame& frame, StrictFailure& failure) {
  if (!guard) return true;
  Value allowed = guard->Eval(frame);
  if (allowed.is(Kind::kBool)) return allowed.bool_value();
  failure = StrictFailure();
  failure.Absorb(allowed.IsErrorOrUnknown() ? allowed : NoSuchOverload("_?_:_"));
  return false;
}

class ListBuildingStep final : public Step {
 public:
  explicit ListBuildingStep(BuildingComprehensionParts parts) : parts_(std::move(parts)) {}

  Value Eval(Frame& frame) const override {
    Value range = parts_.range->Eval(frame);
    ListElements elements;
    StrictFailure failure;
    std::optional<Value> stopped = Iterate(range, parts_.slots, frame, Always, [&] {
      if (!GuardAllows(parts_.guard.get(), frame, failure)) return;
      Value element = parts_.element->Eval(frame);
      if (!failure.Absorb(element) && !failure.value()) elements.push_back(std::move(element));
    });
    if (stopped) return *stopped;
    if (failure.value()) return *failure.value();
    return Value::List(std::move(elements));
  }

 private:
  BuildingComprehensionParts parts_;
};

// Inserts the key and value (or, for transformMapEntry, every entry of a map value).
std::optional<Value> InsertEntries(MapBuilder& map, const Value* key, Value value) {
  if (key) return map.Insert(*key, std::move(value));
  if (!value.is(Kind::kMap)) return NoSuchOverload("cel.@mapInsert");
  return map.InsertAll(value);
}

class MapBuildingStep final : public Step {
 public:
  explicit MapBuildingStep(BuildingComprehensionParts parts) : parts_(std::move(parts)) {}

  Value Eval(Frame& frame) const override {
    Value range = parts_.range->Eval(frame);
    MapBuilder map;
    StrictFailure failure;
    std::optional<Value> stopped = Iterate(range, parts_.slots, frame, Always, [&] {
      if (!GuardAllows(parts_.guard.get(), frame, failure)) return;
      std::optional<Value> key;
      if (parts_.key) {
        key = parts_.key->Eval(frame);
        if (failure.Absorb(*key)) key.reset();
      }
      Value value = parts_.element->Eval(frame);
      if (failure.Absorb(value) || failure.value()) return;
      if (auto rejected = InsertEntries(map, key ? &*key : nullptr, std::move(value))) {
        failure.Absorb(*rejected);
      }
    });
    if (stopped) return *stopped;
    if (failure.value()) return *failure.value();
    return map.Build();
  }

 private:
  BuildingComprehensionParts parts_;
};

}  // namespace

StepPtr MakeComprehensionStep(ComprehensionParts parts) {
  return std::make_unique<ComprehensionStep>(std::move(parts));
}

StepPtr MakeQuantifierStep(QuantifierParts parts) {
  return std::make_unique<QuantifierStep>(std::move(parts));
}

StepPtr MakeListBuildingStep(BuildingComprehensionParts parts) {
  return std::make_unique<ListBuildingStep>(std::move(parts));
}

StepPtr MakeMapBuildingStep(BuildingComprehensionParts parts) {
  return std::make_unique<MapBuildingStep>(std::move(parts));
}

}  // namespace portcullis::cel::detail
