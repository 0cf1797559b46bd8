// Token usage of an LLM response, for the record step, read from the response as it is relayed:
// a streamed response (text/event-stream) event by event, any other response once whole.
//
//   UsageMeter meter(request.route, IsEventStream(content_type));
//   on_body_chunk: relay(chunk); meter.Observe(chunk);
//   on_complete:   std::optional<Usage> usage = meter.Finish();
//
// Where each API reports it:
//   Chat Completions  `usage` {prompt_tokens, completion_tokens, total_tokens} of the body, or of
//                     the final chunk of a stream (stream_options.include_usage, which the
//                     upstream step sets)
//   Responses         `usage` {input_tokens, output_tokens, total_tokens} of the body, or of
//                     `response` in the response.completed / .incomplete / .failed event
//   Messages          `usage` of the body; in a stream, message_start's message.usage and
//                     message_delta's usage (cumulative counts: the latest of each wins)
// Anthropic counts cache reads and writes apart from input_tokens; they are added to
// input_tokens here, so that input means all prompt tokens in every API (as OpenAI's does).
// `total` is the provider's total_tokens when it sends one, else input + output.
//
// A meter never changes what is relayed and never fails the relay: a response it cannot read (an
// error body, an interrupted stream, an event or body over the size limit) just has no usage, or
// the usage seen until then.
//
// Thread-safety: a UsageMeter is used by one thread at a time; the functions are reentrant.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "gateway/llm/llm_route.h"
#include "gateway/sse_parser.h"

namespace portcullis::gateway::llm {

struct Usage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t total = 0;

  bool operator==(const Usage&) const = default;
};

// Whether a Content-Type value is text/event-stream (case-insensitive, parameters ignored).
bool IsEventStream(std::string_view content_type);

// The usage a whole (not streamed) response body of `route` reports, nullopt when none.
std::optional<Usage> UsageFromResponse(LlmRoute route, const boost::json::value& body);

class UsageMeter {
 public:
  // The most of a non-streamed body that is kept for reading at Finish, and the largest event.
  static constexpr size_t kDefaultMaxBytes = 16 << 20;

  // `event_stream`: the response is text/event-stream (IsEventStream of its Content-Type).
  UsageMeter(LlmRoute route, bool event_stream, size_t max_bytes = kDefaultMaxBytes);

  // The response body's next bytes (any split).
  void Observe(std::string_view chunk);

  // The usage reported, once the body has ended (or was cut short). Call once.
  std::optional<Usage> Finish();

 private:
  // Per-API counters of the latest report: each is replaced when a report carries it.
  struct Counters {
    std::optional<int64_t> input, output, cache_creation, cache_read, total;
  };

  friend std::optional<Usage> UsageFromResponse(LlmRoute route, const boost::json::value& body);

  void Event(const SseEvent& event);
  void Report(const boost::json::value& usage);
  std::optional<Usage> Current() const;

  LlmRoute route_;
  bool event_stream_;
  size_t max_bytes_;
  SseParser events_;
  std::string body_;  // a non-streamed body, up to max_bytes_
  bool body_too_large_ = false;
  Counters counters_;
};

}  // namespace portcullis::gateway::llm
