#include "identity/auth_error.h"

#include <gtest/gtest.h>

#include <set>

namespace portcullis::identity {
namespace {

TEST(AuthErrorTest, EachErrorHasItsOwnNameAndASafeDescription) {
  std::set<std::string_view> names;
  std::set<std::string_view> descriptions;
  for (int code = 0; code <= static_cast<int>(AuthError::kUnknownApiKey); ++code) {
    auto error = static_cast<AuthError>(code);
    std::string_view name = AuthErrorName(error);
    std::string_view description = AuthErrorDescription(error);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_TRUE(descriptions.insert(description).second) << description;
    EXPECT_FALSE(description.empty()) << name;
    // RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E (no '"', no '\').
    for (char c : description) {
      EXPECT_TRUE(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') << name;
    }
  }
  EXPECT_EQ(AuthErrorName(AuthError::kExpired), "token_expired");
}

TEST(AuthErrorTest, WwwAuthenticateForABadToken) {
  EXPECT_EQ(WwwAuthenticate(AuthError::kExpired),
            R"(Bearer error="invalid_token", error_description="the token has expired")");
  EXPECT_EQ(
      WwwAuthenticate(AuthError::kBadSignature),
      R"(Bearer error="invalid_token", error_description="the token's signature is invalid")");
}

TEST(AuthErrorTest, WwwAuthenticateWithoutCredentialsHasNoErrorCode) {
  EXPECT_EQ(WwwAuthenticate(AuthError::kMissingCredentials), "Bearer");
  EXPECT_EQ(
      WwwAuthenticate(AuthError::kMissingCredentials,
                      "https://gw.example/.well-known/oauth-protected-resource"),
      R"(Bearer resource_metadata="https://gw.example/.well-known/oauth-protected-resource")");
}

TEST(AuthErrorTest, WwwAuthenticateForAMalformedHeaderIsInvalidRequest) {
  EXPECT_EQ(WwwAuthenticate(AuthError::kMalformedAuthorization, "https://gw.example/m"),
            "Bearer resource_metadata=\"https://gw.example/m\", error=\"invalid_request\", "
            "error_description=\"the Authorization header is not of the form 'Bearer "
            "<credential>'\"");
}

TEST(AuthErrorTest, ResourceMetadataIsQuoted) {
  EXPECT_EQ(WwwAuthenticate(AuthError::kMissingCredentials, R"(https://gw.example/"x\)"),
            R"(Bearer resource_metadata="https://gw.example/\"x\\")");
}

}  // namespace
}  // namespace portcullis::identity
