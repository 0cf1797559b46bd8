#include "gateway/front/host_header.h"

#include <gtest/gtest.h>

namespace portcullis::gateway::front {
namespace {

TEST(HostHeaderTest, NamesAddressesAndPortsLowercased) {
  struct Case {
    std::string_view header, host, authority;
  };
  for (const Case& c :
       {Case{"localhost", "localhost", "localhost"},
        Case{"localhost:8080", "localhost", "localhost:8080"},
        Case{"GW.Example.COM:443", "gw.example.com", "gw.example.com:443"},
        Case{"127.0.0.1:1", "127.0.0.1", "127.0.0.1:1"}, Case{"[::1]:8080", "::1", "[::1]:8080"},
        Case{"[2001:DB8::1]", "2001:db8::1", "[2001:db8::1]"},
        Case{"[::ffff:127.0.0.1]:65535", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]:65535"},
        Case{"my_host.internal~1", "my_host.internal~1", "my_host.internal~1"}}) {
    std::optional<HostHeader> parsed = ParseHostHeader(c.header);
    ASSERT_TRUE(parsed) << c.header;
    EXPECT_EQ(parsed->host, c.host);
    EXPECT_EQ(parsed->authority, c.authority);
  }
}

TEST(HostHeaderTest, RefusesAnythingElse) {
  for (std::string_view header : {"",
                                  ":8080",
                                  "localhost:",
                                  "localhost:65536",
                                  "localhost:123456",
                                  "localhost:8a",
                                  "localhost:80:80",
                                  "user@localhost",
                                  "localhost/path",
                                  "local host",
                                  "localhost\"x",
                                  "local\\host",
                                  "localhost\r\nX-Injected: 1",
                                  "localhost\n",
                                  "%6cocalhost",
                                  "[::1",
                                  "[::1]x",
                                  "[]",
                                  "[zz::1]",
                                  "[127.0.0.1]",
                                  "::1",
                                  "caf\xc3\xa9.example",
                                  "localhost?x",
                                  "localhost#x"}) {
    EXPECT_FALSE(ParseHostHeader(header)) << header;
  }
  EXPECT_FALSE(ParseHostHeader(std::string(254, 'a')));
  EXPECT_TRUE(ParseHostHeader(std::string(253, 'a')));
}

}  // namespace
}  // namespace portcullis::gateway::front
