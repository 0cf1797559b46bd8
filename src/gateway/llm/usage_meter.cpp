#include "gateway/llm/usage_meter.h"

#include <limits>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "gateway/llm/ascii_case.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;

// Responses nest whole response objects (tool arguments included) in their final event: deeper
// than Boost.JSON's default of 32. Its parser keeps its own stack, so depth costs no recursion.
json::parse_options UpstreamParseOptions() {
  json::parse_options options;
  options.max_depth = 256;
  return options;
}

std::optional<json::value> ParseUpstreamJson(std::string_view text) {
  boost::system::error_code error;
  json::value value = json::parse(text, error, {}, UpstreamParseOptions());
  if (error) return std::nullopt;
  return value;
}

const json::value* Member(const json::value& value, std::string_view key) {
  const json::object* object = value.if_object();
  return object ? object->if_contains(key) : nullptr;
}

// The "type" member of an event's data.
std::string_view TypeOf(const json::value& data) {
  const json::value* type = Member(data, "type");
  return type && type->is_string() ? std::string_view(type->get_string()) : std::string_view();
}

void ReadCount(const json::object& usage, std::string_view key, std::optional<int64_t>& count) {
  const json::value* value = usage.if_contains(key);
  if (value && value->is_int64() && value->get_int64() >= 0) count = value->get_int64();
}

// a + b, or INT64_MAX when that overflows (counts come from the upstream).
int64_t SaturatingAdd(int64_t a, int64_t b) {
  return a > std::numeric_limits<int64_t>::max() - b ? std::numeric_limits<int64_t>::max() : a + b;
}

}  // namespace

bool IsEventStream(std::string_view content_type) {
  std::string_view media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && (media_type.front() == ' ' || media_type.front() == '\t')) {
    media_type.remove_prefix(1);
  }
  while (!media_type.empty() && (media_type.back() == ' ' || media_type.back() == '\t')) {
    media_type.remove_suffix(1);
  }
  return EqualsIgnoringCase(media_type, "text/event-stream");
}

std::optional<Usage> UsageFromResponse(LlmRoute route, const json::value& body) {
  UsageMeter meter(route, false, 0);
  if (const json::value* usage = Member(body, "usage")) meter.Report(*usage);
  return meter.Current();
}

UsageMeter::UsageMeter(LlmRoute route, bool event_stream, size_t max_bytes)
    : route_(route), event_stream_(event_stream), max_bytes_(max_bytes), events_(max_bytes) {}

void UsageMeter::Observe(std::string_view chunk) {
  if (event_stream_) {
    events_.Feed(chunk, [this](const SseEvent& event) { Event(event); });
  } else if (!body_too_large_) {
    body_too_large_ = body_.size() + chunk.size() > max_bytes_;
    if (body_too_large_) {
      std::string().swap(body_);
    } else {
      body_.append(chunk);
    }
  }
}

std::optional<Usage> UsageMeter::Finish() {
  if (!event_stream_ && !body_too_large_) {
    if (std::optional<json::value> body = ParseUpstreamJson(body_)) {
      if (const json::value* usage = Member(*body, "usage")) Report(*usage);
    }
    std::string().swap(body_);
  }
  return Current();
}

void UsageMeter::Event(const SseEvent& event) {
  // Most events are text deltas: only those that mention usage are parsed.
  if (event.data.find("usage") == std::string_view::npos) return;
  std::optional<json::value> data = ParseUpstreamJson(event.data);
  if (!data) return;
  std::string_view type = TypeOf(*data);
  const json::value* usage = nullptr;
  switch (route_) {
    case LlmRoute::kChatCompletions:
      usage = Member(*data, "usage");
      break;
    case LlmRoute::kResponses:
      if (type == "response.completed" || type == "response.incomplete" ||
          type == "response.failed") {
        const json::value* response = Member(*data, "response");
        usage = response ? Member(*response, "usage") : nullptr;
      }
      break;
    case LlmRoute::kMessages:
      if (type == "message_start") {
        const json::value* message = Member(*data, "message");
        usage = message ? Member(*message, "usage") : nullptr;
      } else if (type == "message_delta") {
        usage = Member(*data, "usage");
      }
      break;
  }
  if (usage) Report(*usage);
}

void UsageMeter::Report(const json::value& usage) {
  const json::object* counts = usage.if_object();
  if (counts == nullptr) return;  // e.g. "usage": null in every Chat Completions chunk but one
  if (route_ == LlmRoute::kChatCompletions) {
    ReadCount(*counts, "prompt_tokens", counters_.input);
    ReadCount(*counts, "completion_tokens", counters_.output);
  } else {
    ReadCount(*counts, "input_tokens", counters_.input);
    ReadCount(*counts, "output_tokens", counters_.output);
  }
  if (route_ == LlmRoute::kMessages) {
    ReadCount(*counts, "cache_creation_input_tokens", counters_.cache_creation);
    ReadCount(*counts, "cache_read_input_tokens", counters_.cache_read);
  } else {
    ReadCount(*counts, "total_tokens", counters_.total);
  }
}

std::optional<Usage> UsageMeter::Current() const {
  if (!counters_.input && !counters_.output && !counters_.total) return std::nullopt;
  Usage usage;
  usage.input_tokens = SaturatingAdd(
      SaturatingAdd(counters_.input.value_or(0), counters_.cache_creation.value_or(0)),
      counters_.cache_read.value_or(0));
  usage.output_tokens = counters_.output.value_or(0);
  usage.total = counters_.total.value_or(SaturatingAdd(usage.input_tokens, usage.output_tokens));
  return usage;
}

}  // namespace portcullis::gateway::llm
