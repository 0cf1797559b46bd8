#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(CerbosNetworkTest, InIpAddrRange) {
  ExpectAllTrue({
      "'10.0.0.1'.inIPAddrRange('10.0.0.0/8')",
      "!'11.0.0.1'.inIPAddrRange('10.0.0.0/8')",
      "'::ffff:10.1.2.3'.inIPAddrRange('10.0.0.0/8')",
      "!'10.0.0.1'.inIPAddrRange('::/0')",
      "'2001:db8::1'.inIPAddrRange('2001:db8::/32')",
      "'192.168.1.7'.inIPAddrRange('192.168.1.7/32')",
  });
  ExpectAll({
      {"'10.0.0.256'.inIPAddrRange('10.0.0.0/8')", "error: invalid IP address: 10.0.0.256"},
      {"'10.0.0.1'.inIPAddrRange('10.0.0.0/33')", "error: invalid CIDR address: 10.0.0.0/33"},
  });
}

TEST(CerbosNetworkTest, CerbosDocumentationExample) {
  MapActivation vars;
  vars.Bind("P", testing::FromJsonText(R"({"id": "elmer_fudd", "attr": {
      "ipv4Address": "192.168.0.10",
      "ipv6Address": "2001:0db8:0000:0000:0000:0000:1000:0000"}})"));
  EvalContext ctx;
  EXPECT_EQ(testing::EvalToString("P.attr.ipv4Address.inIPAddrRange(\"192.168.0.0/24\") && "
                                  "P.attr.ipv6Address.inIPAddrRange(\"2001:db8::/48\")",
                                  vars, ctx),
            "true");
}

TEST(CerbosNetworkTest, IpParsingAndCanonicalForm) {
  ExpectAll({
      {"ip('127.0.0.1')", "\"127.0.0.1\""},
      {"ip('2001:0DB8:0000:0000:0000:0000:1000:0000')", "\"2001:db8::1000:0\""},
      {"ip('2001:db8:0:0:1:0:0:1')", "\"2001:db8::1:0:0:1\""},
      {"ip('0:0:0:0:0:0:0:1')", "\"::1\""},
      {"ip('1::')", "\"1::\""},
      {"ip('1:2:3:4:5:6:7:8')", "\"1:2:3:4:5:6:7:8\""},
      {"ip('1:0:2:3:4:5:6:7')", "\"1:0:2:3:4:5:6:7\""},
      {"ip('::1.2.3.4')", "\"::102:304\""},
      {"ip('::ffff:1.2.3.4')",
       "error: IP Address \"::ffff:1.2.3.4\" parse error during conversion from string"},
      {"ip('1.2.3')", "error: IP Address \"1.2.3\" parse error during conversion from string"},
      {"ip('127.0.0.1').family()", "4"},
      {"ip('::1').family()", "6"},
  });
  ExpectAllTrue({
      "isIP('127.0.0.1') && isIP('::1') && isIP('fe80::1')",
      "!isIP('127.0.0.256') && !isIP('01.2.3.4') && !isIP('1.2.3.4.5') && !isIP('::ffff:1.2.3.4')",
      "!isIP('1:2:3:4:5:6:7:8:9') && !isIP(':1') && !isIP('1:') && !isIP('1::2::3')",
      "!isIP('fe80::1%eth0') && !isIP('')",
      "ip.isCanonical('127.0.0.1') && ip.isCanonical('2001:db8::abcd')",
      "!ip.isCanonical('2001:DB8::ABCD') && !ip.isCanonical('2001:db8::0:0:0:abcd')",
      "ip('2001:0DB8::1') == ip('2001:db8::1')",
  });
}

TEST(CerbosNetworkTest, IpClassification) {
  ExpectAllTrue({
      "ip('127.0.0.1').isLoopback() && ip('::1').isLoopback() && !ip('::2').isLoopback()",
      "ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified() && !ip('::1').isUnspecified()",
      "ip('224.0.0.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast()",
      "!ip('224.0.1.1').isLinkLocalMulticast()",
      "ip('169.254.169.254').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast()",
      "ip('192.168.0.1').isGlobalUnicast() && ip('2001:db8::abcd').isGlobalUnicast()",
      "!ip('255.255.255.255').isGlobalUnicast() && !ip('224.0.0.1').isGlobalUnicast()",
      "!ip('127.0.0.1').isGlobalUnicast() && !ip('::').isGlobalUnicast()",
  });
}

TEST(CerbosNetworkTest, Cidrs) {
  ExpectAll({
      {"cidr('192.168.0.1/24')", "\"192.168.0.1/24\""},
      {"cidr('2001:DB8::/32')", "\"2001:db8::/32\""},
      {"cidr('192.168.0.1/24').ip()", "\"192.168.0.1\""},
      {"cidr('192.168.0.1/24').masked()", "\"192.168.0.0/24\""},
      {"cidr('2001:db8::ffff/120').masked()", "\"2001:db8::ff00/120\""},
      {"cidr('::1/128').prefixLength()", "128"},
      {"cidr('10.0.0.0/08')",
       "error: network address parse error during conversion from string: 10.0.0.0/08"},
  });
  ExpectAllTrue({
      "isCIDR('192.168.0.0/16') && isCIDR('::1/128')",
      "!isCIDR('192.168.0.0/33') && !isCIDR('::1/129') && !isCIDR('192.168.0.0')",
      "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))",
      "cidr('192.168.0.0/24').containsIP('192.168.0.255')",
      "!cidr('192.168.0.0/24').containsIP('192.168.1.1')",
      "!cidr('::/0').containsIP('10.0.0.1')",
      "cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/25'))",
      "cidr('192.168.0.0/24').containsCIDR('192.168.0.128/25')",
      "!cidr('192.168.0.0/24').containsCIDR('192.168.0.0/23')",
      "cidr('192.168.0.0/24').isMask() && !cidr('192.168.0.1/24').isMask()",
      "cidr('192.168.0.1/24').ip() == ip('192.168.0.1')",
      "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')",
  });
}

}  // namespace
}  // namespace portcullis::cel
