// An incremental parser of Server-Sent Events (the text/event-stream format of the WHATWG HTML
// standard, "9.2.6 Interpreting an event stream"), for reading an upstream stream while its bytes
// are relayed unchanged: the parser only looks at the bytes it is fed, it never changes, holds or
// reorders them for the relay.
//
//   SseParser parser;
//   upstream.on_body_chunk = [&](std::string_view chunk) {
//     client.Write(chunk);                                   // relayed as received
//     parser.Feed(chunk, [&](const SseEvent& event) {...});  // complete events, in order
//   };
//
// As the standard says: lines end in CRLF, LF or CR (a CRLF split across two chunks is one line
// end); a line starting with ':' is a comment; "field: value" loses one space after the colon; a
// line without a colon is a field with an empty value; `data` lines accumulate, joined by LF; a
// blank line dispatches the event, unless no data line was seen; one leading UTF-8 byte order
// mark is ignored; unknown fields (and `retry`) are ignored; at the end of the stream an event
// without its blank line is not dispatched. Chunks may split the stream anywhere, inside a CRLF or
// the byte order mark included.
//
// Memory is bounded: an event (its pending line and data together) over `max_event_bytes` puts
// the parser in a failed state, where it ignores the rest of the stream.
//
// Thread-safety: an SseParser is used by one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace portcullis::gateway {

struct SseEvent {
  std::string_view type;  // the `event` field; empty for the default type ("message")
  std::string_view data;  // the data lines joined by LF, without a final LF
  std::string_view id;    // the last event id seen so far in the stream (`id` field)
};

class SseParser {
 public:
  using EventCallback = std::function<void(const SseEvent& event)>;

  static constexpr size_t kDefaultMaxEventBytes = 16 << 20;

  explicit SseParser(size_t max_event_bytes = kDefaultMaxEventBytes)
      : max_event_bytes_(max_event_bytes) {}

  // Parses `bytes`, the stream's next bytes, calling `on_event` for each event they complete.
  // The views of an SseEvent are valid only during the call.
  void Feed(std::string_view bytes, const EventCallback& on_event);

  // Whether an event went over max_event_bytes (the rest of the stream is then ignored).
  bool failed() const { return failed_; }

 private:
  void FeedLines(std::string_view bytes, const EventCallback& on_event);
  void Line(std::string_view line, const EventCallback& on_event);
  void Field(std::string_view name, std::string_view value);
  void Dispatch(const EventCallback& on_event);
  void Fail();

  size_t max_event_bytes_;
  size_t bom_bytes_seen_ = 0;  // of the leading byte order mark; 3 once the start is past
  bool after_cr_ = false;      // the last byte fed was a CR: an LF next ends no new line
  bool failed_ = false;
  std::string line_;  // an incomplete line carried over from the previous chunk
  std::string data_;
  std::string type_;
  std::string last_id_;
};

}  // namespace portcullis::gateway
