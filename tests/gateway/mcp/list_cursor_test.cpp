#include "gateway/mcp/list_cursor.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "identity/base64url.h"

namespace portcullis::gateway::mcp {
namespace {

const std::string kSecret(32, 'k');

ListCursor TwoServers() {
  return ListCursor{ListKind::kTools, {{"tickets", "page-2"}, {"crm", "eyJvZmZzZXQiOjUwfQ=="}}};
}

TEST(McpListCursorTest, RoundTrips) {
  ListCursorCodec codec(kSecret);
  std::string text = codec.Encode(TwoServers(), "support-agent");
  EXPECT_EQ(codec.Decode(text, ListKind::kTools, "support-agent"), TwoServers());
  // A copy of the codec (same key) reads it too; cursors are visible ASCII.
  ListCursorCodec copy = codec;
  EXPECT_EQ(copy.Decode(text, ListKind::kTools, "support-agent"), TwoServers());
  for (char c : text) EXPECT_TRUE(c > 0x20 && c < 0x7F) << text;
}

TEST(McpListCursorTest, IsBoundToItsListBindingAndKey) {
  ListCursorCodec codec(kSecret);
  std::string text = codec.Encode(TwoServers(), "support-agent");
  EXPECT_EQ(codec.Decode(text, ListKind::kPrompts, "support-agent"), std::nullopt);
  EXPECT_EQ(codec.Decode(text, ListKind::kTools, "manager-agent"), std::nullopt);
  EXPECT_EQ(codec.Decode(text, ListKind::kTools, ""), std::nullopt);
  EXPECT_EQ(ListCursorCodec(std::string(32, 'j')).Decode(text, ListKind::kTools, "support-agent"),
            std::nullopt);
}

TEST(McpListCursorTest, AlteredOrForgedCursorsAreRefused) {
  ListCursorCodec codec(kSecret);
  std::string text = codec.Encode(TwoServers(), "a");
  size_t dot = text.find('.');
  // The payload read, changed (another server, another upstream cursor), and put back with the
  // old tag.
  std::string payload = *identity::DecodeBase64Url(text.substr(0, dot));
  boost::json::value changed = boost::json::parse(payload);
  changed.as_array()[2].as_array()[0].as_array()[0] = "payroll";
  std::string forged =
      identity::EncodeBase64Url(boost::json::serialize(changed)) + text.substr(dot);
  EXPECT_EQ(codec.Decode(forged, ListKind::kTools, "a"), std::nullopt);
  // Every single-character change is caught.
  for (size_t i = 0; i < text.size(); ++i) {
    std::string flipped = text;
    flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(codec.Decode(flipped, ListKind::kTools, "a"), std::nullopt) << i;
  }
  EXPECT_EQ(codec.Decode(text.substr(0, dot), ListKind::kTools, "a"), std::nullopt);
  EXPECT_EQ(codec.Decode(text + ".", ListKind::kTools, "a"), std::nullopt);
}

TEST(McpListCursorTest, MalformedInputIsRefused) {
  ListCursorCodec codec(kSecret);
  for (std::string_view text : {"", ".", "abc", "a.b", "!!!.???", "e30.e30", "null"}) {
    EXPECT_EQ(codec.Decode(text, ListKind::kTools, ""), std::nullopt) << text;
  }
  std::string huge(kMaxListCursorBytes + 1, 'A');
  EXPECT_EQ(codec.Decode(huge, ListKind::kTools, ""), std::nullopt);
}

TEST(McpListCursorTest, AServerTwiceIsRefusedEvenWhenSigned) {
  ListCursorCodec codec(kSecret);
  ListCursor twice{ListKind::kTools, {{"crm", "1"}, {"crm", "2"}}};
  EXPECT_EQ(codec.Decode(codec.Encode(twice, ""), ListKind::kTools, ""), std::nullopt);
}

TEST(McpListCursorTest, CarriesAnyUpstreamCursorText) {
  ListCursorCodec codec(kSecret);
  ListCursor odd{ListKind::kResourceTemplates,
                 {{"tickets", std::string("\"\\\n\x01\xC3\xA9", 7)}, {"crm", ""}}};
  EXPECT_EQ(codec.Decode(codec.Encode(odd, "s"), ListKind::kResourceTemplates, "s"), odd);
  ListCursor empty{ListKind::kResources, {}};
  EXPECT_EQ(codec.Decode(codec.Encode(empty, "s"), ListKind::kResources, "s"), empty);
}

}  // namespace
}  // namespace portcullis::gateway::mcp
