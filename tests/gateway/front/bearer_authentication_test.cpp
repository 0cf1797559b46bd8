// The authenticate step's HTTP side with a real Authenticator: JWTs signed by a freshly
// generated Ed25519 key (the identity tests' signer) and a static API key.
#include "gateway/front/bearer_authentication.h"

#include <gtest/gtest.h>

#include "../../identity/test_signer.h"
#include "test_request.h"

namespace portcullis::gateway::front {
namespace {

using identity::Authenticated;
using identity::testing::TestSigner;
using testing::TestRequest;

constexpr int64_t kNow = 1'700'000'000;
const auto kNowTime = std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
// SHA-256 of "abc" (FIPS 180-2 Appendix B.1): the API key "abc".
constexpr std::string_view kSha256OfAbc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view kMetadataUrl =
    "http://localhost:8080/.well-known/oauth-protected-resource/mcp";

const TestSigner& Signer() {
  static const TestSigner signer(identity::JwsAlgorithm::kEdDsa);
  return signer;
}

identity::Authenticator MakeAuthenticator() {
  auto keys = std::make_shared<identity::JwkSetSlot>();
  EXPECT_EQ(keys->ReplaceWithDocument(identity::testing::JwksDocument({Signer().PublicJwk("k1")})),
            std::nullopt);
  identity::JwtIdentitySource jwt{
      std::get<identity::JwtVerifier>(identity::JwtVerifier::Create(
          {.issuer = "https://idp.example.com", .audiences = {"http://localhost:8080/mcp"}}, keys)),
      std::get<identity::ClaimMapping>(identity::ClaimMapping::Create({}))};
  auto api_keys = std::get<identity::ApiKeyTable>(identity::ApiKeyTable::Create(
      {{std::string(kSha256OfAbc),
        identity::Principal{"local-dev", {"admin"}, boost::json::object{}, ""}}}));
  return identity::Authenticator({std::move(jwt)}, std::move(api_keys));
}

std::string Token(int64_t expires_at) {
  return Signer().Token({{"iss", "https://idp.example.com"},
                         {"aud", "http://localhost:8080/mcp"},
                         {"sub", "alice"},
                         {"exp", expires_at}},
                        "k1");
}

class BearerAuthenticationTest : public ::testing::Test {
 protected:
  // The request to /mcp with these Authorization headers.
  std::variant<Authenticated, Rejection> Authenticate(
      std::initializer_list<std::string_view> authorization) {
    TestRequest request("/mcp");
    request.With("Host", "localhost:8080");
    for (std::string_view value : authorization) request.With("Authorization", value);
    return front_.Authenticate(request.view(), "/mcp", kNowTime);
  }

  Rejection Rejected(std::initializer_list<std::string_view> authorization) {
    auto result = Authenticate(authorization);
    EXPECT_TRUE(std::holds_alternative<Rejection>(result));
    return std::holds_alternative<Rejection>(result) ? std::get<Rejection>(result) : Rejection{};
  }

  identity::Authenticator authenticator_ = MakeAuthenticator();
  ProtectedResourceMetadata metadata_{
      ResourceMetadataConfig{.resource = {},
                             .authorization_servers = {"https://idp.example.com"},
                             .scopes = {"mcp:tools"}},
      {"/mcp"}};
  BearerAuthentication front_{authenticator_, metadata_};
};

TEST_F(BearerAuthenticationTest, AValidJwtGivesItsPrincipal) {
  auto result = Authenticate({"Bearer " + Token(kNow + 60)});
  ASSERT_TRUE(std::holds_alternative<Authenticated>(result));
  EXPECT_EQ(std::get<Authenticated>(result).principal.id, "alice");
  EXPECT_EQ(std::get<Authenticated>(result).jwt_claims.at("sub"), "alice");
}

TEST_F(BearerAuthenticationTest, TheSchemeIsCaseInsensitive) {
  for (std::string scheme : {"bearer ", "BEARER ", "BeArEr "}) {
    auto result = Authenticate({scheme + "abc"});
    ASSERT_TRUE(std::holds_alternative<Authenticated>(result)) << scheme;
    EXPECT_EQ(std::get<Authenticated>(result).principal.id, "local-dev");
  }
}

TEST_F(BearerAuthenticationTest, NoCredentialsGetAChallengeWithoutErrorCode) {
  Rejection rejection = Rejected({});
  EXPECT_EQ(rejection.status, 401);
  EXPECT_EQ(rejection.code, "missing_credentials");
  EXPECT_EQ(rejection.www_authenticate,
            R"(Bearer realm="portcullis", scope="mcp:tools", resource_metadata=")" +
                std::string(kMetadataUrl) + "\"");
}

TEST_F(BearerAuthenticationTest, AnotherSchemeCountsAsNoCredentials) {
  // RFC 6750 §3: "attempted using an unsupported authentication method" → no error code.
  Rejection rejection = Rejected({"Basic YWxhZGRpbjpvcGVuc2VzYW1l"});
  EXPECT_EQ(rejection.status, 401);
  EXPECT_EQ(rejection.code, "missing_credentials");
  EXPECT_EQ(rejection.www_authenticate.find("error="), std::string::npos);
}

TEST_F(BearerAuthenticationTest, AnExpiredTokenIsAnInvalidToken) {
  Rejection rejection = Rejected({"Bearer " + Token(kNow - 3600)});
  EXPECT_EQ(rejection.status, 401);
  EXPECT_EQ(rejection.code, "token_expired");
  EXPECT_EQ(rejection.message, "the token has expired");
  EXPECT_EQ(rejection.www_authenticate,
            R"(Bearer realm="portcullis", scope="mcp:tools", error="invalid_token", )"
            R"(error_description="the token has expired", resource_metadata=")" +
                std::string(kMetadataUrl) + "\"");
}

TEST_F(BearerAuthenticationTest, ForgedAndUnsignedTokensAreInvalidTokens) {
  std::string token = Token(kNow + 60);
  std::string forged = token.substr(0, token.rfind('.') + 1) + "AAAA";
  std::string unsigned_token = Signer().TokenFromText(R"({"alg":"none"})", R"({"sub":"admin"})");
  unsigned_token = unsigned_token.substr(0, unsigned_token.rfind('.') + 1);
  for (const std::string& credential : {forged, unsigned_token, std::string("nokey")}) {
    Rejection rejection = Rejected({"Bearer " + credential});
    EXPECT_EQ(rejection.status, 401) << credential;
    EXPECT_NE(rejection.www_authenticate.find(R"(error="invalid_token")"), std::string::npos);
  }
}

TEST_F(BearerAuthenticationTest, MalformedCredentialsAreInvalidRequests) {
  // Not token68 (RFC 7235 §2.1): a space inside, '=' before the end, a comma; no credential.
  for (std::string_view header :
       {"Bearer abc def", "Bearer ab=c", "Bearer a,b", "Bearer", "Bearer ", "Bearer\tabc"}) {
    Rejection rejection = Rejected({header});
    EXPECT_EQ(rejection.status, 400) << header;
    EXPECT_EQ(rejection.code, "malformed_authorization") << header;
    EXPECT_NE(rejection.www_authenticate.find(R"(error="invalid_request")"), std::string::npos);
  }
}

TEST_F(BearerAuthenticationTest, SeveralAuthorizationHeadersAreRefused) {
  // Even when one of them is valid: which one counts would depend on who reads them.
  Rejection rejection = Rejected({"Bearer abc", "Bearer " + Token(kNow + 60)});
  EXPECT_EQ(rejection.status, 400);
  EXPECT_EQ(rejection.code, "multiple_authorization_headers");
  EXPECT_NE(rejection.www_authenticate.find(R"(error="invalid_request")"), std::string::npos);
}

TEST_F(BearerAuthenticationTest, TheCredentialIsNeverEchoed) {
  std::string token = Token(kNow - 3600);
  Rejection rejection = Rejected({"Bearer " + token});
  net::HttpResponse response;
  WriteRejection(rejection, response);
  std::string signature = token.substr(token.rfind('.') + 1);
  EXPECT_EQ(response.body.find(signature), std::string::npos);
  EXPECT_EQ(rejection.www_authenticate.find(signature), std::string::npos);
  EXPECT_EQ(response.headers,
            (decltype(response.headers){{"WWW-Authenticate", rejection.www_authenticate}}));
  EXPECT_EQ(response.status, 401);
}

TEST_F(BearerAuthenticationTest, WithoutConfiguredMetadataTheChallengeNamesTheDerivedDocument) {
  ProtectedResourceMetadata derived(std::nullopt, {"/mcp"});
  BearerAuthentication front(authenticator_, derived, "gw");
  TestRequest request;
  request.With("Host", "localhost:8080");
  auto result = front.Authenticate(request.view(), "/mcp", kNowTime);
  ASSERT_TRUE(std::holds_alternative<Rejection>(result));
  EXPECT_EQ(std::get<Rejection>(result).www_authenticate,
            R"(Bearer realm="gw", resource_metadata=")"
            R"(http://localhost:8080/.well-known/oauth-protected-resource/mcp")");
}

}  // namespace
}  // namespace portcullis::gateway::front
