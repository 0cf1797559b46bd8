// Timestamps, durations and time zones for CEL (cel-spec "Timestamps and Durations").
//
// Thread-safe. Time zones are read from the system's TZif files (/usr/share/zoneinfo, Debian
// package tzdata) on first use and cached for the life of the process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cel/value.h"

namespace portcullis::cel {

// Valid timestamp range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z.
inline constexpr int64_t kMinTimestampSeconds = -62135596800;
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;
// Durations, as in cel-go, must fit in int64 nanoseconds (about ±292 years).

// Parses RFC 3339 ("2009-02-13T23:31:30Z", "...T23:31:30.123+01:00"); nullopt when malformed or
// out of range.
std::optional<Timestamp> ParseTimestamp(std::string_view text);
// RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as protobuf JSON writes it.
std::string FormatTimestamp(Timestamp t);

// Parses Go-style durations: "1h2m3.5s", "-1.5h", "100ms", "1us", "1µs", "1ns", "0".
std::optional<Duration> ParseDuration(std::string_view text);
// The protobuf JSON form: seconds with an "s" suffix and 0, 3, 6 or 9 fractional digits
// ("3600s", "1.500s", "-0.000000001s"). (`string(duration)` in CEL uses ToCelString instead.)
std::string FormatDuration(Duration d);

// Arithmetic with range checks; nullopt on overflow or out-of-range results.
std::optional<Timestamp> AddDuration(Timestamp t, Duration d);
std::optional<Duration> AddDurations(Duration a, Duration b);
std::optional<Duration> NegateDuration(Duration d);
std::optional<Duration> Difference(Timestamp a, Timestamp b);  // a - b

// Total nanoseconds; nullopt when it does not fit in int64.
std::optional<int64_t> DurationNanos(Duration d);

// A timestamp broken down in a time zone.
struct CivilTime {
  int64_t year;
  int month;        // 1..12
  int day;          // 1..31
  int hour;         // 0..23
  int minute;       // 0..59
  int second;       // 0..59
  int32_t nanos;    // 0..999'999'999
  int day_of_week;  // 0 = Sunday
  int day_of_year;  // 0-based
};

// Breaks `t` down in `zone`: an IANA name ("America/New_York"), "UTC", or a fixed offset
// ("+05:30", "-08:00"). nullopt for an unknown zone.
std::optional<CivilTime> ToCivil(Timestamp t, std::string_view zone);

}  // namespace portcullis::cel
