// AppendJsonString must write what boost::json::serialize writes (the escaping the rendered
// answers had before it, checked against Cerbos by the differential suite).
#include "pdp/json_string.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace portcullis::pdp {
namespace {

std::string Quoted(std::string_view text) {
  std::string out = "prefix:";
  AppendJsonString(text, out);
  return out.substr(7);
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Quoted(""), R"("")");
  EXPECT_EQ(Quoted("payments:create_refund"), R"("payments:create_refund")");
  EXPECT_EQ(Quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Quoted("\b\t\n\f\r"), R"("\b\t\n\f\r")");
  EXPECT_EQ(Quoted(std::string_view("\0\x1f\x7f", 3)), "\"\\u0000\\u001f\x7f\"");
  EXPECT_EQ(Quoted("caf\xc3\xa9 \xe2\x80\xa8"), "\"caf\xc3\xa9 \xe2\x80\xa8\"");
}

TEST(JsonStringTest, WritesEveryByteAsBoostJsonDoes) {
  for (int byte = 0; byte < 256; ++byte) {
    std::string text = "x";
    text += static_cast<char>(byte);
    text += "y";
    EXPECT_EQ(Quoted(text), boost::json::serialize(boost::json::string(text))) << byte;
  }
}

}  // namespace
}  // namespace portcullis::pdp
