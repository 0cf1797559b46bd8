#include "gateway/mcp/uri_template.h"

#include <gtest/gtest.h>

#include <string>

namespace portcullis::gateway::mcp {
namespace {

TEST(McpUriTemplateTest, WellFormedTemplates) {
  for (std::string_view text :
       {"file:///{path}", "ticket://{id}", "db://{schema}/{table}{?limit,offset}", "repo://{+path}",
        "doc://x{#section}", "api://v1{/segments*}", "a://{var:3}", "plain://x"}) {
    EXPECT_TRUE(IsUriTemplate(text)) << text;
  }
  for (std::string_view text : {"a://{", "a://}", "a://{}", "a://{{x}}", "a://{x y}", "a://{!x}",
                                "a://{x}}", "a://\x01{x}"}) {
    EXPECT_FALSE(IsUriTemplate(text)) << text;
  }
  EXPECT_FALSE(IsUriTemplate("a://" + std::string(kMaxUriTemplateBytes, 'x')));
}

TEST(McpUriTemplateTest, SimpleExpressionsStayWithinASegment) {
  // RFC 6570 §3.2.2: a simple expansion percent-encodes '/', '?' and '#'.
  EXPECT_TRUE(UriTemplateMatches("ticket://{id}", "ticket://T-1001"));
  EXPECT_TRUE(UriTemplateMatches("ticket://{id}", "ticket://"));  // undefined variable
  EXPECT_FALSE(UriTemplateMatches("ticket://{id}", "ticket://T-1/comments"));
  EXPECT_FALSE(UriTemplateMatches("ticket://{id}", "tickets://T-1"));
  EXPECT_TRUE(UriTemplateMatches("db://{schema}/{table}", "db://public/users"));
  EXPECT_FALSE(UriTemplateMatches("db://{schema}/{table}", "db://public"));
  EXPECT_TRUE(UriTemplateMatches("users/{id}.json", "users/4%2F2.json"));
}

TEST(McpUriTemplateTest, OperatorsWidenWhatAnExpressionCovers) {
  EXPECT_TRUE(UriTemplateMatches("file:///{+path}", "file:///home/ada/notes.md"));
  EXPECT_FALSE(UriTemplateMatches("file:///{path}", "file:///home/ada/notes.md"));
  EXPECT_TRUE(UriTemplateMatches("api://v1{/segments*}", "api://v1/a/b/c"));
  EXPECT_FALSE(UriTemplateMatches("api://v1{/segments*}", "api://v1/a?b"));
  EXPECT_TRUE(UriTemplateMatches("db://t{?limit,offset}", "db://t?limit=5&offset=10"));
  EXPECT_FALSE(UriTemplateMatches("db://t{?limit}", "db://t?x=/etc"));
  EXPECT_TRUE(UriTemplateMatches("doc://x{#section}", "doc://x#intro/part"));
}

TEST(McpUriTemplateTest, LiteralsMustAppearInOrder) {
  EXPECT_TRUE(UriTemplateMatches("a://{x}-{y}.txt", "a://one-two.txt"));
  EXPECT_TRUE(UriTemplateMatches("a://{x}-{y}.txt", "a://o-n-e.txt"));
  EXPECT_FALSE(UriTemplateMatches("a://{x}-{y}.txt", "a://one.txt"));
  EXPECT_FALSE(UriTemplateMatches("plain://x", "plain://xy"));
  EXPECT_TRUE(UriTemplateMatches("plain://x", "plain://x"));
  EXPECT_FALSE(UriTemplateMatches("a://{", "a://{"));  // not a template
}

TEST(McpUriTemplateTest, LongHostileUrisStayLinear) {
  // Many expressions against a long URI that almost matches: answered without backtracking
  // blow-up (the test would time out otherwise).
  std::string templ = "x://";
  for (int i = 0; i < 200; ++i) templ += "{+v" + std::to_string(i) + "}a";
  templ += "b";
  std::string uri = "x://" + std::string(8000, 'a');
  EXPECT_FALSE(UriTemplateMatches(templ, uri));
  EXPECT_TRUE(UriTemplateMatches(templ, uri + "b"));
}

}  // namespace
}  // namespace portcullis::gateway::mcp
