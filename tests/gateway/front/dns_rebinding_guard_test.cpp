#include "gateway/front/dns_rebinding_guard.h"

#include <gtest/gtest.h>

#include "test_request.h"

namespace portcullis::gateway::front {
namespace {

using testing::TestRequest;

// listen: on 127.0.0.1 without allowed_hosts (the loopback defaults), one allowed origin.
ListenConfig LocalListener() {
  ListenConfig listen;
  listen.allowed_hosts = {"localhost", "127.0.0.1", "::1"};
  listen.allowed_origins = {"https://app.example.com"};
  return listen;
}

std::optional<Rejection> Check(const TestRequest& request,
                               const ListenConfig& listen = LocalListener()) {
  return CheckHostAndOrigin(request.view(), listen);
}

TEST(DnsRebindingGuardTest, AllowedHostsPassWhateverThePortAndCase) {
  for (std::string_view host : {"localhost:8080", "LOCALHOST", "127.0.0.1:9", "[::1]:8080"}) {
    EXPECT_EQ(Check(TestRequest().With("Host", host)), std::nullopt) << host;
  }
}

TEST(DnsRebindingGuardTest, AnotherHostIsForbidden) {
  // A page on evil.example.com whose name now resolves to 127.0.0.1 still sends its own name.
  std::optional<Rejection> rejection = Check(TestRequest().With("Host", "evil.example.com:8080"));
  ASSERT_TRUE(rejection);
  EXPECT_EQ(rejection->status, 403);
  EXPECT_EQ(rejection->code, "host_not_allowed");
  EXPECT_EQ(rejection->message.find("evil"), std::string::npos) << "the header is not echoed";
  EXPECT_EQ(rejection->www_authenticate, "");
}

TEST(DnsRebindingGuardTest, AMissingRepeatedOrMalformedHostIsABadRequest) {
  TestRequest none;
  TestRequest twice;
  twice.With("Host", "localhost").With("Host", "evil.example.com");
  TestRequest malformed;
  malformed.With("Host", "localhost\"; x");
  for (const TestRequest* request : {&none, &twice, &malformed}) {
    std::optional<Rejection> rejection = Check(*request);
    ASSERT_TRUE(rejection);
    EXPECT_EQ(rejection->status, 400);
    EXPECT_EQ(rejection->code, "invalid_host");
  }
}

TEST(DnsRebindingGuardTest, AnyHostStillNeedsAWellFormedOne) {
  ListenConfig any = LocalListener();
  any.allowed_hosts.clear();
  any.any_host = true;
  EXPECT_EQ(Check(TestRequest().With("Host", "gw.example.com"), any), std::nullopt);
  EXPECT_EQ(Check(TestRequest().With("Host", "gw example"), any)->status, 400);
}

TEST(DnsRebindingGuardTest, OriginMustBeListedWhenSent) {
  auto with_origin = [](std::string_view origin) {
    TestRequest request;
    request.With("Host", "localhost:8080").With("Origin", origin);
    return request;
  };
  EXPECT_EQ(Check(TestRequest().With("Host", "localhost")), std::nullopt) << "no Origin: no check";
  EXPECT_EQ(Check(with_origin("https://app.example.com")), std::nullopt);
  EXPECT_EQ(Check(with_origin("HTTPS://APP.example.com")), std::nullopt);
  for (std::string_view origin : {"https://evil.example.com", "http://app.example.com",
                                  "https://app.example.com:8443", "null", ""}) {
    std::optional<Rejection> rejection = Check(with_origin(origin));
    ASSERT_TRUE(rejection) << origin;
    EXPECT_EQ(rejection->status, 403);
    EXPECT_EQ(rejection->code, "origin_not_allowed");
  }
}

TEST(DnsRebindingGuardTest, RepeatedOriginsAreForbiddenEvenIfOneIsListed) {
  TestRequest request;
  request.With("Host", "localhost")
      .With("Origin", "https://app.example.com")
      .With("Origin", "https://evil.example.com");
  std::optional<Rejection> rejection = Check(request);
  ASSERT_TRUE(rejection);
  EXPECT_EQ(rejection->code, "origin_not_allowed");
}

TEST(DnsRebindingGuardTest, AnyOriginAcceptsEveryOrigin) {
  ListenConfig any = LocalListener();
  any.allowed_origins.clear();
  any.any_origin = true;
  EXPECT_EQ(Check(TestRequest().With("Host", "localhost").With("Origin", "https://x.example"), any),
            std::nullopt);
}

TEST(DnsRebindingGuardTest, RejectionsRenderAsJson) {
  net::HttpResponse response;
  WriteRejection(*Check(TestRequest().With("Host", "evil.example.com")), response);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body,
            R"json({"error":{"code":"host_not_allowed","message":"this gateway does not serve )json"
            R"json(the host named in the Host header (DNS-rebinding protection; see )json"
            R"json(listen.allowed_hosts)"}})json");
  EXPECT_TRUE(response.headers.empty());
}

}  // namespace
}  // namespace portcullis::gateway::front
