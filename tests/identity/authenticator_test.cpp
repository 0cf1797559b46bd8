#include "identity/authenticator.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_signer.h"

namespace portcullis::identity {
namespace {

using testing::JwksDocument;
using testing::TestSigner;

constexpr int64_t kNow = 1'700'000'000;
const auto kNowTime = std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
// SHA-256 of "abc" (FIPS 180-2 Appendix B.1).
constexpr std::string_view kSha256OfAbc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

const TestSigner& Signer() {
  static const TestSigner signer(JwsAlgorithm::kEdDsa);
  return signer;
}

JwtIdentitySource JwtSource() {
  auto keys = std::make_shared<JwkSetSlot>();
  EXPECT_EQ(keys->ReplaceWithDocument(JwksDocument({Signer().PublicJwk("k1")})), std::nullopt);
  ClaimMappingSpec mapping;
  mapping.roles = "roles";
  return {std::get<JwtVerifier>(JwtVerifier::Create({.issuer = "iss", .audience = "aud"}, keys)),
          std::get<ClaimMapping>(ClaimMapping::Create(mapping))};
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
  Authenticator authenticator(std::nullopt, ApiKeys());
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
  Authenticator keys_only(std::nullopt, ApiKeys());
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

}  // namespace
}  // namespace portcullis::identity
