#include "cel/time.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cel/time_zone.h"

namespace portcullis::cel {
namespace {

Timestamp MustParse(std::string_view text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t) << text;
  return t.value_or(Timestamp{});
}

Duration MustParseDuration(std::string_view text) {
  auto d = ParseDuration(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Duration{});
}

TEST(ParseTimestampTest, AcceptsRfc3339) {
  EXPECT_EQ(MustParse("2009-02-13T23:31:30Z"), (Timestamp{1234567890, 0}));
  EXPECT_EQ(MustParse("2009-02-13t23:31:30z"), (Timestamp{1234567890, 0}));
  EXPECT_EQ(MustParse("2009-02-13T23:31:30.123+01:00"), (Timestamp{1234564290, 123000000}));
  EXPECT_EQ(MustParse("2009-02-13T18:01:30-05:30"), (Timestamp{1234567890, 0}));
  EXPECT_EQ(MustParse("1969-12-31T23:59:59.999999999Z"), (Timestamp{-1, 999999999}));
  EXPECT_EQ(MustParse("2000-02-29T00:00:00Z"), (Timestamp{951782400, 0}));
  EXPECT_EQ(MustParse("2100-03-01T00:00:00Z"), (Timestamp{4107542400, 0}));
  EXPECT_EQ(MustParse("0001-01-01T00:00:00Z"), (Timestamp{kMinTimestampSeconds, 0}));
  EXPECT_EQ(MustParse("9999-12-31T23:59:59.999999999Z"),
            (Timestamp{kMaxTimestampSeconds, 999999999}));
  EXPECT_EQ(MustParse("2009-02-13T23:31:30.1Z").nanos, 100000000);
  EXPECT_EQ(MustParse("2009-02-13T23:31:30.1234567891Z").nanos, 123456789);  // truncated
}

TEST(ParseTimestampTest, RejectsMalformedAndOutOfRange) {
  for (std::string_view text : {
           "", "2009-02-13",
           "2009-02-13T23:31:30",       // no zone
           "2009-02-13 23:31:30Z",      // space separator
           "2009-2-13T23:31:30Z",       // one-digit month
           "2009-02-13T23:31:30.Z",     // empty fraction
           "2009-02-13T23:31:30+0100",  // offset without colon
           "2009-02-13T24:00:00Z", "2009-02-13T23:60:00Z", "2009-02-13T23:31:60Z",
           "2009-13-01T00:00:00Z",
           "2009-02-29T00:00:00Z",  // not a leap year
           "1900-02-29T00:00:00Z",  // not a leap year either
           "2009-02-13T23:31:30Zjunk",
           "0000-01-01T00:00:00Z",  // before year 1
           "10000-01-01T00:00:00Z",
           "0001-01-01T00:00:00+00:01",  // one minute before year 1 in UTC
           "9999-12-31T23:59:59-00:01",  // one minute past the end in UTC
       }) {
    EXPECT_EQ(ParseTimestamp(text), std::nullopt) << text;
  }
}

TEST(FormatTimestampTest, UsesProtobufPrecisions) {
  EXPECT_EQ(FormatTimestamp({1234567890, 0}), "2009-02-13T23:31:30Z");
  EXPECT_EQ(FormatTimestamp({1234567890, 100000000}), "2009-02-13T23:31:30.100Z");
  EXPECT_EQ(FormatTimestamp({1234567890, 123456000}), "2009-02-13T23:31:30.123456Z");
  EXPECT_EQ(FormatTimestamp({1234567890, 1}), "2009-02-13T23:31:30.000000001Z");
  EXPECT_EQ(FormatTimestamp({-1, 0}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp({kMinTimestampSeconds, 0}), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp({kMaxTimestampSeconds, 999999999}), "9999-12-31T23:59:59.999999999Z");
  EXPECT_EQ(FormatTimestamp({951782400, 0}), "2000-02-29T00:00:00Z");
}

TEST(ParseDurationTest, AcceptsGoSyntax) {
  EXPECT_EQ(MustParseDuration("0"), (Duration{0, 0}));
  EXPECT_EQ(MustParseDuration("-0"), (Duration{0, 0}));
  EXPECT_EQ(MustParseDuration("1000000s"), (Duration{1000000, 0}));
  EXPECT_EQ(MustParseDuration("1h2m3.5s"), (Duration{3723, 500000000}));
  EXPECT_EQ(MustParseDuration("-1.5h"), (Duration{-5400, 0}));
  EXPECT_EQ(MustParseDuration("+2m"), (Duration{120, 0}));
  EXPECT_EQ(MustParseDuration("100ms"), (Duration{0, 100000000}));
  EXPECT_EQ(MustParseDuration("1us"), (Duration{0, 1000}));
  EXPECT_EQ(MustParseDuration("1\u00b5s"), (Duration{0, 1000}));
  EXPECT_EQ(MustParseDuration("1\u03bcs"), (Duration{0, 1000}));
  EXPECT_EQ(MustParseDuration("1ns"), (Duration{0, 1}));
  EXPECT_EQ(MustParseDuration("-999999999ns"), (Duration{0, -999999999}));
  EXPECT_EQ(MustParseDuration("123.321456789s"), (Duration{123, 321456789}));
  EXPECT_EQ(MustParseDuration(".5s"), (Duration{0, 500000000}));
  EXPECT_EQ(MustParseDuration("1.s"), (Duration{1, 0}));
  EXPECT_EQ(MustParseDuration("1.0000000019s"), (Duration{1, 1}));  // finer digits truncate
  EXPECT_EQ(MustParseDuration("1s1s"), (Duration{2, 0}));
  // The limits of an int64 count of nanoseconds.
  EXPECT_EQ(MustParseDuration("9223372036.854775807s"), (Duration{9223372036, 854775807}));
  EXPECT_EQ(MustParseDuration("-2562047h47m16.854775808s"), (Duration{-9223372036, -854775808}));
}

TEST(ParseDurationTest, RejectsMalformedAndOutOfRange) {
  for (std::string_view text :
       {"", "-", "1", "s", ".s", "1x", "1.5", "1s 2s", "--1s", "1S", "320000000000s",
        "-320000000000s", "9223372036.854775808s", "2562048h", "200000000000s",
        "99999999999999999999999999999999999h"}) {
    EXPECT_EQ(ParseDuration(text), std::nullopt) << text;
  }
}

TEST(FormatDurationTest, UsesProtobufPrecisions) {
  EXPECT_EQ(FormatDuration({3600, 0}), "3600s");
  EXPECT_EQ(FormatDuration({1, 500000000}), "1.500s");
  EXPECT_EQ(FormatDuration({0, -1}), "-0.000000001s");
  EXPECT_EQ(FormatDuration({-5, -250000}), "-5.000250s");
  EXPECT_EQ(FormatDuration({0, 0}), "0s");
  EXPECT_EQ(FormatDuration({-9223372036, -854775808}), "-9223372036.854775808s");
}

TEST(TimeArithmeticTest, AddDurationNormalizesNanos) {
  EXPECT_EQ(AddDuration(MustParse("0001-01-01T00:00:01.000000001Z"), {0, -999999999}),
            MustParse("0001-01-01T00:00:00.000000002Z"));
  EXPECT_EQ(AddDuration(MustParse("0001-01-01T00:00:01.999999999Z"), {0, 999999999}),
            MustParse("0001-01-01T00:00:02.999999998Z"));
  EXPECT_EQ(AddDuration({1234567800, 0}, {240, 0}), (Timestamp{1234568040, 0}));
}

TEST(TimeArithmeticTest, RangeErrors) {
  EXPECT_EQ(AddDuration(MustParse("0001-01-01T00:00:00Z"), {-1, 0}), std::nullopt);
  EXPECT_EQ(AddDuration(MustParse("0001-01-01T00:00:00Z"), {0, -1}), std::nullopt);
  EXPECT_EQ(AddDuration(MustParse("9999-12-31T23:59:59Z"), {1, 0}), std::nullopt);
  EXPECT_EQ(AddDuration(MustParse("9999-12-31T23:59:59.999999999Z"), {0, 1}), std::nullopt);
  EXPECT_EQ(Difference(MustParse("9999-12-31T23:59:59Z"), MustParse("0001-01-01T00:00:00Z")),
            std::nullopt);
  EXPECT_EQ(Difference(MustParse("0001-01-01T00:00:00Z"), MustParse("9999-12-31T23:59:59Z")),
            std::nullopt);
  EXPECT_EQ(AddDurations({-200000000000, 0}, {-200000000000, 0}), std::nullopt);
  EXPECT_EQ(AddDurations({200000000000, 0}, {200000000000, 0}), std::nullopt);
}

TEST(TimeArithmeticTest, DurationsKeepOneSign) {
  EXPECT_EQ(AddDurations({600, 0}, {50, 0}), (Duration{650, 0}));
  EXPECT_EQ(AddDurations({1, 0}, {0, -1}), (Duration{0, 999999999}));
  EXPECT_EQ(AddDurations({-1, 0}, {0, 1}), (Duration{0, -999999999}));
  EXPECT_EQ(NegateDuration({1, 500}), (Duration{-1, -500}));
  EXPECT_EQ(NegateDuration({-9223372036, -854775807}), (Duration{9223372036, 854775807}));
  EXPECT_EQ(NegateDuration({-9223372036, -854775808}), std::nullopt);
  EXPECT_EQ(Difference({120, 0}, {0, 1}), (Duration{119, 999999999}));
  EXPECT_EQ(Difference({0, 1}, {120, 0}), (Duration{-119, -999999999}));
}

TEST(TimeArithmeticTest, DurationNanos) {
  EXPECT_EQ(DurationNanos({1, 5}), 1000000005);
  EXPECT_EQ(DurationNanos({-1, -5}), -1000000005);
  EXPECT_EQ(DurationNanos({9223372036, 854775807}), INT64_MAX);
  EXPECT_EQ(DurationNanos({9223372036, 854775808}), std::nullopt);
  EXPECT_EQ(DurationNanos({-9223372036, -854775808}), INT64_MIN);
  // The largest timestamp difference that fits, about 292 years.
  EXPECT_EQ(Difference(MustParse("2262-04-11T23:47:16.854775807Z"), {0, 0}),
            (Duration{9223372036, 854775807}));
  EXPECT_EQ(Difference(MustParse("2262-04-11T23:47:16.854775808Z"), {0, 0}), std::nullopt);
}

struct CivilCase {
  std::string_view instant;
  std::string_view zone;
  int64_t year;
  int month, day, hour, minute, second, day_of_week, day_of_year;
};

TEST(ToCivilTest, MatchesTheZoneDatabase) {
  const CivilCase cases[] = {
      // Conformance data: timestamps/timestamp_selectors(_tz).
      {"2009-02-13T23:31:30Z", "UTC", 2009, 2, 13, 23, 31, 30, 5, 43},
      {"2009-02-13T23:31:30Z", "Australia/Sydney", 2009, 2, 14, 10, 31, 30, 6, 44},
      {"2009-02-13T23:31:30Z", "US/Central", 2009, 2, 13, 17, 31, 30, 5, 43},
      {"2009-02-13T23:31:30Z", "Asia/Kathmandu", 2009, 2, 14, 5, 16, 30, 6, 44},
      {"2009-02-13T02:00:00Z", "America/St_Johns", 2009, 2, 12, 22, 30, 0, 4, 42},
      {"2009-02-13T23:31:30Z", "+11:00", 2009, 2, 14, 10, 31, 30, 6, 44},
      {"2009-02-13T02:00:00Z", "-02:30", 2009, 2, 12, 23, 30, 0, 4, 42},
      {"2009-02-13T23:31:30Z", "02:00", 2009, 2, 14, 1, 31, 30, 6, 44},
      {"2009-02-13T23:31:30Z", "-00:00", 2009, 2, 13, 23, 31, 30, 5, 43},
      {"2009-02-13T23:31:30Z", "-09:30", 2009, 2, 13, 14, 1, 30, 5, 43},
      // New York DST 2024: 2024-03-10 02:00 EST -> 03:00 EDT; 2024-11-03 02:00 EDT -> 01:00 EST.
      {"2024-03-10T06:59:59Z", "America/New_York", 2024, 3, 10, 1, 59, 59, 0, 69},
      {"2024-03-10T07:00:00Z", "America/New_York", 2024, 3, 10, 3, 0, 0, 0, 69},
      {"2024-11-03T05:59:59Z", "America/New_York", 2024, 11, 3, 1, 59, 59, 0, 307},
      {"2024-11-03T06:00:00Z", "America/New_York", 2024, 11, 3, 1, 0, 0, 0, 307},
      // Sydney (southern hemisphere): DST ends 2024-04-07 03:00, starts 2024-10-06 02:00.
      {"2024-04-06T15:59:59Z", "Australia/Sydney", 2024, 4, 7, 2, 59, 59, 0, 97},
      {"2024-04-06T16:00:00Z", "Australia/Sydney", 2024, 4, 7, 2, 0, 0, 0, 97},
      {"2024-10-05T15:59:59Z", "Australia/Sydney", 2024, 10, 6, 1, 59, 59, 0, 279},
      {"2024-10-05T16:00:00Z", "Australia/Sydney", 2024, 10, 6, 3, 0, 0, 0, 279},
      // Far beyond the transition table: the TZif footer's rule applies.
      {"2100-06-30T00:00:00Z", "America/New_York", 2100, 6, 29, 20, 0, 0, 2, 179},
      {"3000-07-10T00:00:00Z", "America/New_York", 3000, 7, 9, 20, 0, 0, 3, 189},
      {"2100-01-11T00:00:00Z", "Australia/Sydney", 2100, 1, 11, 11, 0, 0, 1, 10},
      {"9999-12-31T23:59:59Z", "America/New_York", 9999, 12, 31, 18, 59, 59, 5, 364},
      {"9999-12-31T23:59:59Z", "Australia/Sydney", 10000, 1, 1, 10, 59, 59, 6, 0},
      // Leap days.
      {"2024-02-29T00:00:00Z", "UTC", 2024, 2, 29, 0, 0, 0, 4, 59},
      {"2024-12-31T12:00:00Z", "UTC", 2024, 12, 31, 12, 0, 0, 2, 365},
      {"1900-01-01T00:00:00Z", "Europe/London", 1900, 1, 1, 0, 0, 0, 1, 0},
      {"1969-12-31T23:59:59Z", "UTC", 1969, 12, 31, 23, 59, 59, 3, 364},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.instant) + " in " + std::string(c.zone));
    auto civil = ToCivil(MustParse(c.instant), c.zone);
    ASSERT_TRUE(civil);
    EXPECT_EQ(civil->year, c.year);
    EXPECT_EQ(civil->month, c.month);
    EXPECT_EQ(civil->day, c.day);
    EXPECT_EQ(civil->hour, c.hour);
    EXPECT_EQ(civil->minute, c.minute);
    EXPECT_EQ(civil->second, c.second);
    EXPECT_EQ(civil->day_of_week, c.day_of_week);
    EXPECT_EQ(civil->day_of_year, c.day_of_year);
  }
}

TEST(ToCivilTest, KeepsNanos) {
  EXPECT_EQ(ToCivil(MustParse("2009-02-13T23:31:20.123456789Z"), "UTC")->nanos, 123456789);
}

TEST(ToCivilTest, BeforeTheFirstTransitionUsesLocalMeanTime) {
  // New York's local mean time was UTC-4:56:02.
  auto civil = ToCivil(MustParse("0001-01-01T00:00:00Z"), "America/New_York");
  ASSERT_TRUE(civil);
  EXPECT_EQ(civil->year, 0);
  EXPECT_EQ(civil->month, 12);
  EXPECT_EQ(civil->day, 31);
  EXPECT_EQ(civil->hour, 19);
  EXPECT_EQ(civil->minute, 3);
  EXPECT_EQ(civil->second, 58);
}

TEST(ToCivilTest, ZonesLoadSafelyFromManyThreads) {
  const std::string_view zones[] = {"Europe/Paris", "Asia/Tokyo", "America/Los_Angeles",
                                    "Africa/Cairo"};
  const int expected_hours[] = {1, 9, 16, 2};  // at 2024-01-01T00:00:00Z
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        int z = (t + i) % 4;
        auto civil = ToCivil({1704067200, 0}, zones[z]);
        if (!civil || civil->hour != expected_hours[z]) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ToCivilTest, RejectsUnknownZones) {
  for (std::string_view zone :
       {"", "Mars/Olympus", "America", "../../etc/passwd", "/usr/share/zoneinfo/UTC",
        "America/../UTC", "+5", "+05:3", "+24:00", "05:60", "ab:cd", "utc"}) {
    EXPECT_EQ(ToCivil({0, 0}, zone), std::nullopt) << zone;
  }
}

TEST(PosixTimeZoneTest, ParsesRules) {
  auto ny = PosixTimeZone::Parse("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->std_offset, -5 * 3600);
  EXPECT_EQ(ny->dst_offset, -4 * 3600);
  EXPECT_EQ(ny->dst_start.month, 3);
  EXPECT_EQ(ny->dst_end.time_of_day, 7200);

  auto quoted = PosixTimeZone::Parse("<+0545>-5:45");
  ASSERT_TRUE(quoted);
  EXPECT_FALSE(quoted->has_dst);
  EXPECT_EQ(quoted->std_offset, 5 * 3600 + 45 * 60);

  // Always daylight time (TZif v3 extension: hours beyond 24).
  auto always = PosixTimeZone::Parse("EST5EDT,0/0,J365/25");
  ASSERT_TRUE(always);
  EXPECT_EQ(always->OffsetAt(1719792000), -4 * 3600);  // 2024-07-01
  EXPECT_EQ(always->OffsetAt(1704067200), -4 * 3600);  // 2024-01-01

  for (std::string_view text : {"", "EST", "5", "EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0",
                                "EST5EDT,M3.2.0,M11.1.0junk", "<EST5"}) {
    EXPECT_FALSE(PosixTimeZone::Parse(text)) << text;
  }
}

// A TZif file: header and data blocks as RFC 8536 lays them out.
class TzifBuilder {
 public:
  // One data block: transitions (time, type index) and the types' UTC offsets.
  void Block(int time_bytes, const std::vector<std::pair<int64_t, uint8_t>>& transitions,
             const std::vector<int32_t>& offsets) {
    out_ += "TZif";
    out_ += version_;
    out_.append(15, '\0');
    for (uint32_t count :
         {0u, 0u, 0u, uint32_t(transitions.size()), uint32_t(offsets.size()), 4u}) {
      Append(count, 4);
    }
    for (const auto& transition : transitions) Append(uint64_t(transition.first), time_bytes);
    for (const auto& transition : transitions) out_ += char(transition.second);
    for (int32_t offset : offsets) {
      Append(uint32_t(offset), 4);
      out_ += '\0';  // isdst
      out_ += '\0';  // abbreviation index
    }
    out_ += "UTC";
    out_ += '\0';
  }
  void Version(char version) { version_ = version; }
  void Footer(std::string_view tz) {
    out_ += '\n';
    out_ += tz;
    out_ += '\n';
  }
  const std::string& bytes() const { return out_; }

 private:
  void Append(uint64_t value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out_ += char((value >> (8 * i)) & 0xFF);
  }
  std::string out_;
  char version_ = '\0';
};

TEST(TimeZoneTest, ReadsVersion1Files) {
  TzifBuilder tzif;
  tzif.Block(4, {{1000, 1}, {2000, 0}}, {3600, 7200});
  auto zone = TimeZone::FromTzif(tzif.bytes());
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->OffsetAt(-5000000000), 3600);  // before the first transition: type 0
  EXPECT_EQ(zone->OffsetAt(999), 3600);
  EXPECT_EQ(zone->OffsetAt(1000), 7200);
  EXPECT_EQ(zone->OffsetAt(1999), 7200);
  EXPECT_EQ(zone->OffsetAt(2000), 3600);
  EXPECT_EQ(zone->OffsetAt(5000000000), 3600);
}

TEST(TimeZoneTest, Version2UsesThe64BitBlockAndTheFooter) {
  TzifBuilder tzif;
  tzif.Version('2');
  tzif.Block(4, {}, {0});  // ignored 32-bit block
  tzif.Block(8, {{-5000000000, 1}}, {-17762, -18000});
  tzif.Footer("EST5EDT,M3.2.0,M11.1.0");
  auto zone = TimeZone::FromTzif(tzif.bytes());
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->OffsetAt(-5000000001), -17762);
  EXPECT_EQ(zone->OffsetAt(1719792000), -4 * 3600);  // 2024-07-01: the footer's DST
  EXPECT_EQ(zone->OffsetAt(1704067200), -5 * 3600);  // 2024-01-01
}

TEST(TimeZoneTest, SlimFilesRelyOnTheFooterAlone) {
  TzifBuilder tzif;
  tzif.Version('3');
  tzif.Block(4, {}, {0});
  tzif.Block(8, {}, {36000});
  tzif.Footer("AEST-10AEDT,M10.1.0,M4.1.0/3");
  auto zone = TimeZone::FromTzif(tzif.bytes());
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->OffsetAt(1712419199), 11 * 3600);  // 2024-04-07 02:59:59 AEDT
  EXPECT_EQ(zone->OffsetAt(1712419200), 10 * 3600);
  EXPECT_EQ(zone->OffsetAt(1719792000), 10 * 3600);  // July: winter
  EXPECT_EQ(zone->OffsetAt(1728144000), 11 * 3600);  // 2024-10-06 03:00 AEDT
}

TEST(TimeZoneTest, RejectsMalformedTzif) {
  TzifBuilder truncated;
  truncated.Block(4, {{1000, 1}}, {0, 3600});
  EXPECT_FALSE(TimeZone::FromTzif(truncated.bytes().substr(0, truncated.bytes().size() - 3)));
  TzifBuilder bad_type;
  bad_type.Block(4, {{1000, 2}}, {0, 3600});
  EXPECT_FALSE(TimeZone::FromTzif(bad_type.bytes()));
  TzifBuilder unsorted;
  unsorted.Block(4, {{2000, 1}, {1000, 0}}, {0, 3600});
  EXPECT_FALSE(TimeZone::FromTzif(unsorted.bytes()));
  TzifBuilder no_footer;
  no_footer.Version('2');
  no_footer.Block(4, {}, {0});
  no_footer.Block(8, {}, {0});
  EXPECT_FALSE(TimeZone::FromTzif(no_footer.bytes()));

  EXPECT_FALSE(TimeZone::FromTzif(""));
  EXPECT_FALSE(TimeZone::FromTzif("TZif2"));
  EXPECT_FALSE(TimeZone::FromTzif(std::string(60, 'x')));
}

TEST(CivilDaysTest, RoundTrips) {
  for (int64_t days : {-719162LL, -1LL, 0LL, 59LL, 10957LL, 2932896LL}) {
    CivilDate date = CivilFromDays(days);
    EXPECT_EQ(DaysFromCivil(date.year, date.month, date.day), days);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
}

}  // namespace
}  // namespace portcullis::cel
