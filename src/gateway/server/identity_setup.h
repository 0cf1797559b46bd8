// The gateway's authenticate step as the config's `identity:` section describes it: an
// identity::Authenticator over every JWT issuer and the static API keys, and the upkeep of each
// issuer's JWK set while the gateway runs.
//
//   auto created = IdentitySources::Create(config.identity, {});   // or why it cannot start
//   IdentitySources& identity = *std::get<std::unique_ptr<IdentitySources>>(created);
//   loop.Post([&] { identity.Start(loop, [] { /* JWKS URLs fetched: serve */ }); });
//   ... identity.authenticator().Authenticate(authorization, now) ...   // any thread
//   loop.Post([&] { identity.Stop(); });                                 // before destroying it
//
// Key sets:
//  - jwks_file: read by Create (an unreadable or unusable file is an error naming it), then read
//    again every jwks_refresh.
//  - jwks_url: fetched (GET, HTTP 200 with a JWK set) with an HttpClient on the loop given to
//    Start, then every jwks_refresh. Start's `ready` is called once the first fetch of every URL
//    has ended, each bounded by fetch_timeout. An issuer whose first fetch failed has no keys:
//    its tokens are refused (no_keys) until a fetch succeeds, and why is logged.
//  - A refresh that fails (the file unreadable, a transport error, a status other than 200, an
//    unusable document) keeps the last good set and logs one line.
//  - `kid` rotation: a token refused because its issuer's set lacks its key (an unknown kid, or
//    no set yet) makes that issuer fetch (or re-read) its set at once — unless such an early
//    fetch was made less than early_refetch_interval ago — so that a key the issuer has just
//    started signing with works without waiting for jwks_refresh. The token's unverified `iss`
//    chooses the issuer, so anyone can ask for this; the interval bounds what it costs.
// Log lines name the entry and its issuer (`identity.jwt[0] (https://idp.example.com)`) and what
// failed; never a token, never a URL's path or query.
//
// Thread-safety: authenticator() and its Authenticate may be called from any thread while the
// object lives (the key sets are swapped atomically under them). Start, Stop and the destructor
// run on the loop's thread, or on any one thread while the loop is not running; every timer,
// fetch and `ready` runs on the loop. The loop must outlive the object.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gateway/config/gateway_config.h"
#include "identity/authenticator.h"
#include "net/event_loop.h"

namespace portcullis::net {
class HttpClient;
}

namespace portcullis::gateway::server {

struct IdentitySourcesOptions {
  // One fetch of a JWKS URL, from the call to the last byte (the first ones included).
  std::chrono::milliseconds fetch_timeout{std::chrono::seconds(10)};
  // An issuer's set is fetched early (see `kid` rotation above) at most once per this interval.
  std::chrono::milliseconds early_refetch_interval{std::chrono::seconds(30)};
  // What the early-fetch limit measures time with; called from any thread.
  std::function<std::chrono::steady_clock::time_point()> clock = std::chrono::steady_clock::now;
  // Where log lines go (one call per line, no newline); default: standard error.
  std::function<void(std::string_view line)> log;
};

class IdentitySources {
 public:
  // The authenticator for `config` with every jwks_file set loaded, or why not (a key file
  // that cannot be used, named with its entry; an unusable issuer setting).
  static std::variant<std::unique_ptr<IdentitySources>, std::string> Create(
      const IdentityConfig& config, IdentitySourcesOptions options);
  // Stops first (Stop).
  ~IdentitySources();
  IdentitySources(const IdentitySources&) = delete;
  IdentitySources& operator=(const IdentitySources&) = delete;

  const identity::Authenticator& authenticator() const { return authenticator_; }

  // Starts fetching the jwks_url sets and the periodic refreshes, on `loop`; calls `ready` on the
  // loop (never inside Start) once every first fetch has ended, successful or not. Called once.
  // Throws std::system_error when the HTTP client's TLS context cannot be set up.
  void Start(net::EventLoop& loop, std::function<void()> ready);
  // Stops the refreshes and aborts the fetches in flight (`ready` is not called if it has not
  // been); the key sets stay as they are. Repeatable.
  void Stop();

 private:
  class IssuerKeys;  // one issuer's key set and its upkeep

  IdentitySources(std::vector<std::shared_ptr<IssuerKeys>> issuers,
                  identity::Authenticator authenticator, IdentitySourcesOptions options);

  IdentitySourcesOptions options_;
  std::vector<std::shared_ptr<IssuerKeys>> issuers_;
  identity::Authenticator authenticator_;  // calls into issuers_ (missing keys)
  std::unique_ptr<net::HttpClient> client_;
};

}  // namespace portcullis::gateway::server
