#include "identity/jwt_verifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <openssl/evp.h>
#include <boost/json.hpp>

#include "identity/base64url.h"
#include "test_signer.h"

namespace portcullis::identity {
namespace {

using std::chrono::seconds;
using testing::JwksDocument;
using testing::TestSigner;
using testing::WithMember;
using testing::WithoutMember;

constexpr std::string_view kIssuer = "https://idp.example";
constexpr std::string_view kAudience = "https://gateway.example";
constexpr int64_t kNow = 1'700'000'000;
const auto kNowTime = std::chrono::system_clock::time_point(seconds(kNow));

const TestSigner& Signer(JwsAlgorithm algorithm) {
  static const TestSigner rsa(JwsAlgorithm::kRs256);
  static const TestSigner ec(JwsAlgorithm::kEs256);
  static const TestSigner ed(JwsAlgorithm::kEdDsa);
  return algorithm == JwsAlgorithm::kRs256 ? rsa : algorithm == JwsAlgorithm::kEs256 ? ec : ed;
}
const TestSigner& Rsa() {
  return Signer(JwsAlgorithm::kRs256);
}
const TestSigner& Ec() {
  return Signer(JwsAlgorithm::kEs256);
}
const TestSigner& Ed() {
  return Signer(JwsAlgorithm::kEdDsa);
}

boost::json::object ValidClaims() {
  return {{"iss", kIssuer}, {"aud", kAudience}, {"sub", "alice"}, {"exp", kNow + 600}};
}

JwtVerifierOptions Leeway(seconds leeway) {
  JwtVerifierOptions options;
  options.leeway = leeway;
  return options;
}

JwtVerifierOptions ExpiryOptional() {
  JwtVerifierOptions options;
  options.require_expiry = false;
  return options;
}

JwtVerifierOptions MaxTokenBytes(size_t limit) {
  JwtVerifierOptions options;
  options.max_token_bytes = limit;
  return options;
}

class JwtVerifierTest : public ::testing::Test {
 protected:
  JwtVerifierTest() {
    EXPECT_EQ(keys_->ReplaceWithDocument(JwksDocument(
                  {Rsa().PublicJwk("rsa-1"), Ec().PublicJwk("ec-1"), Ed().PublicJwk("ed-1")})),
              std::nullopt);
  }

  JwtVerifier MakeVerifier(JwtVerifierOptions options = {}) {
    if (options.issuer.empty()) options.issuer = kIssuer;
    if (options.audiences.empty()) options.audiences = {std::string(kAudience)};
    auto verifier = JwtVerifier::Create(std::move(options), keys_);
    EXPECT_TRUE(std::holds_alternative<JwtVerifier>(verifier)) << std::get<std::string>(verifier);
    return std::get<JwtVerifier>(std::move(verifier));
  }

  // The error verifying `token` gives, or nullopt when it is accepted.
  std::optional<AuthError> ErrorOf(std::string_view token, JwtVerifierOptions options = {}) {
    auto result = MakeVerifier(std::move(options)).Verify(token, kNowTime);
    if (auto* error = std::get_if<AuthError>(&result)) return *error;
    return std::nullopt;
  }

  // A token signed by the EC key with kid "ec-1".
  static std::string EcToken(const boost::json::object& claims) {
    return Ec().Token(claims, "ec-1");
  }

  std::shared_ptr<JwkSetSlot> keys_ = std::make_shared<JwkSetSlot>();
};

TEST_F(JwtVerifierTest, AcceptsEachAlgorithmWithItsKey) {
  const std::pair<JwsAlgorithm, std::string_view> cases[] = {{JwsAlgorithm::kRs256, "rsa-1"},
                                                             {JwsAlgorithm::kEs256, "ec-1"},
                                                             {JwsAlgorithm::kEdDsa, "ed-1"}};
  for (const auto& [algorithm, kid] : cases) {
    auto result = MakeVerifier().Verify(Signer(algorithm).Token(ValidClaims(), kid), kNowTime);
    ASSERT_TRUE(std::holds_alternative<VerifiedJwt>(result))
        << AuthErrorName(std::get<AuthError>(result));
    const VerifiedJwt& verified = std::get<VerifiedJwt>(result);
    EXPECT_EQ(verified.claims, ValidClaims());
    EXPECT_EQ(verified.algorithm, algorithm);
    EXPECT_EQ(verified.kid, kid);
  }
}

TEST_F(JwtVerifierTest, ExpiryWithLeeway) {
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "exp", kNow - 29))), std::nullopt);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "exp", kNow - 30))), AuthError::kExpired);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "exp", kNow - 3600))), AuthError::kExpired);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "exp", kNow)), Leeway(seconds(0))),
            AuthError::kExpired);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "exp", kNow + 0.5)), Leeway(seconds(0))),
            std::nullopt);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "exp", uint64_t{1} << 63))), std::nullopt);
}

TEST_F(JwtVerifierTest, ExpiryIsRequiredUnlessConfiguredOtherwise) {
  EXPECT_EQ(ErrorOf(EcToken(WithoutMember(ValidClaims(), "exp"))), AuthError::kMissingExpiry);
  EXPECT_EQ(ErrorOf(EcToken(WithoutMember(ValidClaims(), "exp")), ExpiryOptional()), std::nullopt);
}

TEST_F(JwtVerifierTest, NotBeforeWithLeeway) {
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "nbf", kNow + 30))), std::nullopt);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "nbf", kNow + 31))), AuthError::kNotYetValid);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "nbf", kNow + 1)), Leeway(seconds(0))),
            AuthError::kNotYetValid);
}

TEST_F(JwtVerifierTest, TimeClaimsMustBeNumbers) {
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "exp", std::to_string(kNow + 600)))),
            AuthError::kInvalidTimeClaim);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "nbf", nullptr))),
            AuthError::kInvalidTimeClaim);
}

TEST_F(JwtVerifierTest, IssuerMustMatchExactly) {
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "iss", "https://evil.example"))),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "iss", "https://IDP.example"))),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "iss", "https://idp.example/"))),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "iss", boost::json::array{kIssuer}))),
            AuthError::kWrongIssuer);
  EXPECT_EQ(ErrorOf(EcToken(WithoutMember(ValidClaims(), "iss"))), AuthError::kWrongIssuer);
}

TEST_F(JwtVerifierTest, AudienceIsAStringOrAnArrayContainingOurs) {
  EXPECT_EQ(
      ErrorOf(EcToken(WithMember(ValidClaims(), "aud", boost::json::array{"other", kAudience}))),
      std::nullopt);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "aud", "other"))), AuthError::kWrongAudience);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "aud", boost::json::array{"other", 1}))),
            AuthError::kWrongAudience);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "aud", boost::json::array{}))),
            AuthError::kWrongAudience);
  EXPECT_EQ(
      ErrorOf(EcToken(WithMember(ValidClaims(), "aud", boost::json::object{{"aud", kAudience}}))),
      AuthError::kWrongAudience);
  EXPECT_EQ(ErrorOf(EcToken(WithoutMember(ValidClaims(), "aud"))), AuthError::kWrongAudience);
}

TEST_F(JwtVerifierTest, AnyOfSeveralAudiences) {
  JwtVerifierOptions options;
  options.audiences = {"https://first.example", std::string(kAudience)};
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "aud", "https://first.example")), options),
            std::nullopt);
  EXPECT_EQ(ErrorOf(EcToken(ValidClaims()), options), std::nullopt);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "aud",
                                       boost::json::array{"other", "https://first.example"})),
                    options),
            std::nullopt);
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "aud", "https://second.example")), options),
            AuthError::kWrongAudience);
  EXPECT_EQ(
      ErrorOf(EcToken(WithMember(ValidClaims(), "aud", boost::json::array{"other", 1})), options),
      AuthError::kWrongAudience);
  // Audiences match exactly.
  EXPECT_EQ(ErrorOf(EcToken(WithMember(ValidClaims(), "aud", "https://first.example/")), options),
            AuthError::kWrongAudience);
}

TEST_F(JwtVerifierTest, RepeatedClaimNamesKeepTheLastValue) {
  std::string payload = boost::json::serialize(ValidClaims());
  payload.pop_back();
  payload += R"(,"aud":"other"})";
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":"ES256","kid":"ec-1"})", payload)),
            AuthError::kWrongAudience);
}

TEST_F(JwtVerifierTest, RefusesAlgNone) {
  std::string claims = EncodeBase64Url(boost::json::serialize(ValidClaims()));
  EXPECT_EQ(ErrorOf(EncodeBase64Url(R"({"alg":"none"})") + "." + claims + "."),
            AuthError::kUnsupportedAlgorithm);
  EXPECT_EQ(ErrorOf(EncodeBase64Url(R"({"alg":"none","kid":"ec-1"})") + "." + claims + "."),
            AuthError::kUnsupportedAlgorithm);
}

// The classic confusion: a token saying HS256, MACed with the RSA public key as the secret.
TEST_F(JwtVerifierTest, RefusesHmacEvenWithThePublicKeyAsSecret) {
  std::string secret = boost::json::serialize(Rsa().PublicJwk("rsa-1"));
  std::string signing_input = EncodeBase64Url(R"({"alg":"HS256","kid":"rsa-1"})") + "." +
                              EncodeBase64Url(boost::json::serialize(ValidClaims()));
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t mac_length = 0;
  ASSERT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                      reinterpret_cast<const unsigned char*>(signing_input.data()),
                      signing_input.size(), mac, sizeof mac, &mac_length),
            nullptr);
  std::string token = signing_input + "." +
                      EncodeBase64Url(std::string_view(reinterpret_cast<char*>(mac), mac_length));
  EXPECT_EQ(ErrorOf(token), AuthError::kUnsupportedAlgorithm);
}

TEST_F(JwtVerifierTest, AlgMustBeTheKeysPinnedAlgorithm) {
  // Signed by the EC key, naming the RSA key's kid with the EC algorithm.
  EXPECT_EQ(ErrorOf(Ec().Token(ValidClaims(), "rsa-1")), AuthError::kAlgorithmMismatch);
  // Algorithm names are case-sensitive.
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":"es256","kid":"ec-1"})",
                                       boost::json::serialize(ValidClaims()))),
            AuthError::kUnsupportedAlgorithm);
}

TEST_F(JwtVerifierTest, RefusesCriticalHeaders) {
  std::string claims = boost::json::serialize(ValidClaims());
  EXPECT_EQ(
      ErrorOf(Ec().TokenFromText(R"({"alg":"ES256","kid":"ec-1","crit":["exp"],"exp":1})", claims)),
      AuthError::kUnsupportedCritical);
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":"ES256","kid":"ec-1","crit":["b64"],"b64":false})",
                                       claims)),
            AuthError::kUnsupportedCritical);
}

TEST_F(JwtVerifierTest, MalformedHeaders) {
  std::string claims = boost::json::serialize(ValidClaims());
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"kid":"ec-1"})", claims)), AuthError::kMalformedHeader);
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":256,"kid":"ec-1"})", claims)),
            AuthError::kMalformedHeader);
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":"ES256","kid":1})", claims)),
            AuthError::kMalformedHeader);
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"(["ES256"])", claims)), AuthError::kMalformedHeader);
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":"ES256")", claims)), AuthError::kMalformedHeader);
}

TEST_F(JwtVerifierTest, SelectsKeysByKid) {
  EXPECT_EQ(ErrorOf(Ec().Token(ValidClaims(), "ec-9")), AuthError::kUnknownKey);
  // The set has one key per algorithm, so a token without kid finds it.
  EXPECT_EQ(ErrorOf(Ed().Token(ValidClaims())), std::nullopt);
  ASSERT_EQ(keys_->ReplaceWithDocument(JwksDocument(
                {Ed().PublicJwk("ed-1"), TestSigner(JwsAlgorithm::kEdDsa).PublicJwk("ed-2")})),
            std::nullopt);
  EXPECT_EQ(ErrorOf(Ed().Token(ValidClaims())), AuthError::kAmbiguousKey);
  EXPECT_EQ(ErrorOf(Ed().Token(ValidClaims(), "ed-1")), std::nullopt);
}

TEST_F(JwtVerifierTest, ASignatureByAnotherKeyFails) {
  TestSigner impostor(JwsAlgorithm::kEs256);
  EXPECT_EQ(ErrorOf(impostor.Token(ValidClaims(), "ec-1")), AuthError::kBadSignature);
}

TEST_F(JwtVerifierTest, TamperedPayloadFails) {
  std::string token = EcToken(ValidClaims());
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  std::string forged =
      token.substr(0, first + 1) +
      EncodeBase64Url(boost::json::serialize(WithMember(ValidClaims(), "sub", "admin"))) +
      token.substr(second);
  EXPECT_EQ(ErrorOf(forged), AuthError::kBadSignature);
  EXPECT_EQ(ErrorOf(token), std::nullopt);
}

TEST_F(JwtVerifierTest, ThePayloadMustBeAnObject) {
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":"ES256","kid":"ec-1"})", "[1]")),
            AuthError::kMalformedClaims);
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(R"({"alg":"ES256","kid":"ec-1"})", "not json")),
            AuthError::kMalformedClaims);
}

TEST_F(JwtVerifierTest, MalformedTokens) {
  std::string token = EcToken(ValidClaims());
  EXPECT_EQ(ErrorOf(""), AuthError::kMalformedToken);
  EXPECT_EQ(ErrorOf(token.substr(0, token.rfind('.'))), AuthError::kMalformedToken);
  EXPECT_EQ(ErrorOf(token + ".e30"), AuthError::kMalformedToken);
  EXPECT_EQ(ErrorOf(token + "="), AuthError::kMalformedToken);
  EXPECT_EQ(ErrorOf(" " + token), AuthError::kMalformedToken);
  EXPECT_EQ(ErrorOf(".e30.AAAA"), AuthError::kMalformedToken);
}

TEST_F(JwtVerifierTest, TokenSizeIsLimited) {
  std::string token = EcToken(WithMember(ValidClaims(), "pad", std::string(400, 'x')));
  EXPECT_EQ(ErrorOf(token, MaxTokenBytes(256)), AuthError::kTokenTooLarge);
  EXPECT_EQ(ErrorOf(token, MaxTokenBytes(token.size())), std::nullopt);
  std::string big_header = R"({"alg":"ES256","kid":"ec-1","x":")" + std::string(2100, 'x') + "\"}";
  EXPECT_EQ(ErrorOf(Ec().TokenFromText(big_header, boost::json::serialize(ValidClaims()))),
            AuthError::kMalformedHeader);
}

TEST_F(JwtVerifierTest, NoKeySetYet) {
  keys_->Replace(nullptr);
  EXPECT_EQ(ErrorOf(EcToken(ValidClaims())), AuthError::kNoKeys);
}

TEST_F(JwtVerifierTest, KidRotation) {
  TestSigner next(JwsAlgorithm::kEs256);
  JwtVerifier verifier = MakeVerifier();
  std::string old_token = EcToken(ValidClaims());
  std::string new_token = next.Token(ValidClaims(), "ec-2");
  EXPECT_EQ(std::get<AuthError>(verifier.Verify(new_token, kNowTime)), AuthError::kUnknownKey);

  ASSERT_EQ(keys_->ReplaceWithDocument(JwksDocument({next.PublicJwk("ec-2")})), std::nullopt);
  EXPECT_EQ(std::get<AuthError>(verifier.Verify(old_token, kNowTime)), AuthError::kUnknownKey);
  EXPECT_TRUE(std::holds_alternative<VerifiedJwt>(verifier.Verify(new_token, kNowTime)));

  // A bad document leaves the current set in place.
  EXPECT_EQ(keys_->ReplaceWithDocument("{\"keys\": []}"), "the JWK set has no usable key");
  EXPECT_TRUE(std::holds_alternative<VerifiedJwt>(verifier.Verify(new_token, kNowTime)));
}

TEST_F(JwtVerifierTest, VerifiesConcurrentlyWhileTheSetIsReplaced) {
  JwtVerifier verifier = MakeVerifier();
  const std::string token = EcToken(ValidClaims());
  const std::string document = JwksDocument({Ed().PublicJwk("ed-1"), Ec().PublicJwk("ec-1")});
  std::atomic<int> accepted = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (std::holds_alternative<VerifiedJwt>(verifier.Verify(token, kNowTime))) ++accepted;
      }
    });
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(keys_->ReplaceWithDocument(document), std::nullopt);
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(accepted, 600);
}

TEST(JwtVerifierOptionsTest, AreChecked) {
  auto keys = std::make_shared<JwkSetSlot>();
  auto error = [&](JwtVerifierOptions options) {
    auto created = JwtVerifier::Create(std::move(options), keys);
    return std::holds_alternative<std::string>(created) ? std::get<std::string>(created) : "";
  };
  EXPECT_EQ(error({.issuer = "i", .audiences = {"a"}}), "");
  EXPECT_EQ(error({.issuer = "", .audiences = {"a"}}), "the issuer is empty");
  EXPECT_EQ(error({.issuer = "i", .audiences = {}}), "no audience is given");
  EXPECT_EQ(error({.issuer = "i", .audiences = {"a", ""}}), "an audience is empty");
  EXPECT_EQ(error({.issuer = "i", .audiences = {"a"}, .leeway = seconds(301)}),
            "the leeway must be 0 to 300 seconds");
  EXPECT_EQ(error({.issuer = "i", .audiences = {"a"}, .leeway = seconds(-1)}),
            "the leeway must be 0 to 300 seconds");
  EXPECT_EQ(error({.issuer = "i", .audiences = {"a"}, .max_token_bytes = 100}),
            "the token size limit must be 256 to 65536 bytes");
  EXPECT_EQ(
      std::get<std::string>(JwtVerifier::Create({.issuer = "i", .audiences = {"a"}}, nullptr)),
      "no key set slot");
}

}  // namespace
}  // namespace portcullis::identity
