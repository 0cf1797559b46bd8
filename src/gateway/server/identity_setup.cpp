#include "gateway/server/identity_setup.h"

#include <algorithm>
#include <atomic>
#include <iostream>
#include <limits>
#include <optional>
#include <utility>

#include "identity/jwk_set.h"
#include "identity/jwk_set_slot.h"
#include "net/http_client.h"

namespace portcullis::gateway::server {
namespace {

using Outcome = std::variant<identity::JwkSet, std::string>;

// The set a JWKS URL answered with, or what went wrong (naming the origin at most: the path and
// query of a URL may carry what should not be logged).
Outcome FetchedSet(const std::optional<net::HttpClientError>& error,
                   const net::HttpClientResponse& response) {
  if (error) {
    return "fetching the JWK set failed (" + std::string(net::ToString(error->code)) +
           "): " + error->message;
  }
  if (response.status != 200) {
    return "fetching the JWK set failed: HTTP status " + std::to_string(response.status);
  }
  Outcome set = identity::JwkSet::Parse(response.body);
  if (auto* problem = std::get_if<std::string>(&set)) {
    *problem = "the fetched JWK set is unusable: " + *problem;
  }
  return set;
}

void LogToStandardError(std::string_view line) {
  std::cerr << std::string(line) + "\n";
}

// Counts the first fetches of the URL sets still running; calls `ready` after the last one.
struct FirstFetches {
  size_t pending = 0;
  std::function<void()> ready;

  void OneEnded() {
    if (--pending == 0) ready();
  }
};

}  // namespace

// One issuer's key set: loaded from its file or URL, refreshed every jwks_refresh, and early
// when a token needs a key it lacks. Everything runs on the loop except RequestEarlyFetch, which
// verifying threads call.
class IdentitySources::IssuerKeys : public std::enable_shared_from_this<IssuerKeys> {
 public:
  IssuerKeys(const JwtIssuerConfig& config, size_t index, const IdentitySourcesOptions& options)
      : label_("identity.jwt[" + std::to_string(index) + "] (" + config.issuer + ")"),
        file_(config.jwks_file),
        url_(config.jwks_url),
        refresh_(config.jwks_refresh),
        options_(options) {}

  const std::string& label() const { return label_; }
  const std::shared_ptr<identity::JwkSetSlot>& slot() const { return slot_; }
  bool fetches_url() const { return file_.empty(); }

  // Reads the jwks_file set now; the error names the file.
  std::optional<std::string> LoadFile() {
    Outcome loaded = identity::JwkSet::Load(file_);
    if (auto* error = std::get_if<std::string>(&loaded)) return *error;
    Install(std::get<identity::JwkSet>(std::move(loaded)));
    return std::nullopt;
  }

  // `first_done`: for a URL set, called once its first fetch has ended.
  void Start(net::EventLoop& loop, net::HttpClient* client, std::function<void()> first_done) {
    client_ = client;
    loop_.store(&loop);
    if (fetches_url()) {
      first_done_ = std::move(first_done);
      Fetch();
    } else {
      ScheduleRefresh();
    }
  }

  void Stop() {
    stopped_ = true;
    loop_.store(nullptr);
    timer_.Cancel();
  }

  // Thread-safe: fetches the set on the loop soon, unless an early fetch was asked for less than
  // early_refetch_interval ago, or the upkeep is not running. (Regular fetches do not count: a
  // key rotated in right after a scheduled fetch must not wait for the next period.)
  void RequestEarlyFetch() {
    net::EventLoop* loop = loop_.load();
    if (loop == nullptr) return;
    const Ticks now = Now();
    const Ticks interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               options_.early_refetch_interval)
                               .count();
    Ticks last = last_early_fetch_.load();
    if (last != kNever && now - last < interval) return;
    if (!last_early_fetch_.compare_exchange_strong(last, now)) return;  // another thread asked
    loop->Post([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->Fetch();
    });
  }

 private:
  using Ticks = std::chrono::steady_clock::rep;
  static constexpr Ticks kNever = std::numeric_limits<Ticks>::min();

  Ticks Now() const { return options_.clock().time_since_epoch().count(); }

  // Loads the set again (the periodic timer is restarted once it is done); a no-op while a fetch
  // is in flight.
  void Fetch() {
    if (stopped_ || fetching_) return;
    timer_.Cancel();
    if (!fetches_url()) {
      Finish(identity::JwkSet::Load(file_));
      return;
    }
    fetching_ = true;
    net::HttpClientRequest request{
        .method = "GET",
        .url = url_,
        .headers = {{"Accept", "application/jwk-set+json, application/json"}},
        .timeout = options_.fetch_timeout};
    client_->Fetch(std::move(request),
                   [weak = weak_from_this()](std::optional<net::HttpClientError> error,
                                             net::HttpClientResponse response) {
                     if (auto self = weak.lock()) self->Finish(FetchedSet(error, response));
                   });
  }

  void Finish(Outcome outcome) {
    fetching_ = false;
    if (stopped_) return;
    if (auto* error = std::get_if<std::string>(&outcome)) {
      options_.log(label_ + ": " + *error +
                   (slot_->Current() ? "; keeping the last good key set"
                                     : "; its tokens are refused until a key set loads"));
    } else {
      Install(std::get<identity::JwkSet>(std::move(outcome)));
    }
    ScheduleRefresh();
    if (first_done_) std::exchange(first_done_, nullptr)();
  }

  void Install(identity::JwkSet set) {
    // The keys an issuer publishes but we cannot use rarely change: said once, not every period.
    if (!slot_->Current()) {
      for (const std::string& skipped : set.skipped()) {
        options_.log(label_ + ": skipped " + skipped);
      }
    }
    slot_->Replace(std::make_shared<const identity::JwkSet>(std::move(set)));
  }

  void ScheduleRefresh() {
    timer_ = loop_.load()->RunAfter(refresh_, [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->Fetch();
    });
  }

  const std::string label_;
  const std::filesystem::path file_;  // set for a jwks_file issuer
  const std::string url_;             // set for a jwks_url issuer
  const std::chrono::seconds refresh_;
  const IdentitySourcesOptions options_;
  const std::shared_ptr<identity::JwkSetSlot> slot_ = std::make_shared<identity::JwkSetSlot>();
  // Null before Start and after Stop: what RequestEarlyFetch posts to.
  std::atomic<net::EventLoop*> loop_{nullptr};
  std::atomic<Ticks> last_early_fetch_{kNever};  // when an early fetch was last asked for
  // On the loop only.
  net::HttpClient* client_ = nullptr;
  net::TimerHandle timer_;
  bool fetching_ = false;
  bool stopped_ = false;
  std::function<void()> first_done_;
};

std::variant<std::unique_ptr<IdentitySources>, std::string> IdentitySources::Create(
    const IdentityConfig& config, IdentitySourcesOptions options) {
  if (!options.log) options.log = LogToStandardError;
  std::vector<std::shared_ptr<IssuerKeys>> issuers;
  std::vector<identity::JwtIdentitySource> jwt;
  for (size_t index = 0; index < config.jwt.size(); ++index) {
    const JwtIssuerConfig& issuer = config.jwt[index];
    auto keys = std::make_shared<IssuerKeys>(issuer, index, options);
    if (!keys->fetches_url()) {
      if (std::optional<std::string> error = keys->LoadFile()) return keys->label() + ": " + *error;
    }
    auto verifier = identity::JwtVerifier::Create(
        {.issuer = issuer.issuer, .audiences = issuer.audiences, .leeway = issuer.leeway},
        keys->slot());
    if (auto* error = std::get_if<std::string>(&verifier)) return keys->label() + ": " + *error;
    jwt.push_back({.verifier = std::get<identity::JwtVerifier>(std::move(verifier)),
                   .mapping = issuer.claims,
                   .on_missing_key = [raw = keys.get()] { raw->RequestEarlyFetch(); }});
    issuers.push_back(std::move(keys));
  }
  return std::unique_ptr<IdentitySources>(new IdentitySources(
      std::move(issuers), identity::Authenticator(std::move(jwt), config.api_keys),
      std::move(options)));
}

IdentitySources::IdentitySources(std::vector<std::shared_ptr<IssuerKeys>> issuers,
                                 identity::Authenticator authenticator,
                                 IdentitySourcesOptions options)
    : options_(std::move(options)),
      issuers_(std::move(issuers)),
      authenticator_(std::move(authenticator)) {}

IdentitySources::~IdentitySources() {
  Stop();
}

void IdentitySources::Start(net::EventLoop& loop, std::function<void()> ready) {
  auto first_fetches = std::make_shared<FirstFetches>();
  first_fetches->pending = std::count_if(issuers_.begin(), issuers_.end(),
                                         [](const auto& issuer) { return issuer->fetches_url(); });
  if (first_fetches->pending > 0) {
    net::HttpClientOptions client_options;
    client_options.request_timeout = options_.fetch_timeout;
    client_options.max_response_body_bytes = identity::JwkSet::kMaxDocumentBytes;
    client_ = std::make_unique<net::HttpClient>(loop, std::move(client_options));
    first_fetches->ready = std::move(ready);
  } else {
    loop.Post(std::move(ready));
  }
  for (const std::shared_ptr<IssuerKeys>& issuer : issuers_) {
    issuer->Start(loop, client_.get(), [first_fetches] { first_fetches->OneEnded(); });
  }
}

void IdentitySources::Stop() {
  for (const std::shared_ptr<IssuerKeys>& issuer : issuers_) issuer->Stop();
  client_.reset();  // aborts the fetches in flight without calling back
}

}  // namespace portcullis::gateway::server
