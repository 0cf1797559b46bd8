#include "identity/authenticator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "test_signer.h"

namespace portcullis::identity {
namespace {

using testing::JwksDocument;
using testing::TestSigner;
using testing::WithMember;
using testing::WithoutMember;

constexpr int64_t kNow = 1'700'000'000;
const auto kNowTime = std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
// SHA-256 of "abc" (FIPS 180-2 Appendix B.1).
constexpr std::string_view kSha256OfAbc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

const TestSigner& Signer() {
  static const TestSigner signer(JwsAlgorithm::kEdDsa);
  return signer;
}

// An issuer whose set holds `signer`'s key as `kid` (none when `signer` is null), and whose roles
// are in the claim `roles_claim`.
JwtIdentitySource JwtSource(std::string issuer, std::vector<std::string> audiences,
                            const TestSigner* signer, std::string_view kid,
                            std::string roles_claim = "roles") {
  auto keys = std::make_shared<JwkSetSlot>();
  if (signer != nullptr) {
    EXPECT_EQ(keys->ReplaceWithDocument(JwksDocument({signer->PublicJwk(kid)})), std::nullopt);
  }
  ClaimMappingSpec mapping;
  mapping.roles = std::move(roles_claim);
  return {std::get<JwtVerifier>(JwtVerifier::Create(
              {.issuer = std::move(issuer), .audiences = std::move(audiences)}, keys)),
          std::get<ClaimMapping>(ClaimMapping::Create(mapping))};
}

std::vector<JwtIdentitySource> JwtSource() {
  std::vector<JwtIdentitySource> sources;
  sources.push_back(JwtSource("iss", {"aud"}, &Signer(), "k1"));
  return sources;
}

ApiKeyTable ApiKeys() {
  return std::get<ApiKeyTable>(ApiKeyTable::Create(
      {{std::string(kSha256OfAbc), Principal{"local-dev", {"admin"}, boost::json::object{}, ""}}}));
}

const boost::json::object kClaims{
    {"iss", "iss"}, {"aud", "aud"}, {"sub", "alice"}, {"roles", "user"}, {"exp", kNow + 60}};

std::optional<AuthError> ErrorOf(const Authenticator& authenticator,
                                 std::optional<std::string_view> authorization) {
  auto result = authenticator.Authenticate(authorization, kNowTime);
  if (auto* error = std::get_if<AuthError>(&result)) return *error;
  return std::nullopt;
}

TEST(AuthenticatorTest, BearerJwt) {
  Authenticator authenticator(JwtSource(), ApiKeys());
  auto result = authenticator.Authenticate("Bearer " + Signer().Token(kClaims, "k1"), kNowTime);
  ASSERT_TRUE(std::holds_alternative<Authenticated>(result))
      << AuthErrorName(std::get<AuthError>(result));
  const Authenticated& authenticated = std::get<Authenticated>(result);
  EXPECT_EQ(authenticated.principal.id, "alice");
  EXPECT_EQ(authenticated.principal.roles, std::vector<std::string>{"user"});
  EXPECT_EQ(authenticated.jwt_claims, kClaims);
}

TEST(AuthenticatorTest, BearerApiKey) {
  Authenticator authenticator(JwtSource(), ApiKeys());
  auto result = authenticator.Authenticate("Bearer abc", kNowTime);
  ASSERT_TRUE(std::holds_alternative<Authenticated>(result));
  EXPECT_EQ(std::get<Authenticated>(result).principal.id, "local-dev");
  EXPECT_TRUE(std::get<Authenticated>(result).jwt_claims.is_null());
  EXPECT_EQ(ErrorOf(authenticator, "Bearer abd"), AuthError::kUnknownApiKey);
}

TEST(AuthenticatorTest, TheSchemeIsCaseInsensitive) {
  Authenticator authenticator({}, ApiKeys());
  EXPECT_EQ(ErrorOf(authenticator, "bearer abc"), std::nullopt);
  EXPECT_EQ(ErrorOf(authenticator, "BEARER   abc"), std::nullopt);
}

TEST(AuthenticatorTest, MalformedAuthorizationHeaders) {
  Authenticator authenticator(JwtSource(), ApiKeys());
  EXPECT_EQ(ErrorOf(authenticator, std::nullopt), AuthError::kMissingCredentials);
  for (std::string_view header :
       {"", "Bearer", "Bearer ", "Bearerabc", "Basic YWxhZGRpbjpvcGVu", "Bearer a b", "Bearer abc ",
        "Bearer \tabc", "Bearer ab\"c", "Bearer ==", "Bearer a=b"}) {
    EXPECT_EQ(ErrorOf(authenticator, header), AuthError::kMalformedAuthorization) << header;
  }
  EXPECT_EQ(ErrorOf(authenticator, "Bearer abc=="), AuthError::kUnknownApiKey);
}

TEST(AuthenticatorTest, CredentialsGoWhereTheyCanBeChecked) {
  // Without API keys, anything is a JWT (and a key-like credential is a malformed token).
  Authenticator jwt_only(JwtSource(), ApiKeyTable());
  EXPECT_EQ(ErrorOf(jwt_only, "Bearer abc"), AuthError::kMalformedToken);
  // Without a JWT issuer, anything is an API key.
  Authenticator keys_only({}, ApiKeys());
  EXPECT_EQ(ErrorOf(keys_only, "Bearer " + Signer().Token(kClaims, "k1")),
            AuthError::kUnknownApiKey);
  // With both, a JWT-shaped credential is verified as a JWT.
  Authenticator both(JwtSource(), ApiKeys());
  EXPECT_EQ(ErrorOf(both, "Bearer a.b.c"), AuthError::kMalformedToken);
}

TEST(AuthenticatorTest, ClaimMappingFailuresAreAuthErrors) {
  Authenticator authenticator(JwtSource(), ApiKeyTable());
  boost::json::object claims = kClaims;
  claims.erase("sub");
  EXPECT_EQ(ErrorOf(authenticator, "Bearer " + Signer().Token(claims, "k1")),
            AuthError::kMissingPrincipalClaim);
}

// Two issuers with their own keys, audiences and claim mappings.
class MultiIssuerTest : public ::testing::Test {
 protected:
  MultiIssuerTest() : authenticator_(Sources(), ApiKeys()) {}

  std::vector<JwtIdentitySource> Sources() {
    std::vector<JwtIdentitySource> sources;
    sources.push_back(JwtSource("https://a.example", {"gw"}, &Signer(), "a1"));
    sources.push_back(JwtSource("https://b.example", {"gw-1", "gw-2"}, &b_signer_, "b1", "groups"));
    sources[0].on_missing_key = [this] { ++missing_a_; };
    sources[1].on_missing_key = [this] { ++missing_b_; };
    return sources;
  }

  static boost::json::object Claims(std::string_view issuer, std::string_view audience) {
    return {{"iss", issuer},
            {"aud", audience},
            {"sub", "alice"},
            {"roles", "user"},
            {"groups", boost::json::array{"ops"}},
            {"exp", kNow + 60}};
  }

  std::optional<AuthError> ErrorOf(const std::string& token) {
    return identity::ErrorOf(authenticator_, "Bearer " + token);
  }

  TestSigner b_signer_{JwsAlgorithm::kEs256};
  std::atomic<int> missing_a_ = 0;
  std::atomic<int> missing_b_ = 0;
  Authenticator authenticator_;
};

TEST_F(MultiIssuerTest, EachTokenIsVerifiedByItsIssuer) {
  auto a = authenticator_.Authenticate(
      "Bearer " + Signer().Token(Claims("https://a.example", "gw"), "a1"), kNowTime);
  ASSERT_TRUE(std::holds_alternative<Authenticated>(a)) << AuthErrorName(std::get<AuthError>(a));
  EXPECT_EQ(std::get<Authenticated>(a).principal.roles, std::vector<std::string>{"user"});

  for (std::string_view audience : {"gw-1", "gw-2"}) {
    auto b = authenticator_.Authenticate(
        "Bearer " + b_signer_.Token(Claims("https://b.example", audience), "b1"), kNowTime);
    ASSERT_TRUE(std::holds_alternative<Authenticated>(b)) << AuthErrorName(std::get<AuthError>(b));
    EXPECT_EQ(std::get<Authenticated>(b).principal.roles, std::vector<std::string>{"ops"});
  }
  // Audiences belong to their issuer.
  EXPECT_EQ(ErrorOf(Signer().Token(Claims("https://a.example", "gw-1"), "a1")),
            AuthError::kWrongAudience);
  EXPECT_EQ(ErrorOf(b_signer_.Token(Claims("https://b.example", "gw"), "b1")),
            AuthError::kWrongAudience);
}

TEST_F(MultiIssuerTest, TokensNamingNoConfiguredIssuerAreRefused) {
  EXPECT_EQ(ErrorOf(Signer().Token(Claims("https://c.example", "gw"), "a1")),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(Signer().Token(Claims("https://A.example", "gw"), "a1")),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(Signer().Token(WithoutMember(Claims("https://a.example", "gw"), "iss"), "a1")),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(Signer().Token(WithMember(Claims("", "gw"), "iss", 1), "a1")),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(Signer().TokenFromText(R"({"alg":"EdDSA","kid":"a1"})", "not json")),
            AuthError::kWrongIssuer);
  // What is not a JWS at all is still reported as such.
  EXPECT_EQ(ErrorOf("a.b.c"), AuthError::kMalformedToken);
  EXPECT_EQ(missing_a_ + missing_b_, 0);
}

// The unverified `iss` only chooses the verifier: a token claiming issuer B but signed with A's
// key fails B's checks.
TEST_F(MultiIssuerTest, AClaimedIssuerMustBeBackedByItsKeys) {
  EXPECT_EQ(ErrorOf(Signer().Token(Claims("https://b.example", "gw-1"), "a1")),
            AuthError::kUnknownKey);
  EXPECT_EQ(
      ErrorOf(Signer().TokenFromText(R"({"alg":"ES256","kid":"b1"})",
                                     boost::json::serialize(Claims("https://b.example", "gw-1")))),
      AuthError::kBadSignature);
}

TEST_F(MultiIssuerTest, AMissingKeyIsReportedToItsIssuerOnly) {
  EXPECT_EQ(ErrorOf(b_signer_.Token(Claims("https://b.example", "gw-1"), "b2")),
            AuthError::kUnknownKey);
  EXPECT_EQ(missing_a_, 0);
  EXPECT_EQ(missing_b_, 1);
  // Other failures are not about the key set.
  EXPECT_EQ(
      ErrorOf(TestSigner(JwsAlgorithm::kEs256).Token(Claims("https://b.example", "gw-1"), "b1")),
      AuthError::kBadSignature);
  EXPECT_EQ(ErrorOf(b_signer_.Token(
                WithMember(Claims("https://b.example", "gw-1"), "exp", kNow - 600), "b1")),
            AuthError::kExpired);
  EXPECT_EQ(missing_b_, 1);
}

TEST(AuthenticatorTest, AnIssuerWithoutKeysYetAsksForThem) {
  std::vector<JwtIdentitySource> sources;
  sources.push_back(JwtSource("iss", {"aud"}, nullptr, ""));
  int missing = 0;
  sources[0].on_missing_key = [&] { ++missing; };
  Authenticator authenticator(std::move(sources), ApiKeyTable());
  EXPECT_EQ(ErrorOf(authenticator, "Bearer " + Signer().Token(kClaims, "k1")), AuthError::kNoKeys);
  EXPECT_EQ(missing, 1);
}

}  // namespace
}  // namespace portcullis::identity
