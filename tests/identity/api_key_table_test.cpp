#include "identity/api_key_table.h"

#include <gtest/gtest.h>

namespace portcullis::identity {
namespace {

// SHA-256 of "abc" and of "" (FIPS 180-2 Appendix B.1, and the well-known empty digest).
constexpr std::string_view kSha256OfAbc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view kSha256OfEmpty =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
// SHA-256 of "pk_live_agent_2" (computed with coreutils sha256sum).
constexpr std::string_view kSha256OfAgentKey =
    "0c1ddb12881e6a0e1f3a0d33c4b2cbb6730cd6533f10a490aed273f434615ec0";

Principal Named(std::string id, std::vector<std::string> roles = {"agent"}) {
  return Principal{std::move(id), std::move(roles), boost::json::object{}, ""};
}

ApiKeyTable Table(std::vector<ApiKeySpec> keys) {
  auto table = ApiKeyTable::Create(std::move(keys));
  EXPECT_TRUE(std::holds_alternative<ApiKeyTable>(table)) << std::get<std::string>(table);
  return std::get<ApiKeyTable>(std::move(table));
}

std::string CreateError(std::vector<ApiKeySpec> keys) {
  auto table = ApiKeyTable::Create(std::move(keys));
  return std::holds_alternative<std::string>(table) ? std::get<std::string>(table) : "";
}

TEST(ApiKeyTableTest, FindsThePrincipalOfAKeyByItsHash) {
  ApiKeyTable table = Table({{std::string(kSha256OfAbc), Named("local-dev", {"admin"})},
                             {std::string(kSha256OfAgentKey), Named("agent-2")}});
  const Principal* principal = table.Find("abc");
  ASSERT_NE(principal, nullptr);
  EXPECT_EQ(principal->id, "local-dev");
  EXPECT_EQ(principal->roles, std::vector<std::string>{"admin"});
  ASSERT_NE(table.Find("pk_live_agent_2"), nullptr);
  EXPECT_EQ(table.Find("pk_live_agent_2")->id, "agent-2");
}

TEST(ApiKeyTableTest, UnknownKeysFindNothing) {
  ApiKeyTable table = Table({{std::string(kSha256OfAbc), Named("local-dev")}});
  EXPECT_EQ(table.Find("abd"), nullptr);
  EXPECT_EQ(table.Find("ab"), nullptr);
  EXPECT_EQ(table.Find("abc "), nullptr);
  // The hash itself is not the key.
  EXPECT_EQ(table.Find(kSha256OfAbc), nullptr);
  EXPECT_EQ(ApiKeyTable().Find("abc"), nullptr);
}

TEST(ApiKeyTableTest, EmptyAndOversizedKeysAreNeverLookedUp) {
  ApiKeyTable table = Table({{std::string(kSha256OfEmpty), Named("nobody")}});
  EXPECT_EQ(table.Find(""), nullptr);
  std::string long_key(ApiKeyTable::kMaxKeyBytes + 1, 'k');
  EXPECT_EQ(table.Find(long_key), nullptr);
}

TEST(ApiKeyTableTest, HashesAreHexInEitherCase) {
  std::string upper(kSha256OfAbc);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  EXPECT_NE(Table({{upper, Named("local-dev")}}).Find("abc"), nullptr);
}

TEST(ApiKeyTableTest, ConfigErrors) {
  EXPECT_EQ(CreateError({{std::string(kSha256OfAbc.substr(1)), Named("a")}}),
            "api key 1: the hash is not a SHA-256 in hex (64 hex digits)");
  std::string not_hex(kSha256OfAbc);
  not_hex[10] = 'g';
  EXPECT_EQ(CreateError({{std::string(kSha256OfEmpty), Named("a")}, {not_hex, Named("b")}}),
            "api key 2: the hash is not a SHA-256 in hex (64 hex digits)");
  std::string upper(kSha256OfAbc);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  EXPECT_EQ(CreateError({{std::string(kSha256OfAbc), Named("a")}, {upper, Named("b")}}),
            "api key 2: the same hash as an earlier key");
  EXPECT_EQ(CreateError({{std::string(kSha256OfAbc), Named("")}}),
            "api key 1: the principal has no id");
}

}  // namespace
}  // namespace portcullis::identity
