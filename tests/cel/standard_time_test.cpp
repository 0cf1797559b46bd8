// The standard library's timestamp and duration accessors, in UTC and in time zones.
#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

constexpr const char* kTs = "timestamp('2009-02-13T23:31:30.123456789Z')";

std::string On(const char* accessor) {
  return std::string(kTs) + "." + accessor;
}

TEST(StandardTimeTest, TimestampAccessorsInUtc) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {On("getFullYear()"), "2009"},   {On("getMonth()"), "1"},    {On("getDayOfYear()"), "43"},
      {On("getDayOfMonth()"), "12"},   {On("getDate()"), "13"},    {On("getDayOfWeek()"), "5"},
      {On("getHours()"), "23"},        {On("getMinutes()"), "31"}, {On("getSeconds()"), "30"},
      {On("getMilliseconds()"), "123"}};
  for (const auto& [expr, expected] : cases)
    EXPECT_EQ(testing::EvalToString(expr), expected) << expr;
}

TEST(StandardTimeTest, TimestampAccessorsInTimeZones) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {On("getDate('Australia/Sydney')"), "14"},
      {On("getDayOfWeek('Australia/Sydney')"), "6"},
      {On("getHours('+01:00')"), "0"},
      {On("getHours('02:00')"), "1"},
      {On("getMinutes('Asia/Kathmandu')"), "16"},
      {On("getFullYear('-09:30')"), "2009"},
      {"timestamp('2009-02-13T02:00:00Z').getDayOfMonth('America/St_Johns')", "11"},
      {On("getHours('Mars/Olympus_Mons')"), "error: unknown time zone: Mars/Olympus_Mons"}};
  for (const auto& [expr, expected] : cases)
    EXPECT_EQ(testing::EvalToString(expr), expected) << expr;
}

TEST(StandardTimeTest, DurationAccessorsAreTotals) {
  ExpectAll({{"duration('10000s').getHours()", "2"},
             {"duration('3730s').getMinutes()", "62"},
             {"duration('3730s').getSeconds()", "3730"},
             {"duration('-90m').getHours()", "-1"},
             {"duration('123.321456789s').getMilliseconds()", "123321"},
             {"duration('1s').getDayOfWeek()", "error: no such overload: getDayOfWeek"}});
}

}  // namespace
}  // namespace portcullis::cel
