// Private to cel/: IANA time zones read from TZif files (RFC 8536), as used by the timestamp
// accessors (`getHours("America/New_York")`...).
//
// A TimeZone is immutable once built and may be shared between threads. LoadTimeZone caches
// every zone it has read for the life of the process (the set of zones is bounded by the files
// under /usr/share/zoneinfo); it is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace portcullis::cel {

// The daylight-saving rule of a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0"), which a TZif footer
// uses for instants after the last transition of its table.
struct PosixTimeZone {
  // When a change takes effect: a day of the year rule plus the local time of day (seconds;
  // may be negative or exceed a day, as TZif v3 allows).
  struct Rule {
    enum class Kind : uint8_t {
      kJulianNoLeap,  // "Jn": day 1..365, February 29 never counted
      kZeroBasedDay,  // "n": day 0..365, February 29 counted
      kMonthWeekDay,  // "Mm.w.d": day d (0 = Sunday) of week w (5 = last) of month m
    };
    Kind kind = Kind::kMonthWeekDay;
    int day = 0;
    int week = 0;
    int month = 0;
    int32_t time_of_day = 7200;  // the default: 02:00:00
  };

  int32_t std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int32_t dst_offset = 0;
  Rule dst_start;
  Rule dst_end;

  // Parses a TZ string; nullopt when it is malformed.
  static std::optional<PosixTimeZone> Parse(std::string_view text);

  // The UTC offset in effect at `unix_seconds`.
  int32_t OffsetAt(int64_t unix_seconds) const;
};

class TimeZone {
 public:
  // Parses the contents of a TZif file (versions 1 to 4); nullopt when it is malformed.
  static std::optional<TimeZone> FromTzif(std::string_view data);

  // The UTC offset (seconds east of UTC) in effect at `unix_seconds`.
  int32_t OffsetAt(int64_t unix_seconds) const;

 private:
  std::vector<int64_t> transition_times_;  // ascending
  std::vector<uint8_t> transition_types_;  // index into type_offsets_, per transition
  std::vector<int32_t> type_offsets_;      // utoff of each local time type
  std::optional<PosixTimeZone> footer_;    // rule for instants after the last transition
};

// Loads an IANA zone ("America/New_York", "US/Central") from /usr/share/zoneinfo; nullptr when
// the name is not a zone. The returned zone is never freed: it lives for the rest of the process.
const TimeZone* LoadTimeZone(std::string_view name);

// Calendar arithmetic (proleptic Gregorian), shared with time.cpp.

// Division rounding toward negative infinity. REQUIRES: b > 0. Inline so that constant divisors
// compile to multiplications.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
// The day of the week of a day counted from 1970-01-01; 0 = Sunday.
int WeekdayFromDays(int64_t days);
// Days since 1970-01-01 of a date, and back.
int64_t DaysFromCivil(int64_t year, int month, int day);
struct CivilDate {
  int64_t year;
  int month;
  int day;
};
CivilDate CivilFromDays(int64_t days);
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);

}  // namespace portcullis::cel
