#include "gateway/front/protected_resource_metadata.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "test_request.h"

namespace portcullis::gateway::front {
namespace {

using testing::TestRequest;

ResourceMetadataConfig Config(std::string resource = {}) {
  return {.resource = std::move(resource),
          .authorization_servers = {"https://idp.example.com"},
          .scopes = {"mcp:tools", "mcp:read"}};
}

// GETs `path` with `host`; the answer's status and, for a 200, its JSON body.
std::pair<int, boost::json::value> Get(const ProtectedResourceMetadata& metadata, std::string path,
                                       std::string_view host = "localhost:8080") {
  TestRequest request(std::move(path), "GET");
  request.With("Host", host);
  net::HttpResponse response;
  if (!metadata.Handle(request.view(), response)) return {0, nullptr};
  return {response.status, response.status == 200 ? boost::json::parse(response.body) : nullptr};
}

TEST(ProtectedResourceMetadataTest, RootDocumentDerivedFromTheHost) {
  ProtectedResourceMetadata metadata(Config(), {"/mcp"});
  auto [status, document] =
      Get(metadata, "/.well-known/oauth-protected-resource", "LocalHost:8080");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(document, boost::json::parse(R"({
      "resource": "http://localhost:8080",
      "authorization_servers": ["https://idp.example.com"],
      "scopes_supported": ["mcp:tools", "mcp:read"],
      "bearer_methods_supported": ["header"]})"));
}

TEST(ProtectedResourceMetadataTest, PathSuffixedDocumentForEachMcpEndpoint) {
  ProtectedResourceMetadata metadata(Config(), {"/mcp", "/team/mcp"}, "https");
  auto [status, document] =
      Get(metadata, "/.well-known/oauth-protected-resource/team/mcp", "gw.example.com");
  EXPECT_EQ(status, 200);
  // RFC 9728 §3.3: the resource is the one whose metadata URL was requested.
  EXPECT_EQ(document.at("resource"), "https://gw.example.com/team/mcp");
}

TEST(ProtectedResourceMetadataTest, AConfiguredResourceIsServedAsIs) {
  ProtectedResourceMetadata metadata(Config("https://gw.example.com/agents"), {"/mcp"});
  for (std::string path :
       {"/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-protected-resource/agents"}) {
    auto [status, document] = Get(metadata, path);
    EXPECT_EQ(status, 200) << path;
    EXPECT_EQ(document.at("resource"), "https://gw.example.com/agents") << path;
  }
}

TEST(ProtectedResourceMetadataTest, OtherPathsAreNotHandled) {
  ProtectedResourceMetadata metadata(Config(), {"/mcp"});
  for (std::string path :
       {"/.well-known/oauth-protected-resource/other", "/.well-known/oauth-protected-resourcex",
        "/mcp", "/.well-known/oauth-authorization-server"}) {
    EXPECT_EQ(Get(metadata, path).first, 0) << path;
  }
}

TEST(ProtectedResourceMetadataTest, WithoutConfigurationTheDocumentIsDerivedWithoutServers) {
  ProtectedResourceMetadata metadata(std::nullopt, {"/mcp"});
  auto [status, document] = Get(metadata, "/.well-known/oauth-protected-resource/mcp");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(document, boost::json::parse(R"({"resource": "http://localhost:8080/mcp",
                                              "bearer_methods_supported": ["header"]})"));
  TestRequest request;
  request.With("Host", "localhost:8080");
  EXPECT_EQ(metadata.MetadataUrl(request.view(), "/mcp"),
            "http://localhost:8080/.well-known/oauth-protected-resource/mcp");
  EXPECT_EQ(metadata.scope(), "");
}

TEST(ProtectedResourceMetadataTest, OnlyGet) {
  ProtectedResourceMetadata metadata(Config(), {"/mcp"});
  TestRequest request("/.well-known/oauth-protected-resource", "POST");
  request.With("Host", "localhost");
  net::HttpResponse response;
  ASSERT_TRUE(metadata.Handle(request.view(), response));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers, (decltype(response.headers){{"Allow", "GET"}}));
}

TEST(ProtectedResourceMetadataTest, AnUnusableHostGetsNoDerivedDocument) {
  ProtectedResourceMetadata metadata(Config(), {"/mcp"});
  EXPECT_EQ(Get(metadata, "/.well-known/oauth-protected-resource", "evil\"host").first, 400);
  TestRequest request;
  request.With("Host", "a").With("Host", "b");
  EXPECT_EQ(metadata.MetadataUrl(request.view(), "/mcp"), "");
}

TEST(ProtectedResourceMetadataTest, MetadataUrls) {
  TestRequest request;
  request.With("Host", "127.0.0.1:8080");
  ProtectedResourceMetadata derived(Config(), {"/mcp"});
  EXPECT_EQ(derived.MetadataUrl(request.view(), "/mcp"),
            "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp");
  EXPECT_EQ(derived.MetadataUrl(request.view(), ""),
            "http://127.0.0.1:8080/.well-known/oauth-protected-resource");
  // RFC 9728 §3.1: the well-known path goes between the configured resource's host and path.
  ProtectedResourceMetadata configured(Config("https://GW.example.com:8443/mcp"), {"/mcp"});
  EXPECT_EQ(configured.MetadataUrl(request.view(), "/mcp"),
            "https://GW.example.com:8443/.well-known/oauth-protected-resource/mcp");
  ProtectedResourceMetadata root(Config("https://gw.example.com"), {"/mcp"});
  EXPECT_EQ(root.MetadataUrl(request.view(), "/mcp"),
            "https://gw.example.com/.well-known/oauth-protected-resource");
  EXPECT_EQ(derived.scope(), "mcp:tools mcp:read");
}

}  // namespace
}  // namespace portcullis::gateway::front
