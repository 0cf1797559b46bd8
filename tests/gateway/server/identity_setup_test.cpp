#include "gateway/server/identity_setup.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "../../identity/test_signer.h"
#include "../../net/http_server_harness.h"

namespace portcullis::gateway::server {
namespace {

using identity::AuthError;
using identity::JwsAlgorithm;
using identity::testing::JwksDocument;
using identity::testing::TestSigner;
using namespace std::chrono_literals;

constexpr std::string_view kIssuer = "https://idp.example.com";
constexpr std::string_view kOtherIssuer = "https://other.example.com";
constexpr std::string_view kAudience = "https://gw.example.com";
// The label log lines and errors name the first issuer by.
constexpr std::string_view kLabel = "identity.jwt[0] (https://idp.example.com)";

// Signing keys, generated once: an issuer's key before and after rotations.
const TestSigner& Key(int generation) {
  static const TestSigner keys[] = {TestSigner(JwsAlgorithm::kEs256),
                                    TestSigner(JwsAlgorithm::kEs256),
                                    TestSigner(JwsAlgorithm::kEdDsa)};
  return keys[generation];
}

std::string KeysDocument(std::initializer_list<int> generations) {
  boost::json::array keys;
  for (int generation : generations) {
    keys.push_back(Key(generation).PublicJwk("k" + std::to_string(generation)));
  }
  return boost::json::serialize(boost::json::object{{"keys", std::move(keys)}});
}

// `Authorization` with a token of `issuer` signed by key `generation` (kid "k<generation>"),
// valid for an hour.
std::string Bearer(int generation, std::string_view issuer = kIssuer, std::string_view kid = {}) {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  boost::json::object claims{
      {"iss", issuer}, {"aud", kAudience}, {"sub", "alice"}, {"exp", now + 3600}};
  std::string key_id = kid.empty() ? "k" + std::to_string(generation) : std::string(kid);
  return "Bearer " + Key(generation).Token(claims, key_id);
}

JwtIssuerConfig Issuer(std::filesystem::path file, std::string url, std::chrono::seconds refresh,
                       std::string_view issuer = kIssuer) {
  return {.issuer = std::string(issuer),
          .audiences = {std::string(kAudience)},
          .jwks_file = std::move(file),
          .jwks_url = std::move(url),
          .jwks_refresh = refresh,
          .claims = std::get<identity::ClaimMapping>(identity::ClaimMapping::Create({}))};
}

// An event loop running on a thread of its own.
class RunningLoop {
 public:
  RunningLoop() : runner_([this] { loop_.Run(); }) {}
  ~RunningLoop() {
    loop_.Stop();
    runner_.join();
  }
  net::EventLoop& loop() { return loop_; }

  // Runs `fn` on the loop and waits until it has run, and so has everything posted before it.
  void RunAndWait(const std::function<void()>& fn) {
    std::promise<void> done;
    loop_.Post([&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  net::EventLoop loop_;
  std::thread runner_;
};

// Serves a JWK set document (or an error status) at any path, counting the requests.
class JwksServer {
 public:
  void Publish(std::string document, int status = 200) {
    std::lock_guard lock(mutex_);
    document_ = std::move(document);
    status_ = status;
  }
  int requests() const { return requests_.load(); }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/.well-known/jwks.json";
  }

 private:
  static net::HttpServerOptions ServerOptions() {
    net::HttpServerOptions options;
    options.threads = 1;
    return options;
  }

  void Serve(const net::HttpRequest& request, net::HttpResponse& response) {
    std::lock_guard lock(mutex_);
    EXPECT_EQ(request.method(), "GET");
    response.status = status_;
    response.body = document_;
    ++requests_;
  }

  std::mutex mutex_;
  std::string document_;
  int status_ = 200;
  std::atomic<int> requests_ = 0;
  net::harness::RunningServer server_{
      ServerOptions(), [this](const net::HttpRequest& request, net::HttpResponse& response) {
        Serve(request, response);
      }};
};

// A listening socket that never accepts: a request sent to it is never answered.
class SilentListener {
 public:
  SilentListener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), length), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length), 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/jwks"; }

 private:
  int fd_;
  uint16_t port_ = 0;
};

class IdentitySetupTest : public ::testing::Test {
 protected:
  IdentitySetupTest() {
    std::filesystem::create_directories(dir_);
    options_.fetch_timeout = 5s;
    options_.clock = [this] { return std::chrono::steady_clock::time_point(now_.load()); };
    options_.log = [this](std::string_view line) {
      std::lock_guard lock(log_mutex_);
      log_.emplace_back(line);
    };
  }
  ~IdentitySetupTest() override {
    if (sources_) loop_.RunAndWait([&] { sources_.reset(); });
    std::filesystem::remove_all(dir_);
  }

  // Replaces the key file at once (a reader sees the old file or the new one, never a part).
  void WriteKeyFile(const std::string& text) {
    std::filesystem::path temporary = key_file_;
    temporary += ".new";
    std::ofstream(temporary) << text;
    std::filesystem::rename(temporary, key_file_);
  }

  // Creates the sources for `issuers` into sources_, expecting success.
  void Create(std::vector<JwtIssuerConfig> issuers) {
    IdentityConfig config;
    config.jwt = std::move(issuers);
    auto created = IdentitySources::Create(config, options_);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<IdentitySources>>(created))
        << std::get<std::string>(created);
    sources_ = std::get<std::unique_ptr<IdentitySources>>(std::move(created));
  }

  // The error of creating sources for `issuer`.
  std::string CreateError(JwtIssuerConfig issuer) {
    IdentityConfig config;
    config.jwt.push_back(std::move(issuer));
    auto created = IdentitySources::Create(config, options_);
    if (auto* error = std::get_if<std::string>(&created)) return *error;
    loop_.RunAndWait([&] { std::get<std::unique_ptr<IdentitySources>>(created).reset(); });
    return "";
  }

  // Starts sources_ on the loop and waits for `ready`.
  void StartAndWaitUntilReady() {
    ASSERT_NE(sources_, nullptr);
    auto ready = std::make_shared<std::promise<void>>();
    loop_.RunAndWait([&] { sources_->Start(loop_.loop(), [ready] { ready->set_value(); }); });
    ASSERT_EQ(ready->get_future().wait_for(60s), std::future_status::ready);
  }

  // Creates sources_ for one issuer whose set `server` serves, and starts them.
  void StartFromUrl(const JwksServer& server, std::chrono::seconds refresh) {
    Create({Issuer("", server.url(), refresh)});
    StartAndWaitUntilReady();
  }

  std::optional<AuthError> ErrorOf(const std::string& authorization) {
    auto result =
        sources_->authenticator().Authenticate(authorization, std::chrono::system_clock::now());
    if (auto* error = std::get_if<AuthError>(&result)) return *error;
    return std::nullopt;
  }

  // Waits until `authorization` is accepted (a bound for slow machines, not a measurement).
  bool EventuallyAccepted(const std::string& authorization) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (ErrorOf(authorization)) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  // Waits until a log line contains every one of `parts`, and returns it.
  std::string EventuallyLogged(std::initializer_list<std::string_view> parts) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(log_mutex_);
        for (const std::string& line : log_) {
          if (std::all_of(parts.begin(), parts.end(), [&](std::string_view part) {
                return line.find(part) != std::string::npos;
              })) {
            return line;
          }
        }
      }
      std::this_thread::sleep_for(10ms);
    }
    return "";
  }

  void AdvanceClock(std::chrono::seconds by) { now_.store(now_.load() + by); }

  const std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                                     ("portcullis-identity-setup-" + std::to_string(::getpid()));
  const std::filesystem::path key_file_ = dir_ / "jwks.json";
  std::atomic<std::chrono::steady_clock::duration> now_{std::chrono::hours(1)};
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  IdentitySourcesOptions options_;
  RunningLoop loop_;
  std::unique_ptr<IdentitySources> sources_;
};

TEST_F(IdentitySetupTest, KeyFilesAreLoadedByCreate) {
  WriteKeyFile(KeysDocument({0}));
  Create({Issuer(key_file_, "", 1h)});
  EXPECT_EQ(ErrorOf(Bearer(0)), std::nullopt);
  EXPECT_EQ(ErrorOf(Bearer(1)), AuthError::kUnknownKey);
  EXPECT_EQ(ErrorOf(Bearer(0, kOtherIssuer)), AuthError::kWrongIssuer);
}

TEST_F(IdentitySetupTest, AnUnusableKeyFileIsAnErrorNamingIt) {
  std::string missing = CreateError(Issuer(dir_ / "absent.json", "", 1h));
  EXPECT_NE(missing.find(kLabel), std::string::npos) << missing;
  EXPECT_NE(missing.find((dir_ / "absent.json").string() + ": cannot be read"), std::string::npos)
      << missing;

  WriteKeyFile(R"({"keys": [{"kty": "oct", "k": "c2VjcmV0"}]})");
  std::string unusable = CreateError(Issuer(key_file_, "", 1h));
  EXPECT_NE(unusable.find(std::string(kLabel) + ": " + key_file_.string() + ": "),
            std::string::npos)
      << unusable;
}

TEST_F(IdentitySetupTest, UnusableIssuerSettingsAreErrors) {
  WriteKeyFile(KeysDocument({0}));
  JwtIssuerConfig issuer = Issuer(key_file_, "", 1h);
  issuer.audiences.clear();
  EXPECT_EQ(CreateError(issuer), std::string(kLabel) + ": no audience is given");
}

TEST_F(IdentitySetupTest, KeyFilesAreReadAgainEveryPeriod) {
  WriteKeyFile(KeysDocument({0}));
  Create({Issuer(key_file_, "", 1s)});
  StartAndWaitUntilReady();
  // The clock of early fetches stands still: only the period can bring the new key in.
  WriteKeyFile(KeysDocument({1}));
  ASSERT_TRUE(EventuallyAccepted(Bearer(1)));
  EXPECT_EQ(ErrorOf(Bearer(0)), AuthError::kUnknownKey);

  // A file that breaks keeps the last good set, and says so.
  WriteKeyFile("{\"keys\": ");
  std::string line =
      EventuallyLogged({kLabel, key_file_.string(), "keeping the last good key set"});
  EXPECT_NE(line, "");
  EXPECT_EQ(ErrorOf(Bearer(1)), std::nullopt);
}

// A token whose kid the set lacks re-reads the file at once (the early read runs on the loop, so
// it has happened once the loop has run what was posted before RunAndWait's function) — but not
// twice within early_refetch_interval of the last read.
TEST_F(IdentitySetupTest, AnUnknownKidReadsTheSetEarlyAtMostOncePerInterval) {
  WriteKeyFile(KeysDocument({0}));
  Create({Issuer(key_file_, "", 1h)});  // read at the clock's 1h
  StartAndWaitUntilReady();
  // Tries a token, then lets the loop run what that posted.
  auto attempt = [&](const std::string& authorization) {
    auto error = ErrorOf(authorization);
    loop_.RunAndWait([] {});
    return error;
  };

  WriteKeyFile(KeysDocument({0, 1}));
  AdvanceClock(1s);  // right after the regular read: an early read is still allowed
  EXPECT_EQ(attempt(Bearer(1)), AuthError::kUnknownKey);  // refused, and asks for the set
  EXPECT_EQ(attempt(Bearer(1)), std::nullopt);

  WriteKeyFile(KeysDocument({1, 2}));
  AdvanceClock(29s);
  EXPECT_EQ(attempt(Bearer(2)), AuthError::kUnknownKey);
  EXPECT_EQ(attempt(Bearer(2)), AuthError::kUnknownKey);  // not read: too soon after the last
  EXPECT_EQ(attempt(Bearer(0)), std::nullopt);  // the set read early at 1h1s is still current
  AdvanceClock(1s);
  EXPECT_EQ(attempt(Bearer(2)), AuthError::kUnknownKey);  // refused, and asks for the set
  EXPECT_EQ(attempt(Bearer(2)), std::nullopt);
  EXPECT_EQ(attempt(Bearer(0)), AuthError::kUnknownKey);

  // Other refusals do not ask for the set.
  WriteKeyFile(KeysDocument({0}));
  AdvanceClock(30s);
  EXPECT_EQ(attempt(Bearer(0, kIssuer, "k1")), AuthError::kBadSignature);
  EXPECT_EQ(attempt(Bearer(2)), std::nullopt);  // the set read early at 1h31s is still current
}

TEST_F(IdentitySetupTest, UrlSetsAreFetchedBeforeReady) {
  JwksServer server;
  server.Publish(KeysDocument({0}));
  StartFromUrl(server, 1h);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(ErrorOf(Bearer(0)), std::nullopt);
}

TEST_F(IdentitySetupTest, UrlSetsAreFetchedAgainEveryPeriod) {
  JwksServer server;
  server.Publish(KeysDocument({0}));
  StartFromUrl(server, 1s);
  server.Publish(KeysDocument({1}));
  ASSERT_TRUE(EventuallyAccepted(Bearer(1)));
  EXPECT_EQ(ErrorOf(Bearer(0)), AuthError::kUnknownKey);
  EXPECT_GE(server.requests(), 2);
}

TEST_F(IdentitySetupTest, AFailedRefreshKeepsTheLastGoodSet) {
  JwksServer server;
  server.Publish(KeysDocument({0}));
  StartFromUrl(server, 1s);

  server.Publish("upstream trouble", 503);
  std::string line = EventuallyLogged({kLabel, "HTTP status 503", "keeping the last good key set"});
  EXPECT_NE(line, "");
  EXPECT_EQ(line.find("jwks.json"), std::string::npos) << "no URL path in logs: " << line;
  EXPECT_EQ(ErrorOf(Bearer(0)), std::nullopt);

  server.Publish(R"({"keys": []})");
  EXPECT_NE(EventuallyLogged({kLabel, "the fetched JWK set is unusable", "keeping the last good"}),
            "");
  EXPECT_EQ(ErrorOf(Bearer(0)), std::nullopt);
}

TEST_F(IdentitySetupTest, AnUnknownKidFetchesTheSetEarly) {
  JwksServer server;
  server.Publish(KeysDocument({0}));
  StartFromUrl(server, 1h);

  server.Publish(KeysDocument({0, 1}));
  AdvanceClock(30s);
  EXPECT_EQ(ErrorOf(Bearer(1)), AuthError::kUnknownKey);
  // The clock stands still now: the retries cannot ask again, one fetch brings the key.
  ASSERT_TRUE(EventuallyAccepted(Bearer(1)));
  EXPECT_EQ(server.requests(), 2);
}

TEST_F(IdentitySetupTest, AFailedFirstFetchStartsWithTheIssuerRefused) {
  JwksServer server;
  server.Publish("", 503);
  StartFromUrl(server, 1h);
  EXPECT_NE(EventuallyLogged({kLabel, "HTTP status 503", "its tokens are refused"}), "");
  // A token of the issuer asks for its set at once (the issuer still answers 503)...
  EXPECT_EQ(ErrorOf(Bearer(0)), AuthError::kNoKeys);
  for (int waited = 0; server.requests() < 2 && waited < 500; ++waited) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(server.requests(), 2);
  // ...then not again before the interval has passed.
  server.Publish(KeysDocument({0}));
  EXPECT_EQ(ErrorOf(Bearer(0)), AuthError::kNoKeys);
  AdvanceClock(30s);
  ASSERT_TRUE(EventuallyAccepted(Bearer(0)));
  EXPECT_EQ(server.requests(), 3);
}

TEST_F(IdentitySetupTest, ReadyComesAfterTheFetchTimeoutWhenTheUrlDoesNotAnswer) {
  SilentListener silent;
  options_.fetch_timeout = 300ms;
  Create({Issuer("", silent.url(), 1h)});
  StartAndWaitUntilReady();
  EXPECT_NE(EventuallyLogged({kLabel, "timeout", "its tokens are refused"}), "");
  EXPECT_EQ(ErrorOf(Bearer(0)), AuthError::kNoKeys);
}

TEST_F(IdentitySetupTest, SeveralIssuersAndApiKeys) {
  JwksServer server;
  server.Publish(KeysDocument({1}));
  WriteKeyFile(KeysDocument({0}));
  IdentityConfig config;
  config.jwt.push_back(Issuer(key_file_, "", 1h));
  config.jwt.push_back(Issuer("", server.url(), 1h, kOtherIssuer));
  // SHA-256 of "abc" (FIPS 180-2 Appendix B.1).
  config.api_keys = std::get<identity::ApiKeyTable>(identity::ApiKeyTable::Create(
      {{"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        identity::Principal{"local-dev", {"admin"}, boost::json::object{}, ""}}}));
  auto created = IdentitySources::Create(config, options_);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<IdentitySources>>(created));
  sources_ = std::get<std::unique_ptr<IdentitySources>>(std::move(created));
  StartAndWaitUntilReady();

  EXPECT_EQ(ErrorOf(Bearer(0)), std::nullopt);
  EXPECT_EQ(ErrorOf(Bearer(1, kOtherIssuer)), std::nullopt);
  EXPECT_EQ(ErrorOf(Bearer(1)), AuthError::kUnknownKey);  // issuer A does not publish key 1
  EXPECT_EQ(ErrorOf("Bearer abc"), std::nullopt);
  EXPECT_EQ(ErrorOf("Bearer abd"), AuthError::kUnknownApiKey);
}

TEST_F(IdentitySetupTest, WithoutUrlsReadyComesAtOnce) {
  Create({});
  StartAndWaitUntilReady();
  EXPECT_EQ(ErrorOf(Bearer(0)), AuthError::kUnknownApiKey);
}

}  // namespace
}  // namespace portcullis::gateway::server
