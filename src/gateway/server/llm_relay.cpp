#include "gateway/server/llm_relay.h"

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "gateway/llm/ascii_case.h"
#include "gateway/llm/usage_meter.h"

namespace portcullis::gateway::server {
namespace {

// Provider headers a client acts on (retry advice) or quotes to the provider (request ids).
constexpr std::array<std::string_view, 5> kRelayedHeaders = {
    "retry-after", "retry-after-ms", "x-should-retry", "x-request-id", "request-id"};

bool IsRelayedHeader(std::string_view name) {
  for (std::string_view relayed : kRelayedHeaders)
    if (llm::EqualsIgnoringCase(name, relayed)) return true;
  return false;
}

// One upstream call and the answer relayed from it. Owned by the client's callbacks while the
// call runs; the exchange's callbacks only observe it, so that when the call ends the relay goes,
// and with it the last hold on the exchange.
class LlmRelay : public std::enable_shared_from_this<LlmRelay> {
 public:
  LlmRelay(HopRequest request, const llm::ModelRequest& model, GatewayMetrics& metrics)
      : request_(std::move(request)),
        route_(model.route),
        model_(*model.model),
        provider_(*model.provider),
        metrics_(metrics) {}

  void Start(llm::UpstreamLlmRequest upstream) {
    std::weak_ptr<LlmRelay> weak = weak_from_this();
    request_.exchange().OnAbort([weak] {
      if (auto relay = weak.lock()) relay->call_.Cancel();
    });
    auto self = shared_from_this();
    started_ = std::chrono::steady_clock::now();
    call_ = request_.client().Stream(
        {.method = "POST",
         .url = std::move(upstream.url),
         .headers = std::move(upstream.headers),
         .body = std::move(upstream.body),
         .timeout = upstream.timeout},
        {.on_headers = [self](int status,
                              net::HttpHeaders headers) { self->OnHead(status, headers); },
         .on_body_chunk = [self](std::string_view chunk) { self->OnBody(chunk); },
         .on_complete =
             [self](std::optional<net::HttpClientError> error) {
               self->OnComplete(std::move(error));
             }});
  }

 private:
  // What has been done with the answer so far.
  enum class State {
    kAwaitingHead,  // nothing received
    kWhole,         // a whole answer being collected in answer_
    kStreaming,     // an event stream being relayed; the client has its head
    kUnusable,      // the answer cannot be relayed; the call is being cancelled
  };

  void OnHead(int status, const net::HttpHeaders& headers) {
    if (status < 200 || status > 599) return Refuse();
    std::string content_type(
        net::FindHeader(headers, "content-type").value_or("application/octet-stream"));
    bool event_stream = llm::IsEventStream(content_type);
    meter_.emplace(route_, event_stream);
    answer_.status = status;
    answer_.content_type = std::move(content_type);
    for (const auto& [name, value] : headers)
      if (IsRelayedHeader(name)) answer_.headers.emplace_back(name, value);
    if (!event_stream) {
      state_ = State::kWhole;
      return;
    }
    state_ = State::kStreaming;
    request_.StartStream(std::move(answer_));
    std::weak_ptr<LlmRelay> weak = weak_from_this();
    request_.exchange().OnWritable([weak] {
      if (auto relay = weak.lock()) relay->call_.Resume();
    });
  }

  void OnBody(std::string_view chunk) {
    if (state_ == State::kUnusable) return;
    meter_->Observe(chunk);
    if (state_ == State::kStreaming) {
      // A full queue pauses the provider until OnWritable; an aborted exchange cancels it.
      if (!request_.exchange().Write(chunk) && !request_.exchange().aborted()) call_.Pause();
      return;
    }
    if (answer_.body.size() + chunk.size() > kMaxWholeAnswerBytes) return Refuse();
    answer_.body.append(chunk);
  }

  void OnComplete(std::optional<net::HttpClientError> error) {
    if (meter_) RecordUsage(meter_->Finish());  // what was used, even by a client that left
    if (request_.exchange().aborted()) return;  // nothing to answer, no latency to measure
    metrics_.upstream_seconds.Labels({provider_.name})
        .Observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
    if (error || state_ == State::kUnusable) return Fail(error);
    if (state_ == State::kStreaming) {
      request_.exchange().End();
    } else {
      request_.Respond(std::move(answer_));
    }
  }

  // Gives up on an answer that cannot be relayed; OnComplete then answers 502.
  void Refuse() {
    state_ = State::kUnusable;
    call_.Cancel();
  }

  void Fail(const std::optional<net::HttpClientError>& error) {
    metrics_.upstream_failures.Labels({provider_.name}).Increment();
    // The stream's head is sent: dropping the relay's hold on the exchange (the last one, the
    // exchange's callbacks hold none) closes the connection without the stream's end.
    if (state_ == State::kStreaming) return;
    bool timeout = error && error->code == net::HttpClientError::Code::kTimeout;
    std::string model = "'" + model_.name + "'";
    RespondWithLlmError(
        request_,
        timeout ? llm::MakeLlmError(route_, llm::LlmErrorKind::kUpstreamTimeout,
                                    "The provider of model " + model + " did not answer within " +
                                        std::to_string(provider_.timeout.count()) +
                                        " ms. Try again later, or ask for a shorter answer.",
                                    "upstream_timeout")
                : llm::MakeLlmError(route_, llm::LlmErrorKind::kUpstreamFailed,
                                    "The provider of model " + model +
                                        " could not be reached or gave no usable answer. Try "
                                        "again later.",
                                    "upstream_unavailable"));
  }

  void RecordUsage(const std::optional<llm::Usage>& usage) {
    if (!usage) return;
    if (usage->input_tokens > 0)
      metrics_.llm_tokens.Labels({model_.name, "input"})
          .Increment(static_cast<uint64_t>(usage->input_tokens));
    if (usage->output_tokens > 0)
      metrics_.llm_tokens.Labels({model_.name, "output"})
          .Increment(static_cast<uint64_t>(usage->output_tokens));
  }

  HopRequest request_;
  llm::LlmRoute route_;
  const ModelRouteConfig& model_;      // in request_'s config
  const LlmProviderConfig& provider_;  // in request_'s config
  GatewayMetrics& metrics_;
  net::HttpCall call_;
  State state_ = State::kAwaitingHead;
  net::HttpResponse answer_;  // its head, then (kWhole) its body
  std::optional<llm::UsageMeter> meter_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

void RelayLlmCall(HopRequest request, const llm::ModelRequest& model,
                  llm::UpstreamLlmRequest upstream, GatewayMetrics& metrics) {
  std::make_shared<LlmRelay>(std::move(request), model, metrics)->Start(std::move(upstream));
}

void RespondWithLlmError(HopRequest& request, llm::LlmErrorResponse error) {
  request.Respond({.status = error.status, .body = std::move(error.body), .headers = {}});
}

}  // namespace portcullis::gateway::server
