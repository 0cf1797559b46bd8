#include "cel/proto_json.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "cel/value_ops.h"

namespace portcullis::cel {
namespace {

Value Parse(std::string_view text) {
  auto result = ValueFromProtoJson(boost::json::parse(text));
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << text << ": " << *error;
    return Value::Error(*error);
  }
  return std::get<Value>(result);
}

std::string ParseError(std::string_view text) {
  auto result = ValueFromProtoJson(boost::json::parse(text));
  if (auto* error = std::get_if<std::string>(&result)) return *error;
  ADD_FAILURE() << text << " parsed as " << DebugString(std::get<Value>(result));
  return "";
}

std::string Render(const Value& v) {
  return boost::json::serialize(ValueToProtoJson(v));
}

TEST(ValueFromProtoJsonTest, Scalars) {
  EXPECT_EQ(DebugString(Parse(R"({"int64Value":"-9223372036854775808"})")), "-9223372036854775808");
  EXPECT_EQ(DebugString(Parse(R"({"int64Value":42})")), "42");
  EXPECT_EQ(DebugString(Parse(R"({"uint64Value":"18446744073709551615"})")),
            "18446744073709551615u");
  EXPECT_EQ(DebugString(Parse(R"({"uint64Value":7})")), "7u");
  EXPECT_EQ(DebugString(Parse(R"({"doubleValue":-26.375})")), "-26.375");
  EXPECT_EQ(DebugString(Parse(R"({"doubleValue":1})")), "1.0");
  EXPECT_EQ(DebugString(Parse(R"({"doubleValue":"-Infinity"})")), "-Inf");
  EXPECT_TRUE(std::isnan(Parse(R"({"doubleValue":"NaN"})").double_value()));
  EXPECT_EQ(DebugString(Parse(R"({"stringValue":"\u00ff"})")), "\"\u00ff\"");
  EXPECT_EQ(DebugString(Parse(R"({"boolValue":false})")), "false");
  EXPECT_EQ(Parse(R"({"nullValue":null})").kind(), Kind::kNull);
  EXPECT_EQ(Parse(R"({"nullValue":"NULL_VALUE"})").kind(), Kind::kNull);
  EXPECT_EQ(DebugString(Parse(R"({"typeValue":"google.protobuf.Duration"})")),
            "google.protobuf.Duration");
  EXPECT_EQ(Parse(R"({"typeValue":"null_type"})").type_name().data(), type_names::kNull.data());
  EXPECT_EQ(DebugString(Parse(R"({"enumValue":{"type":"x.GlobalEnum","value":2}})")), "2");
  EXPECT_EQ(DebugString(Parse(R"({"enumValue":{"type":"x.GlobalEnum"}})")), "0");
}

TEST(ValueFromProtoJsonTest, BytesAcceptBase64Variants) {
  EXPECT_EQ(Parse(R"({"bytesValue":"w78="})").str(), "\xc3\xbf");
  EXPECT_EQ(Parse(R"({"bytesValue":"AP8="})").str(), std::string("\0\xff", 2));
  EXPECT_EQ(Parse(R"({"bytesValue":"AP8"})").str(), std::string("\0\xff", 2));
  EXPECT_EQ(Parse(R"({"bytesValue":"-_8="})").str(), "\xfb\xff");
  EXPECT_EQ(Parse(R"({"bytesValue":"+/8="})").str(), "\xfb\xff");
  EXPECT_EQ(Parse(R"({"bytesValue":""})").str(), "");
  EXPECT_EQ(Parse(R"({"bytesValue":"Zm9vUw=="})").str(), "fooS");
}

TEST(ValueFromProtoJsonTest, ListsAndMaps) {
  EXPECT_EQ(DebugString(Parse(R"({"listValue":{"values":[{"int64Value":"1"},
      {"listValue":{"values":[{"stringValue":"a"}]}}]}})")),
            R"([1, ["a"]])");
  EXPECT_EQ(DebugString(Parse(R"({"listValue":{}})")), "[]");
  EXPECT_EQ(DebugString(Parse(R"({"mapValue":{}})")), "{}");
  EXPECT_EQ(DebugString(Parse(R"({"mapValue":{"entries":[
      {"key":{"stringValue":"b"},"value":{"nullValue":null}},
      {"key":{"uint64Value":"1"},"value":{"boolValue":true}}]}})")),
            R"({"b": null, 1u: true})");
}

TEST(ValueFromProtoJsonTest, WellKnownMessages) {
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.Timestamp","value":"2009-02-13T23:31:30Z"}})")),
            R"(timestamp("2009-02-13T23:31:30Z"))");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.Duration","value":"123.321456789s"}})")),
            R"(duration("123.321456789s"))");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.Int64Value","value":"-5"}})")),
            "-5");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.Int32Value","value":-5}})")),
            "-5");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.UInt64Value","value":"5"}})")),
            "5u");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.UInt32Value"}})")),
            "0u");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.FloatValue","value":-1.5}})")),
            "-1.5");
  EXPECT_EQ(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.FloatValue","value":0.1}})")
                .double_value(),
            double(0.1f));
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.DoubleValue","value":"Infinity"}})")),
            "+Inf");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.BoolValue","value":true}})")),
            "true");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.StringValue","value":"s"}})")),
            R"("s")");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.BytesValue","value":"YmFy"}})")),
            R"(b"bar")");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.Value","value":{"x":null,"y":[1,true,"hi"]}}})")),
            R"({"x": null, "y": [1.0, true, "hi"]})");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.Struct","value":{"first":"Abraham"}}})")),
            R"({"first": "Abraham"})");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.ListValue","value":["bar",["a","b"]]}})")),
            R"(["bar", ["a", "b"]])");
  EXPECT_EQ(DebugString(Parse(R"({"objectValue":{"@type":
      "type.googleapis.com/google.protobuf.Any","value":{"@type":
      "type.googleapis.com/google.protobuf.Int64Value","value":"7"}}})")),
            "7");
}

TEST(ValueFromProtoJsonTest, ParsedValuesOwnTheirData) {
  Value v;
  {
    auto json = boost::json::parse(R"({"objectValue":{"@type":
        "type.googleapis.com/google.protobuf.Value","value":{"k":["v"]}}})");
    auto result = ValueFromProtoJson(json);
    v = std::get<Value>(result);
  }
  EXPECT_FALSE(v.is_borrowed());
  EXPECT_EQ(v.map_find_string("k")->list_at(0).str(), "v");
}

TEST(ValueFromProtoJsonTest, Errors) {
  EXPECT_EQ(ParseError(R"({"objectValue":{"@type":
      "type.googleapis.com/cel.expr.conformance.proto3.TestAllTypes","singleInt32":1}})"),
            "unsupported message type: cel.expr.conformance.proto3.TestAllTypes");
  EXPECT_EQ(ParseError(R"({"mapValue":{"entries":[
      {"key":{"int64Value":"1"},"value":{"nullValue":null}},
      {"key":{"uint64Value":"1"},"value":{"nullValue":null}}]}})"),
            "Failed with repeated key");
  EXPECT_EQ(ParseError(R"({"mapValue":{"entries":[
      {"key":{"doubleValue":1.5},"value":{"nullValue":null}}]}})"),
            "unsupported key type");
  EXPECT_NE(ParseError(R"({"typeValue":"cel.expr.conformance.proto2.GlobalEnum"})"), "");
  for (std::string_view bad : {
           R"({"int64Value":"9223372036854775808"})",
           R"({"int64Value":"1.5"})",
           R"({"int64Value":1.5})",
           R"({"uint64Value":"-1"})",
           R"({"uint64Value":-1})",
           R"({"doubleValue":"fast"})",
           R"({"bytesValue":"A"})",
           R"({"bytesValue":"A*=="})",
           R"({"boolValue":"true"})",
           R"({"nullValue":0})",
           R"({"stringValue":"a","boolValue":true})",
           R"({})",
           R"([])",
           R"({"listValue":{"values":{}}})",
           R"({"mapValue":{"entries":[{"key":{"stringValue":"a"}}]}})",
           R"({"objectValue":{"value":"1s"}})",
           R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Timestamp",
               "value":"0000-01-01T00:00:00Z"}})",
           R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Duration",
               "value":"1h"}})",
           R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Int32Value",
               "value":2147483648}})",
           R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Struct","value":[]}})",
           R"({"unknownField":1})",
       }) {
    EXPECT_NE(ParseError(bad), "") << bad;
  }
}

TEST(ExprValueFromProtoJsonTest, ValueErrorAndUnknown) {
  auto value = ExprValueFromProtoJson(boost::json::parse(R"({"value":{"int64Value":"1"}})"));
  EXPECT_EQ(std::get<Value>(value).int_value(), 1);

  auto error = ExprValueFromProtoJson(
      boost::json::parse(R"({"error":{"errors":[{"message":"range"},{"message":"other"}]}})"));
  ASSERT_TRUE(std::get<Value>(error).IsError());
  EXPECT_EQ(std::get<Value>(error).error_message(), "range; other");

  auto unknown =
      ExprValueFromProtoJson(boost::json::parse(R"({"unknown":{"exprs":["3","1","3"]}})"));
  ASSERT_TRUE(std::get<Value>(unknown).IsUnknown());
  EXPECT_EQ(std::get<Value>(unknown).unknown_set().attributes,
            (std::vector<std::string>{"1", "3"}));

  EXPECT_TRUE(std::holds_alternative<std::string>(
      ExprValueFromProtoJson(boost::json::parse(R"({"values":{}})"))));
}

TEST(ValueToProtoJsonTest, Scalars) {
  EXPECT_EQ(Render(Value::Null()), R"({"nullValue":null})");
  EXPECT_EQ(Render(Value::Bool(true)), R"({"boolValue":true})");
  EXPECT_EQ(Render(Value::Int(std::numeric_limits<int64_t>::min())),
            R"({"int64Value":"-9223372036854775808"})");
  EXPECT_EQ(Render(Value::Uint(1)), R"({"uint64Value":"1"})");
  EXPECT_EQ(Render(Value::Double(-0.5)), R"({"doubleValue":-5E-1})");
  EXPECT_EQ(Render(Value::Double(std::numeric_limits<double>::quiet_NaN())),
            R"({"doubleValue":"NaN"})");
  EXPECT_EQ(Render(Value::Double(std::numeric_limits<double>::infinity())),
            R"({"doubleValue":"Infinity"})");
  EXPECT_EQ(Render(Value::Double(-std::numeric_limits<double>::infinity())),
            R"({"doubleValue":"-Infinity"})");
  EXPECT_EQ(Render(Value::String("a\"b")), R"({"stringValue":"a\"b"})");
  EXPECT_EQ(Render(Value::Bytes(std::string("\0\xff", 2))), R"({"bytesValue":"AP8="})");
  EXPECT_EQ(Render(Value::Bytes("fooS")), R"({"bytesValue":"Zm9vUw=="})");
  EXPECT_EQ(Render(Value::Bytes("ab")), R"({"bytesValue":"YWI="})");
  EXPECT_EQ(Render(Value::Type(type_names::kInt)), R"({"typeValue":"int"})");
  EXPECT_EQ(Render(Value::Timestamp({1234567890, 100000000})),
            R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Timestamp",)"
            R"("value":"2009-02-13T23:31:30.100Z"}})");
  EXPECT_EQ(Render(Value::Duration({-1, -500000000})),
            R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Duration",)"
            R"("value":"-1.500s"}})");
}

TEST(ValueToProtoJsonTest, ContainersKeepOrderAndOmitEmptyFields) {
  EXPECT_EQ(Render(Value::List({})), R"({"listValue":{}})");
  EXPECT_EQ(Render(MakeMap({})), R"({"mapValue":{}})");
  Value map = MakeMap(
      {{Value::String("z"), Value::List({Value::Int(1)})}, {Value::Bool(false), Value::Null()}});
  EXPECT_EQ(Render(map),
            R"({"mapValue":{"entries":[{"key":{"stringValue":"z"},"value":{"listValue":)"
            R"({"values":[{"int64Value":"1"}]}}},{"key":{"boolValue":false},)"
            R"("value":{"nullValue":null}}]}})");
  auto json = boost::json::parse(R"({"a": [1.5]})");
  EXPECT_EQ(Render(Value::FromJson(json)),
            R"({"mapValue":{"entries":[{"key":{"stringValue":"a"},"value":{"listValue":)"
            R"({"values":[{"doubleValue":1.5E0}]}}}]}})");
}

TEST(ProtoJsonTest, RoundTrips) {
  for (std::string_view text : {
           R"({"int64Value":"-1"})",
           R"({"uint64Value":"18446744073709551615"})",
           R"({"doubleValue":"NaN"})",
           R"({"bytesValue":"w78="})",
           R"({"listValue":{"values":[{"mapValue":{"entries":[{"key":{"int64Value":"1"},)"
           R"("value":{"typeValue":"map"}}]}}]}})",
           R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Duration",)"
           R"("value":"-0.000000001s"}})",
       }) {
    EXPECT_EQ(Render(Parse(text)), text);
  }
}

}  // namespace
}  // namespace portcullis::cel
