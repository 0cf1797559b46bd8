#include "gateway/sse_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portcullis::gateway {
namespace {

struct Event {
  std::string type;
  std::string data;
  std::string id;
  bool operator==(const Event&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Event& event) {
  return out << "{type=" << event.type << " data=" << event.data << " id=" << event.id << "}";
}

// The events of `stream` fed in the given pieces.
std::vector<Event> Parse(const std::vector<std::string_view>& pieces,
                         SseParser&& parser = SseParser()) {
  std::vector<Event> events;
  for (std::string_view piece : pieces) {
    parser.Feed(piece, [&](const SseEvent& event) {
      events.push_back({std::string(event.type), std::string(event.data), std::string(event.id)});
    });
  }
  return events;
}

std::vector<Event> Parse(std::string_view stream) {
  return Parse(std::vector{stream});
}

// The examples of the WHATWG HTML standard, "Server-sent events: Parsing an event stream".
TEST(SseParserTest, WhatwgExampleMultiLineData) {
  EXPECT_EQ(Parse("data: YHOO\ndata: +2\ndata: 10\n\n"),
            (std::vector<Event>{{"", "YHOO\n+2\n10", ""}}));
}

TEST(SseParserTest, WhatwgExampleCommentsAndIds) {
  EXPECT_EQ(Parse(": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\n"
                  "data:  third event\n\n"),
            (std::vector<Event>{
                {"", "first event", "1"}, {"", "second event", ""}, {"", " third event", ""}}));
}

TEST(SseParserTest, WhatwgExampleEmptyDataAndAnUnfinishedEvent) {
  // The third event has no blank line after it: the stream ends first, so it is not dispatched.
  EXPECT_EQ(Parse("data\n\ndata\ndata\n\ndata:"),
            (std::vector<Event>{{"", "", ""}, {"", "\n", ""}}));
}

TEST(SseParserTest, WhatwgExampleOneSpaceIsStripped) {
  EXPECT_EQ(Parse("data:test\n\ndata: test\n\n"),
            (std::vector<Event>{{"", "test", ""}, {"", "test", ""}}));
}

TEST(SseParserTest, EveryLineEndingEndsALine) {
  std::vector<Event> expected = {{"add", "a\nb", ""}, {"", "c", ""}};
  EXPECT_EQ(Parse("event: add\ndata: a\ndata: b\n\ndata: c\n\n"), expected);
  EXPECT_EQ(Parse("event: add\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"), expected);
  EXPECT_EQ(Parse("event: add\rdata: a\rdata: b\r\rdata: c\r\r"), expected);
  EXPECT_EQ(Parse("event: add\r\ndata: a\rdata: b\n\r\ndata: c\r\n\n"), expected);
}

TEST(SseParserTest, EventTypeAppliesToOneEventOnly) {
  EXPECT_EQ(Parse("event: message_start\ndata: {}\n\n"
                  "event: ping\n\n"  // no data: not dispatched, and the type is forgotten
                  "data: plain\n\n"),
            (std::vector<Event>{{"message_start", "{}", ""}, {"", "plain", ""}}));
}

TEST(SseParserTest, IgnoresUnknownFieldsRetryAndIdsWithNul) {
  using std::string_view_literals::operator""sv;
  EXPECT_EQ(Parse("retry: 1000\nfoo: bar\nid: 7\ndata: x\n\nid: a\0b\ndata: y\n\n"sv),
            (std::vector<Event>{{"", "x", "7"}, {"", "y", "7"}}));
}

TEST(SseParserTest, IgnoresOneLeadingByteOrderMark) {
  EXPECT_EQ(Parse("\xEF\xBB\xBF"
                  "data: x\n\n"),
            (std::vector<Event>{{"", "x", ""}}));
  // A second mark is part of the first field's name, which is then unknown.
  EXPECT_EQ(Parse("\xEF\xBB\xBF\xEF\xBB\xBF"
                  "data: x\n\ndata: y\n\n"),
            (std::vector<Event>{{"", "y", ""}}));
  // Bytes that start like a mark but are not one are data.
  EXPECT_EQ(Parse("\xEF\xBB"
                  "data: x\n\ndata: y\n\n"),
            (std::vector<Event>{{"", "y", ""}}));
  EXPECT_EQ(Parse(std::vector<std::string_view>{"\xEF", "\xBB", "\xBF", "data: z\n\n"}),
            (std::vector<Event>{{"", "z", ""}}));
}

// A stream with every construct: mark, comments, CRLF, CR, LF, multi-line data, types, ids.
constexpr std::string_view kEverything =
    "\xEF\xBB\xBF: keep-alive\r\n\r\n"
    "event: response.created\r\ndata: {\"type\":\"response.created\"}\r\nid: 1\r\n\r\n"
    "data: line one\rdata: line two\r\r"
    "event: message_delta\ndata:{\"usage\":{\"output_tokens\":15}}\n\n"
    ":comment without space\n"
    "data\n\n"
    "data: [DONE]\r\n\r\n"
    "data: unfinished";

TEST(SseParserTest, ChunkBoundariesAnywhereChangeNothing) {
  std::vector<Event> whole = Parse(kEverything);
  ASSERT_EQ(whole.size(), 5u);
  EXPECT_EQ(whole[1], (Event{"", "line one\nline two", "1"}));
  for (size_t split = 0; split <= kEverything.size(); ++split) {
    EXPECT_EQ(Parse({kEverything.substr(0, split), kEverything.substr(split)}), whole)
        << "split at " << split;
    for (size_t second = split; second <= kEverything.size(); second += 7) {
      EXPECT_EQ(Parse({kEverything.substr(0, split), kEverything.substr(split, second - split),
                       kEverything.substr(second)}),
                whole)
          << "split at " << split << " and " << second;
    }
  }
  std::vector<std::string_view> bytes;
  for (size_t i = 0; i < kEverything.size(); ++i) bytes.push_back(kEverything.substr(i, 1));
  EXPECT_EQ(Parse(bytes), whole);
}

TEST(SseParserTest, AnEventOverTheLimitStopsTheParser) {
  SseParser parser(64);
  std::vector<Event> events;
  auto collect = [&](const SseEvent& event) {
    events.push_back({"", std::string(event.data), ""});
  };
  parser.Feed("data: small\n\n", collect);
  EXPECT_FALSE(parser.failed());
  parser.Feed("data: " + std::string(40, 'a') + "\ndata: " + std::string(40, 'b') + "\n\n",
              collect);
  EXPECT_TRUE(parser.failed());
  parser.Feed("data: after\n\n", collect);
  EXPECT_EQ(events, (std::vector<Event>{{"", "small", ""}}));
}

TEST(SseParserTest, ALineOverTheLimitAcrossChunksStopsTheParser) {
  SseParser parser(64);
  int events = 0;
  for (int i = 0; i < 100 && !parser.failed(); ++i) {
    parser.Feed(i == 0 ? "data: " : "0123456789", [&](const SseEvent&) { ++events; });
  }
  EXPECT_TRUE(parser.failed());
  EXPECT_EQ(events, 0);
}

}  // namespace
}  // namespace portcullis::gateway
