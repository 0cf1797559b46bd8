#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(CerbosSpiffeTest, IdsAndTrustDomains) {
  ExpectAll({
      {"spiffeID('spiffe://example.org/ns/a').path()", "\"/ns/a\""},
      {"spiffeID('spiffe://example.org').path()", "\"\""},
      {"spiffeID('spiffe://example.org/ns/a').trustDomain()", "\"example.org\""},
      {"spiffeTrustDomain('spiffe://example.org/x').name()", "\"example.org\""},
      {"spiffeID('http://example.org/a')",
       "error: failed to parse SPIFFE ID: scheme is missing or invalid"},
      {"spiffeID('spiffe://Example.org/a')",
       "error: failed to parse SPIFFE ID: trust domain characters are limited to lowercase "
       "letters, numbers, dots, dashes, and underscores"},
      {"spiffeID('spiffe://example.org/a/')",
       "error: failed to parse SPIFFE ID: path cannot have a trailing slash"},
      {"spiffeID('spiffe://example.org/a//b')",
       "error: failed to parse SPIFFE ID: path cannot contain empty segments"},
      {"spiffeID('spiffe://example.org/a/../b')",
       "error: failed to parse SPIFFE ID: path cannot contain dot segments"},
      {"spiffeID('spiffe:///a')", "error: failed to parse SPIFFE ID: trust domain is missing"},
      {"spiffeMatchOneOf(['spiffe://a/b', 'nope']).matchesID('spiffe://a/b')",
       "error: failed to convert \"nope\" to SPIFFE ID: scheme is missing or invalid"},
      {"spiffeMatchAny().matchesID('nope')",
       "error: invalid SPIFFE ID: scheme is missing or invalid"},
  });
  ExpectAllTrue({
      "spiffeID('spiffe://example.org/a').isMemberOf(spiffeTrustDomain('example.org'))",
      "!spiffeID('spiffe://example.org/a').isMemberOf(spiffeTrustDomain('other.org'))",
      "spiffeMatchExact('spiffe://a/b').matchesID('spiffe://a/b')",
      "!spiffeMatchExact('spiffe://a/b').matchesID('spiffe://a/c')",
      "spiffeMatchTrustDomain('a').matchesID('spiffe://a/z') &&"
      " !spiffeMatchTrustDomain('a').matchesID('spiffe://b/z')",
      "!spiffeMatchOneOf(['spiffe://a/b']).matchesID(spiffeID('spiffe://a/c'))",
  });
}

// Every example of the Cerbos conditions documentation's "SPIFFE" table, with its test data.
TEST(CerbosSpiffeTest, CerbosDocumentationExamples) {
  MapActivation vars;
  vars.Bind("P", testing::FromJsonText(
                     R"({"id": "spiffe://cerbos.dev/ns/privileged/sa/curl", "roles": ["api"]})"));
  EvalContext ctx;
  for (std::string_view expr : {
           "spiffeID(P.id).isMemberOf(spiffeTrustDomain(\"spiffe://cerbos.dev\"))",
           "spiffeID(P.id).path() == \"/ns/privileged/sa/curl\"",
           "spiffeID(P.id).trustDomain() == spiffeTrustDomain(\"spiffe://cerbos.dev\")",
           "spiffeMatchAny().matchesID(spiffeID(P.id)) == true",
           "spiffeMatchExact(spiffeID(\"spiffe://cerbos.dev/ns/privileged/sa/curl\"))"
           ".matchesID(spiffeID(P.id)) == true",
           "spiffeMatchOneOf([\"spiffe://cerbos.dev/ns/privileged/sa/curl\", "
           "\"spiffe://cerbos.dev/ns/privileged/sa/foo\"]).matchesID(spiffeID(P.id)) == true",
           "spiffeMatchTrustDomain(spiffeTrustDomain(\"spiffe://cerbos.dev\"))"
           ".matchesID(spiffeID(P.id)) == true",
           "spiffeTrustDomain(\"cerbos.dev\").id() == \"spiffe://cerbos.dev\"",
           "spiffeTrustDomain(\"spiffe://cerbos.dev\").name() == \"cerbos.dev\"",
       }) {
    EXPECT_EQ(testing::EvalToString(expr, vars, ctx), "true") << expr;
  }
}

}  // namespace
}  // namespace portcullis::cel
