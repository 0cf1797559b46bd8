#include "gateway/front/bearer_challenge.h"

#include <gtest/gtest.h>

namespace portcullis::gateway::front {
namespace {

TEST(BearerChallengeTest, AllParametersInOrder) {
  EXPECT_EQ(
      FormatBearerChallenge(
          {.realm = "portcullis",
           .scope = "mcp:tools mcp:read",
           .error = "invalid_token",
           .error_description = "the token has expired",
           .resource_metadata = "https://gw.example.com/.well-known/oauth-protected-resource/mcp"}),
      R"(Bearer realm="portcullis", scope="mcp:tools mcp:read", error="invalid_token", )"
      R"(error_description="the token has expired", )"
      R"(resource_metadata="https://gw.example.com/.well-known/oauth-protected-resource/mcp")");
}

TEST(BearerChallengeTest, EmptyParametersAreLeftOut) {
  // RFC 6750 §3.1: a request without credentials gets no error code.
  EXPECT_EQ(FormatBearerChallenge({.realm = "portcullis",
                                   .scope = {},
                                   .error = {},
                                   .error_description = {},
                                   .resource_metadata = "http://localhost/x"}),
            R"(Bearer realm="portcullis", resource_metadata="http://localhost/x")");
  EXPECT_EQ(FormatBearerChallenge({}), "Bearer");
  EXPECT_EQ(FormatBearerChallenge({.realm = {},
                                   .scope = {},
                                   .error = "invalid_request",
                                   .error_description = {},
                                   .resource_metadata = {}}),
            R"(Bearer error="invalid_request")");
}

TEST(BearerChallengeTest, NothingInAValueCanBreakOutOfTheHeader) {
  std::string challenge =
      FormatBearerChallenge({.realm = "a\"b\\c",
                             .scope = {},
                             .error = {},
                             .error_description = "line\r\nSet-Cookie: x=1\x7f\x01 caf\xc3\xa9",
                             .resource_metadata = "http://h/\"\r\n"});
  EXPECT_EQ(challenge, R"(Bearer realm="a\"b\\c", error_description="lineSet-Cookie: x=1 caf", )"
                       R"(resource_metadata="http://h/\"")");
}

}  // namespace
}  // namespace portcullis::gateway::front
