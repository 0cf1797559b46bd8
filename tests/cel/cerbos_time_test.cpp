#include <gtest/gtest.h>

#include "cel/time.h"
#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

EvalContext At(std::string_view rfc3339) {
  EvalContext ctx;
  ctx.now = *ParseTimestamp(rfc3339);
  return ctx;
}

TEST(CerbosTimeTest, NowIsTheEvaluationInstant) {
  MapActivation vars;
  EvalContext ctx = At("2021-05-01T13:34:12Z");
  EXPECT_EQ(testing::EvalToString("now()", vars, ctx), "timestamp(\"2021-05-01T13:34:12Z\")");
  EXPECT_EQ(testing::EvalToString("now() == now()", vars, ctx), "true");
  ctx = At("2030-01-01T00:00:00Z");  // the same program text, a later request
  EXPECT_EQ(testing::EvalToString("now()", vars, ctx), "timestamp(\"2030-01-01T00:00:00Z\")");
}

TEST(CerbosTimeTest, TimeSinceIsNowMinusTimestamp) {
  MapActivation vars;
  EvalContext ctx = At("2021-05-01T13:34:12Z");
  EXPECT_EQ(
      testing::EvalToString("timestamp('2021-04-20T10:00:20.021-05:00').timeSince()", vars, ctx),
      "duration(\"945231.979s\")");
  EXPECT_EQ(testing::EvalToString("timeSince(timestamp('2021-05-01T13:34:13Z'))", vars, ctx),
            "duration(\"-1s\")");
}

// The examples of the Cerbos conditions documentation's "Durations" and "Timestamps" tables
// that involve the request time, with their test data.
TEST(CerbosTimeTest, CerbosDocumentationExamples) {
  MapActivation vars;
  vars.Bind("R", testing::FromJsonText(R"({"kind": "leave_request", "attr": {
      "cooldownPeriod": "3750s",
      "lastAccessed": "2021-04-20T10:00:20.021-05:00",
      "lastUpdateTime": "2021-05-01T13:34:12.024Z"}})"));
  EvalContext ctx = At("2021-05-01T13:34:12Z");
  for (std::string_view expr : {
           "timestamp(R.attr.lastAccessed).timeSince() > duration(\"1h\")",
           "now() > timestamp(R.attr.lastAccessed)",
           "duration(R.attr.cooldownPeriod).getSeconds() == 3750",
           "duration(R.attr.cooldownPeriod).getHours() == 1",
           "duration(R.attr.cooldownPeriod).getMilliseconds() == 3750000",
           "duration(R.attr.cooldownPeriod).getMinutes() == 62",
           "timestamp(R.attr.lastUpdateTime) - timestamp(R.attr.lastAccessed) > duration(\"36h\")",
           "timestamp(R.attr.lastUpdateTime) + duration(\"24h\") == "
           "timestamp(\"2021-05-02T13:34:12.024Z\")",
       }) {
    EXPECT_EQ(testing::EvalToString(expr, vars, ctx), "true") << expr;
  }
}

}  // namespace
}  // namespace portcullis::cel
