#include <string>

#include "cel/lib/standard_parts.h"
#include "cel/time.h"

namespace portcullis::cel::standard {

namespace {

using CivilField = int64_t (*)(const CivilTime&);

// A timestamp accessor: the field of the timestamp broken down in UTC, or in the time zone
// given as second argument.
struct TimestampAccessor {
  const char* name;
  CivilField field;
};

constexpr TimestampAccessor kTimestampAccessors[] = {
    {"getFullYear", [](const CivilTime& c) { return c.year; }},
    {"getMonth", [](const CivilTime& c) { return int64_t(c.month - 1); }},
    {"getDayOfYear", [](const CivilTime& c) { return int64_t(c.day_of_year); }},
    {"getDayOfMonth", [](const CivilTime& c) { return int64_t(c.day - 1); }},
    {"getDate", [](const CivilTime& c) { return int64_t(c.day); }},
    {"getDayOfWeek", [](const CivilTime& c) { return int64_t(c.day_of_week); }},
    {"getHours", [](const CivilTime& c) { return int64_t(c.hour); }},
    {"getMinutes", [](const CivilTime& c) { return int64_t(c.minute); }},
    {"getSeconds", [](const CivilTime& c) { return int64_t(c.second); }},
    {"getMilliseconds", [](const CivilTime& c) { return int64_t(c.nanos / 1'000'000); }},
};

Value InZone(Args a, std::string_view zone, CivilField field) {
  std::optional<CivilTime> civil = ToCivil(a[0].timestamp_value(), zone);
  if (!civil) return Value::Error("unknown time zone: " + std::string(zone));
  return Value::Int(field(*civil));
}

// A duration accessor: the whole duration in a unit, truncated. getMilliseconds too is the total
// (as cel-go, hence Cerbos, computes it; cel-spec's conformance data expects the millisecond
// part of the fraction instead, a behaviour it marks as to be deprecated).
struct DurationAccessor {
  const char* name;
  int64_t (*of)(Duration);
};

constexpr DurationAccessor kDurationAccessors[] = {
    {"getHours", [](Duration d) { return d.seconds / 3600; }},
    {"getMinutes", [](Duration d) { return d.seconds / 60; }},
    {"getSeconds", [](Duration d) { return d.seconds; }},
    {"getMilliseconds", [](Duration d) { return d.seconds * 1000 + int64_t(d.nanos / 1'000'000); }},
};

}  // namespace

void AddTimeAccessors(FunctionRegistry& r) {
  const ArgKind ts = ArgKind::Of(Kind::kTimestamp), s = ArgKind::Of(Kind::kString),
                du = ArgKind::Of(Kind::kDuration);
  for (const TimestampAccessor& accessor : kTimestampAccessors) {
    CivilField field = accessor.field;
    std::string id = std::string("timestamp_") + accessor.name;
    r.AddMember(accessor.name, id, {ts},
                [field](Args a, EvalContext&) { return InZone(a, "UTC", field); });
    r.AddMember(accessor.name, id + "_with_tz", {ts, s},
                [field](Args a, EvalContext&) { return InZone(a, a[1].str(), field); });
  }
  for (const DurationAccessor& accessor : kDurationAccessors) {
    auto of = accessor.of;
    r.AddMember(accessor.name, std::string("duration_") + accessor.name, {du},
                [of](Args a, EvalContext&) { return Value::Int(of(a[0].duration_value())); });
  }
}

}  // namespace portcullis::cel::standard
