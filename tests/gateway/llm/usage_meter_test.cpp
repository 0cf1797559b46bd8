#include "gateway/llm/usage_meter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json/parse.hpp>

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;

// A Chat Completions stream with stream_options.include_usage, in the shape of OpenAI's
// reference (create chat completion, streaming): every chunk carries "usage": null but the
// last, which has no choices.
constexpr std::string_view kChatStream =
    R"(data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello, the usage is low"},"logprobs":null,"finish_reason":null}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}})"
    "\n\n"
    "data: [DONE]\n\n";

// A Responses stream in the shape of OpenAI's streaming events reference (abridged outputs).
constexpr std::string_view kResponsesStream =
    "event: response.created\n"
    R"(data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654","object":"response","created_at":1741290958,"status":"in_progress","model":"o3-2025-04-16","output":[],"usage":null}})"
    "\n\n"
    "event: response.output_text.delta\n"
    R"(data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","output_index":0,"content_index":0,"delta":"Hi there! How can I help"})"
    "\n\n"
    "event: response.completed\n"
    R"(data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654","object":"response","created_at":1741290958,"status":"completed","model":"o3-2025-04-16","output":[{"id":"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there! How can I help you today?","annotations":[]}]}],"usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":0},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":48}}})"
    "\n\n";

// The basic streaming example of Anthropic's Messages streaming docs.
constexpr std::string_view kMessagesStream =
    "event: message_start\n"
    R"(data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})"
    "\n\n"
    "event: ping\n"
    R"(data: {"type": "ping"})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type": "content_block_stop", "index": 0})"
    "\n\n"
    "event: message_delta\n"
    R"(data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}})"
    "\n\n"
    "event: message_stop\n"
    R"(data: {"type": "message_stop"})"
    "\n\n";

std::optional<Usage> Meter(LlmRoute route, bool event_stream,
                           const std::vector<std::string_view>& chunks,
                           size_t max_bytes = UsageMeter::kDefaultMaxBytes) {
  UsageMeter meter(route, event_stream, max_bytes);
  for (std::string_view chunk : chunks) meter.Observe(chunk);
  return meter.Finish();
}

// The usage of `stream` fed whole, and the same fed in two pieces split at every byte offset.
void ExpectUsageAtEverySplit(LlmRoute route, std::string_view stream, const Usage& expected) {
  EXPECT_EQ(Meter(route, true, {stream}), expected);
  for (size_t split = 0; split <= stream.size(); ++split) {
    ASSERT_EQ(Meter(route, true, {stream.substr(0, split), stream.substr(split)}), expected)
        << "split at " << split;
  }
  std::vector<std::string_view> bytes;
  for (size_t i = 0; i < stream.size(); ++i) bytes.push_back(stream.substr(i, 1));
  EXPECT_EQ(Meter(route, true, bytes), expected);
}

TEST(UsageMeterTest, ChatCompletionsStreamReportsTheFinalChunksUsage) {
  ExpectUsageAtEverySplit(LlmRoute::kChatCompletions, kChatStream, Usage{9, 12, 21});
}

TEST(UsageMeterTest, ResponsesStreamReportsTheCompletedResponsesUsage) {
  ExpectUsageAtEverySplit(LlmRoute::kResponses, kResponsesStream, Usage{37, 11, 48});
}

TEST(UsageMeterTest, AnthropicStreamCombinesMessageStartAndMessageDelta) {
  ExpectUsageAtEverySplit(LlmRoute::kMessages, kMessagesStream, Usage{25, 15, 40});
}

TEST(UsageMeterTest, CrlfStreamsAreReadAlike) {
  std::string crlf;
  for (char c : kMessagesStream) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ExpectUsageAtEverySplit(LlmRoute::kMessages, crlf, Usage{25, 15, 40});
}

TEST(UsageMeterTest, AnthropicCacheTokensCountAsInput) {
  std::string_view stream =
      "event: message_start\n"
      R"(data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","usage":{"input_tokens":5,"cache_creation_input_tokens":100,"cache_read_input_tokens":1000,"output_tokens":1}}})"
      "\n\n"
      "event: message_delta\n"
      R"(data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":30}})"
      "\n\n";
  EXPECT_EQ(Meter(LlmRoute::kMessages, true, {stream}), (Usage{1105, 30, 1135}));
}

TEST(UsageMeterTest, AnInterruptedStreamReportsWhatItSaw) {
  size_t before_delta = kMessagesStream.find("event: message_delta");
  EXPECT_EQ(Meter(LlmRoute::kMessages, true, {kMessagesStream.substr(0, before_delta)}),
            (Usage{25, 1, 26}));
  size_t before_usage = kChatStream.find(
      "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat."
      "completion.chunk\",\"created\":1694268190,\"model\":\""
      "gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_"
      "44709d6fcb\",\"choices\":[],");
  ASSERT_NE(before_usage, std::string_view::npos);
  EXPECT_EQ(Meter(LlmRoute::kChatCompletions, true, {kChatStream.substr(0, before_usage)}),
            std::nullopt);
  // The usage event itself cut before its blank line: not dispatched, so not counted.
  size_t done = kChatStream.find("data: [DONE]");
  EXPECT_EQ(Meter(LlmRoute::kChatCompletions, true, {kChatStream.substr(0, done - 2)}),
            std::nullopt);
}

TEST(UsageMeterTest, ResponsesIncompleteAlsoCarriesUsage) {
  std::string_view stream =
      "event: response.incomplete\n"
      R"(data: {"type":"response.incomplete","sequence_number":3,"response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"usage":{"input_tokens":10,"output_tokens":64,"total_tokens":74}}})"
      "\n\n";
  EXPECT_EQ(Meter(LlmRoute::kResponses, true, {stream}), (Usage{10, 64, 74}));
  // The same usage in an event of another type is not a report.
  std::string_view other =
      "event: response.created\n"
      R"(data: {"type":"response.created","response":{"usage":{"input_tokens":10,"output_tokens":64}}})"
      "\n\n";
  EXPECT_EQ(Meter(LlmRoute::kResponses, true, {other}), std::nullopt);
}

TEST(UsageMeterTest, IgnoresCountsThatAreNotCounts) {
  std::string_view stream =
      R"(data: {"choices":[],"usage":{"prompt_tokens":-4,"completion_tokens":"12","total_tokens":1.5}})"
      "\n\n";
  EXPECT_EQ(Meter(LlmRoute::kChatCompletions, true, {stream}), std::nullopt);
  std::string_view huge =
      "event: message_start\n"
      R"(data: {"type":"message_start","message":{"usage":{"input_tokens":9223372036854775807,"cache_read_input_tokens":9223372036854775807,"output_tokens":9223372036854775807}}})"
      "\n\n";
  std::optional<Usage> usage = Meter(LlmRoute::kMessages, true, {huge});
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->input_tokens, INT64_MAX);  // saturated, not wrapped
  EXPECT_EQ(usage->total, INT64_MAX);
}

TEST(UsageMeterTest, ReadsUsageFromWholeBodies) {
  // The response examples of the three API references.
  std::string_view chat =
      R"({"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I assist you today?","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_fc9f1d7035"})";
  std::string_view responses =
      R"({"id":"resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b","object":"response","created_at":1741476542,"status":"completed","error":null,"model":"gpt-4.1-2025-04-14","output":[{"type":"message","id":"msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b","status":"completed","role":"assistant","content":[{"type":"output_text","text":"In a peaceful grove beneath a silver moon...","annotations":[]}]}],"usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0},"output_tokens":87,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":123}})";
  std::string_view messages =
      R"({"content":[{"text":"Hi! My name is Claude.","type":"text"}],"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","model":"claude-sonnet-4-5","role":"assistant","stop_reason":"end_turn","stop_sequence":null,"type":"message","usage":{"input_tokens":2095,"output_tokens":503}})";
  EXPECT_EQ(Meter(LlmRoute::kChatCompletions, false, {chat}), (Usage{19, 10, 29}));
  EXPECT_EQ(Meter(LlmRoute::kResponses, false, {responses}), (Usage{36, 87, 123}));
  EXPECT_EQ(Meter(LlmRoute::kMessages, false, {messages}), (Usage{2095, 503, 2598}));
  EXPECT_EQ(Meter(LlmRoute::kMessages, false,
                  {messages.substr(0, 40), messages.substr(40, 100), messages.substr(140)}),
            (Usage{2095, 503, 2598}));
  EXPECT_EQ(UsageFromResponse(LlmRoute::kChatCompletions, json::parse(chat)), (Usage{19, 10, 29}));
}

TEST(UsageMeterTest, ErrorsAndOversizedBodiesHaveNoUsage) {
  std::string_view error =
      R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}})";
  EXPECT_EQ(Meter(LlmRoute::kChatCompletions, false, {error}), std::nullopt);
  EXPECT_EQ(Meter(LlmRoute::kChatCompletions, false, {"not json"}), std::nullopt);
  std::string_view body = R"({"usage":{"input_tokens":1,"output_tokens":2}})";
  EXPECT_EQ(Meter(LlmRoute::kMessages, false, {body}, body.size()), (Usage{1, 2, 3}));
  EXPECT_EQ(
      Meter(LlmRoute::kMessages, false, {body.substr(0, 10), body.substr(10)}, body.size() - 1),
      std::nullopt);
}

TEST(UsageMeterTest, RecognisesEventStreamContentTypes) {
  for (std::string_view yes : {"text/event-stream", "Text/Event-Stream; charset=utf-8",
                               " text/event-stream ;charset=utf-8"}) {
    EXPECT_TRUE(IsEventStream(yes)) << yes;
  }
  for (std::string_view no : {"application/json", "text/event-streams", "", "text/event",
                              "application/json; text/event-stream"}) {
    EXPECT_FALSE(IsEventStream(no)) << no;
  }
}

}  // namespace
}  // namespace portcullis::gateway::llm
