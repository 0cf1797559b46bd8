#include "gateway/server/mcp_upstream_session.h"

#include <gtest/gtest.h>

namespace portcullis::gateway::server {
namespace {

TEST(McpUpstreamSessionTest, RoundTripsWithAndWithoutSessionId) {
  for (upstream::McpSessionHeaders headers :
       {upstream::McpSessionHeaders{.session_id = "9f1c-77", .protocol_version = "2025-06-18"},
        upstream::McpSessionHeaders{.session_id = "", .protocol_version = "2025-11-25"}}) {
    auto decoded = DecodeUpstreamSession(EncodeUpstreamSession(headers));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->session_id, headers.session_id);
    EXPECT_EQ(decoded->protocol_version, headers.protocol_version);
  }
}

TEST(McpUpstreamSessionTest, RefusesWhatItDidNotMake) {
  for (std::string_view encoded : {"", "2025-06-18", " abc", "2025-06-18 a b"}) {
    EXPECT_FALSE(DecodeUpstreamSession(encoded).has_value()) << encoded;
  }
}

}  // namespace
}  // namespace portcullis::gateway::server
