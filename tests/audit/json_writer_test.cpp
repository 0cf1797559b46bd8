#include "audit/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace portcullis::audit {
namespace {

TEST(JsonWriterTest, WritesCommasBetweenMembersAndElementsOnly) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Member("a", "x");
  json.Key("list");
  json.BeginArray();
  json.String("1");
  json.BeginObject();
  json.EndObject();
  json.BeginArray();
  json.EndArray();
  json.EndArray();
  json.Key("raw");
  json.Raw("12");
  json.Key("value");
  json.Json(boost::json::parse(R"({"k":[true,null]})"));
  json.EndObject();
  EXPECT_EQ(out, R"({"a":"x","list":["1",{},[]],"raw":12,"value":{"k":[true,null]}})");
}

TEST(JsonWriterTest, EscapesKeysAndStrings) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Member("q\"uote", "line\nbreak \\ \x01");
  json.EndObject();
  EXPECT_EQ(out, R"({"q\"uote":"line\nbreak \\ \u0001"})");
  EXPECT_EQ(boost::json::parse(out).at("q\"uote").as_string(), "line\nbreak \\ \x01");
}

TEST(JsonWriterTest, WritesTimesInRfc3339Utc) {
  std::string out;
  JsonWriter json(out);
  json.BeginArray();
  json.Time(std::chrono::system_clock::time_point(std::chrono::seconds(1714557600)));
  json.Time(std::chrono::system_clock::time_point(std::chrono::seconds(1714557600) +
                                                  std::chrono::microseconds(123456)));
  json.EndArray();
  EXPECT_EQ(out, R"(["2024-05-01T10:00:00Z","2024-05-01T10:00:00.123456Z"])");
}

}  // namespace
}  // namespace portcullis::audit
