#include "gateway/session_seal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <set>
#include <thread>

#include "identity/base64url.h"

namespace portcullis::gateway {
namespace {

using std::chrono::seconds;

constexpr seconds kMaxAge{3600};
const std::chrono::sys_seconds kIssuedAt{seconds{1'800'000'000}};

SessionKey Key(uint8_t id, char fill) {
  return SessionKey{id, std::string(32, fill)};
}

SessionSealer MakeSealer(const std::vector<SessionKey>& keys, seconds max_age = kMaxAge) {
  auto sealer = SessionSealer::Create(keys, max_age);
  if (auto* error = std::get_if<std::string>(&sealer)) {
    ADD_FAILURE() << *error;
    return std::get<SessionSealer>(SessionSealer::Create({Key(0, 'x')}, max_age));
  }
  return std::get<SessionSealer>(std::move(sealer));
}

GatewaySession Alice() {
  return GatewaySession{"alice@example.com",
                        kIssuedAt,
                        "2025-06-18",
                        {{"payments", "3f1c9f0e-6a8e-4c41-9a53-8f2f1b5b7c11"},
                         {"tickets", "a-session-id-with-\xC3\xA9-and-\x01"}}};
}

std::string SealOrFail(const SessionSealer& sealer, const GatewaySession& session) {
  auto sealed = sealer.Seal(session);
  if (auto* failure = std::get_if<SealFailure>(&sealed)) {
    ADD_FAILURE() << failure->reason;
    return {};
  }
  return std::get<std::string>(sealed);
}

std::variant<GatewaySession, SessionOpenError> OpenAt(const SessionSealer& sealer,
                                                      std::string_view id,
                                                      std::string_view principal,
                                                      std::chrono::sys_seconds when = kIssuedAt) {
  return sealer.Open(id, principal, when);
}

SessionOpenError ErrorOf(const std::variant<GatewaySession, SessionOpenError>& opened) {
  if (const auto* error = std::get_if<SessionOpenError>(&opened)) return *error;
  ADD_FAILURE() << "the session opened";
  return SessionOpenError::kMalformed;
}

TEST(SessionSealTest, RoundTrip) {
  SessionSealer sealer = MakeSealer({Key(7, 'a')});
  const std::string id = SealOrFail(sealer, Alice());
  auto opened = OpenAt(sealer, id, "alice@example.com");
  ASSERT_TRUE(std::holds_alternative<GatewaySession>(opened));
  EXPECT_EQ(std::get<GatewaySession>(opened), Alice());

  GatewaySession empty{"", kIssuedAt, "", {}};
  auto reopened = OpenAt(sealer, SealOrFail(sealer, empty), "");
  ASSERT_TRUE(std::holds_alternative<GatewaySession>(reopened));
  EXPECT_EQ(std::get<GatewaySession>(reopened), empty);
}

TEST(SessionSealTest, IsAValidMcpSessionIdAndNeverRepeats) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')});
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = SealOrFail(sealer, Alice());
    for (char c : id) {
      ASSERT_TRUE(c >= 0x21 && c <= 0x7E) << id;  // visible ASCII (MCP Streamable HTTP)
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << id;
    }
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);  // a random nonce per seal
}

TEST(SessionSealTest, TheSessionIdRevealsNothingOfThePayload) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')});
  std::string bytes = *identity::DecodeBase64Url(SealOrFail(sealer, Alice()));
  EXPECT_EQ(bytes.find("alice"), std::string::npos);
  EXPECT_EQ(bytes.find("payments"), std::string::npos);
  EXPECT_EQ(bytes.find("2025-06-18"), std::string::npos);
  EXPECT_EQ(bytes[0], 1);  // format version
  EXPECT_EQ(bytes[1], 1);  // key id
}

TEST(SessionSealTest, AnotherPrincipalIsRefused) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')});
  const std::string id = SealOrFail(sealer, Alice());
  EXPECT_EQ(ErrorOf(OpenAt(sealer, id, "mallory@example.com")), SessionOpenError::kWrongPrincipal);
  EXPECT_EQ(ErrorOf(OpenAt(sealer, id, "alice@example.co")), SessionOpenError::kWrongPrincipal);
  EXPECT_EQ(ErrorOf(OpenAt(sealer, id, "")), SessionOpenError::kWrongPrincipal);
}

TEST(SessionSealTest, EveryAlteredByteIsRefused) {
  SessionSealer sealer = MakeSealer({Key(1, 'a'), Key(2, 'b')});
  const std::string bytes = *identity::DecodeBase64Url(SealOrFail(sealer, Alice()));
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int flip : {0x01, 0x80, 0xFF}) {
      std::string altered = bytes;
      altered[i] = static_cast<char>(altered[i] ^ flip);
      SessionOpenError error =
          ErrorOf(OpenAt(sealer, identity::EncodeBase64Url(altered), "alice@example.com"));
      // Byte 0 is the format version; any other change (the key id included: key 2 exists but
      // did not seal this) fails authentication.
      EXPECT_EQ(error, i == 0 ? SessionOpenError::kMalformed : SessionOpenError::kForged)
          << "byte " << i << " ^ " << flip;
    }
  }
}

TEST(SessionSealTest, EveryAlteredCharacterIsRefused) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')});
  const std::string id = SealOrFail(sealer, Alice());
  for (size_t i = 0; i < id.size(); ++i) {
    std::string altered = id;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(
        std::holds_alternative<GatewaySession>(OpenAt(sealer, altered, "alice@example.com")))
        << "character " << i;
  }
}

TEST(SessionSealTest, TruncatedOrExtendedIsRefused) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')});
  const std::string bytes = *identity::DecodeBase64Url(SealOrFail(sealer, Alice()));
  for (size_t size = 0; size < bytes.size(); ++size) {
    SessionOpenError error = ErrorOf(
        OpenAt(sealer, identity::EncodeBase64Url(bytes.substr(0, size)), "alice@example.com"));
    EXPECT_EQ(error, size < 30 ? SessionOpenError::kMalformed : SessionOpenError::kForged) << size;
  }
  EXPECT_EQ(ErrorOf(OpenAt(sealer, identity::EncodeBase64Url(bytes + "x"), "alice@example.com")),
            SessionOpenError::kForged);
}

TEST(SessionSealTest, MalformedIds) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')});
  const std::string id = SealOrFail(sealer, Alice());
  for (const std::string& bad : {std::string(), std::string("not base64!"), id + "=",
                                 id.substr(0, 10) + " " + id.substr(10), std::string(10000, 'A')}) {
    EXPECT_EQ(ErrorOf(OpenAt(sealer, bad, "alice@example.com")), SessionOpenError::kMalformed)
        << bad.substr(0, 40);
  }
  std::string bytes = *identity::DecodeBase64Url(id);
  bytes[0] = 2;  // a format version this build does not know
  EXPECT_EQ(ErrorOf(OpenAt(sealer, identity::EncodeBase64Url(bytes), "alice@example.com")),
            SessionOpenError::kMalformed);
}

TEST(SessionSealTest, AnotherKeyIsRefused) {
  const std::string id = SealOrFail(MakeSealer({Key(1, 'a')}), Alice());
  // Same key id, other secret: the tag does not verify.
  EXPECT_EQ(ErrorOf(OpenAt(MakeSealer({Key(1, 'b')}), id, "alice@example.com")),
            SessionOpenError::kForged);
  // No key with that id.
  EXPECT_EQ(ErrorOf(OpenAt(MakeSealer({Key(2, 'a')}), id, "alice@example.com")),
            SessionOpenError::kForged);
}

TEST(SessionSealTest, Expiry) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')}, seconds{600});
  const std::string id = SealOrFail(sealer, Alice());
  EXPECT_TRUE(std::holds_alternative<GatewaySession>(
      OpenAt(sealer, id, "alice@example.com", kIssuedAt + seconds{600})));
  EXPECT_EQ(ErrorOf(OpenAt(sealer, id, "alice@example.com", kIssuedAt + seconds{601})),
            SessionOpenError::kExpired);
  // The age is checked after the principal: another principal learns nothing about the age.
  EXPECT_EQ(ErrorOf(OpenAt(sealer, id, "mallory", kIssuedAt + seconds{601})),
            SessionOpenError::kWrongPrincipal);
}

TEST(SessionSealTest, KeyRotation) {
  const SessionSealer old_keys = MakeSealer({Key(1, 'a')});
  const SessionSealer rotated = MakeSealer({Key(2, 'b'), Key(1, 'a')});
  const SessionSealer retired = MakeSealer({Key(2, 'b')});

  const std::string before = SealOrFail(old_keys, Alice());
  const std::string after = SealOrFail(rotated, Alice());
  EXPECT_EQ((*identity::DecodeBase64Url(after))[1], 2);  // the first key seals

  // During rotation every replica opens both; once key 1 is retired, its sessions are gone.
  EXPECT_TRUE(std::holds_alternative<GatewaySession>(OpenAt(rotated, before, "alice@example.com")));
  EXPECT_TRUE(std::holds_alternative<GatewaySession>(OpenAt(rotated, after, "alice@example.com")));
  EXPECT_TRUE(std::holds_alternative<GatewaySession>(OpenAt(retired, after, "alice@example.com")));
  EXPECT_EQ(ErrorOf(OpenAt(retired, before, "alice@example.com")), SessionOpenError::kForged);
  EXPECT_EQ(ErrorOf(OpenAt(old_keys, after, "alice@example.com")), SessionOpenError::kForged);
}

TEST(SessionSealTest, ConfigurationIsChecked) {
  auto error = [](const std::vector<SessionKey>& keys, seconds max_age) {
    auto sealer = SessionSealer::Create(keys, max_age);
    return std::holds_alternative<std::string>(sealer) ? std::get<std::string>(sealer) : "";
  };
  EXPECT_EQ(error({}, kMaxAge), "at least one session key is needed");
  EXPECT_EQ(error({SessionKey{3, std::string(16, 'k')}}, kMaxAge),
            "session key 3 must be 32 bytes, not 16");
  EXPECT_EQ(error({Key(4, 'a'), Key(4, 'b')}, kMaxAge), "two session keys have the id 4");
  EXPECT_EQ(error({Key(4, 'a')}, seconds{0}), "the maximum session age must be positive");
  EXPECT_EQ(error({Key(4, 'a'), Key(5, 'b')}, kMaxAge), "");
}

TEST(SessionSealTest, OversizedSessionsAreNotSealed) {
  SessionSealer sealer = MakeSealer({Key(1, 'a')});
  GatewaySession long_principal = Alice();
  long_principal.principal_id.assign(kMaxSessionFieldBytes + 1, 'p');
  EXPECT_TRUE(std::holds_alternative<SealFailure>(sealer.Seal(long_principal)));

  GatewaySession many_upstreams = Alice();
  for (int i = 0; i < 200; ++i) {
    many_upstreams.upstream_sessions["server-" + std::to_string(i)] = std::string(36, 'u');
  }
  auto sealed = sealer.Seal(many_upstreams);
  ASSERT_TRUE(std::holds_alternative<SealFailure>(sealed));
  EXPECT_NE(std::get<SealFailure>(sealed).reason.find("longer than 8192"), std::string::npos);
}

TEST(SessionSealTest, ConcurrentUse) {
  const SessionSealer sealer = MakeSealer({Key(1, 'a')});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&sealer, &failures, t] {
      GatewaySession session = Alice();
      session.principal_id += std::to_string(t);
      for (int i = 0; i < 200; ++i) {
        auto sealed = sealer.Seal(session);
        auto opened =
            std::holds_alternative<std::string>(sealed)
                ? sealer.Open(std::get<std::string>(sealed), session.principal_id, kIssuedAt)
                : std::variant<GatewaySession, SessionOpenError>(SessionOpenError::kMalformed);
        if (!std::holds_alternative<GatewaySession>(opened) ||
            std::get<GatewaySession>(opened) != session) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(SessionSealTest, ErrorNames) {
  EXPECT_EQ(SessionOpenErrorName(SessionOpenError::kMalformed), "malformed");
  EXPECT_EQ(SessionOpenErrorName(SessionOpenError::kForged), "forged");
  EXPECT_EQ(SessionOpenErrorName(SessionOpenError::kWrongPrincipal), "wrong_principal");
  EXPECT_EQ(SessionOpenErrorName(SessionOpenError::kExpired), "expired");
}

}  // namespace
}  // namespace portcullis::gateway
