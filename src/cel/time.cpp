#include "cel/time.h"

#include <cstdio>

#include "cel/time_zone.h"

namespace portcullis::cel {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86400;

// Durations and timestamps are added as 128-bit nanosecond counts, which cannot overflow for
// any pair of int64 seconds.
using Nanos = __int128;

Nanos TotalNanos(int64_t seconds, int32_t nanos) {
  return Nanos(seconds) * kNanosPerSecond + nanos;
}

std::optional<Timestamp> TimestampFromNanos(Nanos total) {
  Nanos seconds = total / kNanosPerSecond;
  Nanos nanos = total % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    --seconds;
  }
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) return std::nullopt;
  return Timestamp{static_cast<int64_t>(seconds), static_cast<int32_t>(nanos)};
}

// CEL durations are limited to what an int64 count of nanoseconds holds (about ±292 years),
// as in cel-go, whose range errors the conformance data expects (e.g. the difference between
// 0001-01-01 and 9999-12-31 does not fit)..
std::optional<Duration> DurationFromNanos(Nanos total) {
  if (total < INT64_MIN || total > INT64_MAX) return std::nullopt;
  // Truncating division gives seconds and nanos of the same sign.
  return Duration{static_cast<int64_t>(total / kNanosPerSecond),
                  static_cast<int32_t>(total % kNanosPerSecond)};
}

// ".123", ".123456" or ".123456789" for nonzero nanos (the protobuf JSON precisions).
void AppendFraction(std::string& out, int32_t nanos) {
  if (nanos == 0) return;
  char buf[16];
  if (nanos % 1'000'000 == 0) {
    std::snprintf(buf, sizeof buf, ".%03d", nanos / 1'000'000);
  } else if (nanos % 1000 == 0) {
    std::snprintf(buf, sizeof buf, ".%06d", nanos / 1000);
  } else {
    std::snprintf(buf, sizeof buf, ".%09d", nanos);
  }
  out += buf;
}

// A cursor over RFC 3339 text.
class Rfc3339Reader {
 public:
  explicit Rfc3339Reader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool ConsumeAny(std::string_view chars) {
    if (AtEnd() || chars.find(text_[pos_]) == std::string_view::npos) return false;
    ++pos_;
    return true;
  }
  // Exactly `count` decimal digits.
  std::optional<int> Digits(int count) {
    if (text_.size() - pos_ < static_cast<size_t>(count)) return std::nullopt;
    int value = 0;
    for (int i = 0; i < count; ++i) {
      char c = text_[pos_ + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    return value;
  }
  // Fraction digits scaled to nanoseconds; digits past the ninth are dropped, as Go does.
  std::optional<int32_t> Fraction() {
    int32_t nanos = 0;
    int count = 0;
    while (!AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (++count <= 9) nanos = nanos * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (count == 0) return std::nullopt;
    for (int i = count; i < 9; ++i) nanos *= 10;
    return nanos;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// A Go duration unit and its length in nanoseconds.
struct DurationUnit {
  std::string_view name;
  int64_t nanos;
};

constexpr DurationUnit kDurationUnits[] = {
    {"ns", 1},
    {"us", 1000},
    {"\u00b5s", 1000},  // micro sign
    {"\u03bcs", 1000},  // Greek small letter mu
    {"ms", 1'000'000},
    {"s", kNanosPerSecond},
    {"m", 60 * kNanosPerSecond},
    {"h", 3600 * kNanosPerSecond},
};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// The digits at the front of a text: the value of the first `max_digits` of them (see
// ReadDigits), how many that was, and how many digits there were in all.
struct DigitRun {
  Nanos value = 0;
  int digits = 0;  // digits that contributed to value
  size_t length = 0;
};

DigitRun ReadDigits(std::string_view text, int max_digits) {
  DigitRun run;
  while (run.length < text.size() && IsDigit(text[run.length])) {
    if (run.digits < max_digits) {
      run.value = run.value * 10 + (text[run.length] - '0');
      ++run.digits;
    }
    ++run.length;
  }
  return run;
}

// Parses a fixed UTC offset as cel-go accepts it: "[+-]H[H]:MM".
std::optional<int32_t> ParseFixedOffset(std::string_view zone) {
  size_t colon = zone.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view hours_text = zone.substr(0, colon), minutes_text = zone.substr(colon + 1);
  bool negative = false;
  if (!hours_text.empty() && (hours_text[0] == '+' || hours_text[0] == '-')) {
    negative = hours_text[0] == '-';
    hours_text.remove_prefix(1);
  }
  if (hours_text.empty() || hours_text.size() > 2 || minutes_text.size() != 2) return std::nullopt;
  int hours = 0, minutes = 0;
  for (char c : hours_text) {
    if (!IsDigit(c)) return std::nullopt;
    hours = hours * 10 + (c - '0');
  }
  for (char c : minutes_text) {
    if (!IsDigit(c)) return std::nullopt;
    minutes = minutes * 10 + (c - '0');
  }
  if (hours > 23 || minutes > 59) return std::nullopt;
  int32_t offset = hours * 3600 + minutes * 60;
  return negative ? -offset : offset;
}

std::optional<int32_t> ZoneOffsetAt(std::string_view zone, int64_t unix_seconds) {
  if (zone == "UTC") return 0;
  if (zone.find(':') != std::string_view::npos) return ParseFixedOffset(zone);
  const TimeZone* tz = LoadTimeZone(zone);
  if (!tz) return std::nullopt;
  return tz->OffsetAt(unix_seconds);
}

}  // namespace

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  Rfc3339Reader reader(text);
  auto year = reader.Digits(4);
  if (!year || !reader.ConsumeAny("-")) return std::nullopt;
  auto month = reader.Digits(2);
  if (!month || !reader.ConsumeAny("-")) return std::nullopt;
  auto day = reader.Digits(2);
  if (!day || !reader.ConsumeAny("Tt")) return std::nullopt;
  auto hour = reader.Digits(2);
  if (!hour || !reader.ConsumeAny(":")) return std::nullopt;
  auto minute = reader.Digits(2);
  if (!minute || !reader.ConsumeAny(":")) return std::nullopt;
  auto second = reader.Digits(2);
  if (!second) return std::nullopt;
  int32_t nanos = 0;
  if (reader.ConsumeAny(".")) {
    auto fraction = reader.Fraction();
    if (!fraction) return std::nullopt;
    nanos = *fraction;
  }
  int64_t offset = 0;
  if (!reader.ConsumeAny("Zz")) {
    char sign = reader.Peek();
    if (!reader.ConsumeAny("+-")) return std::nullopt;
    auto offset_hours = reader.Digits(2);
    if (!offset_hours || !reader.ConsumeAny(":")) return std::nullopt;
    auto offset_minutes = reader.Digits(2);
    if (!offset_minutes || *offset_hours > 23 || *offset_minutes > 59) return std::nullopt;
    offset = (*offset_hours * 3600 + *offset_minutes * 60) * (sign == '-' ? -1 : 1);
  }
  if (!reader.AtEnd()) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > DaysInMonth(*year, *month) || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  int64_t seconds = DaysFromCivil(*year, *month, *day) * kSecondsPerDay + *hour * 3600 +
                    *minute * 60 + *second - offset;
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) return std::nullopt;
  return Timestamp{seconds, nanos};
}

std::string FormatTimestamp(Timestamp t) {
  int64_t days = FloorDiv(t.seconds, kSecondsPerDay);
  int64_t second_of_day = t.seconds - days * kSecondsPerDay;
  CivilDate date = CivilFromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                static_cast<int>(second_of_day % 60));
  std::string out = buf;
  AppendFraction(out, t.nanos);
  out += 'Z';
  return out;
}

std::optional<Duration> ParseDuration(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return Duration{};
  if (text.empty()) return std::nullopt;

  // Larger than any valid duration; bounds the intermediate values.
  constexpr Nanos kLimit = Nanos(1) << 64;
  Nanos total = 0;
  while (!text.empty()) {
    DigitRun whole = ReadDigits(text, 30);
    if (whole.length > 30) return std::nullopt;
    text.remove_prefix(whole.length);
    DigitRun fraction;
    if (!text.empty() && text[0] == '.') {
      text.remove_prefix(1);
      fraction = ReadDigits(text, 18);  // finer digits are below a nanosecond for every unit
      text.remove_prefix(fraction.length);
    }
    if (whole.length == 0 && fraction.length == 0) return std::nullopt;

    size_t unit_length = 0;
    while (unit_length < text.size() && text[unit_length] != '.' && !IsDigit(text[unit_length])) {
      ++unit_length;
    }
    std::string_view unit_name = text.substr(0, unit_length);
    text.remove_prefix(unit_length);
    const DurationUnit* unit = nullptr;
    for (const auto& candidate : kDurationUnits) {
      if (candidate.name == unit_name) unit = &candidate;
    }
    if (!unit) return std::nullopt;

    Nanos scale = 1;
    for (int i = 0; i < fraction.digits; ++i) scale *= 10;
    if (whole.value > kLimit) return std::nullopt;
    total += whole.value * unit->nanos + fraction.value * unit->nanos / scale;
    if (total > kLimit) return std::nullopt;
  }
  return DurationFromNanos(negative ? -total : total);
}

std::string FormatDuration(Duration d) {
  std::string out;
  if (d.seconds < 0 || d.nanos < 0) out += '-';
  out += std::to_string(d.seconds < 0 ? -static_cast<uint64_t>(d.seconds)
                                      : static_cast<uint64_t>(d.seconds));
  AppendFraction(out, d.nanos < 0 ? -d.nanos : d.nanos);
  out += 's';
  return out;
}

std::optional<Timestamp> AddDuration(Timestamp t, Duration d) {
  return TimestampFromNanos(TotalNanos(t.seconds, t.nanos) + TotalNanos(d.seconds, d.nanos));
}

std::optional<Duration> AddDurations(Duration a, Duration b) {
  return DurationFromNanos(TotalNanos(a.seconds, a.nanos) + TotalNanos(b.seconds, b.nanos));
}

std::optional<Duration> NegateDuration(Duration d) {
  return DurationFromNanos(-TotalNanos(d.seconds, d.nanos));
}

std::optional<Duration> Difference(Timestamp a, Timestamp b) {
  return DurationFromNanos(TotalNanos(a.seconds, a.nanos) - TotalNanos(b.seconds, b.nanos));
}

std::optional<int64_t> DurationNanos(Duration d) {
  Nanos total = TotalNanos(d.seconds, d.nanos);
  if (total < INT64_MIN || total > INT64_MAX) return std::nullopt;
  return static_cast<int64_t>(total);
}

std::optional<CivilTime> ToCivil(Timestamp t, std::string_view zone) {
  auto offset = ZoneOffsetAt(zone, t.seconds);
  if (!offset) return std::nullopt;
  int64_t local = t.seconds + *offset;
  int64_t days = FloorDiv(local, kSecondsPerDay);
  int64_t second_of_day = local - days * kSecondsPerDay;
  CivilDate date = CivilFromDays(days);
  CivilTime civil;
  civil.year = date.year;
  civil.month = date.month;
  civil.day = date.day;
  civil.hour = static_cast<int>(second_of_day / 3600);
  civil.minute = static_cast<int>(second_of_day / 60 % 60);
  civil.second = static_cast<int>(second_of_day % 60);
  civil.nanos = t.nanos;
  civil.day_of_week = WeekdayFromDays(days);
  civil.day_of_year = static_cast<int>(days - DaysFromCivil(date.year, 1, 1));
  return civil;
}

}  // namespace portcullis::cel
