#include "identity/base64url.h"

#include <gtest/gtest.h>

namespace portcullis::identity {
namespace {

TEST(Base64UrlTest, EncodesWithoutPadding) {
  // RFC 4648 §10 test vectors, in the URL-safe alphabet and with the padding dropped.
  EXPECT_EQ(EncodeBase64Url(""), "");
  EXPECT_EQ(EncodeBase64Url("f"), "Zg");
  EXPECT_EQ(EncodeBase64Url("fo"), "Zm8");
  EXPECT_EQ(EncodeBase64Url("foo"), "Zm9v");
  EXPECT_EQ(EncodeBase64Url("foob"), "Zm9vYg");
  EXPECT_EQ(EncodeBase64Url("fooba"), "Zm9vYmE");
  EXPECT_EQ(EncodeBase64Url("foobar"), "Zm9vYmFy");
  EXPECT_EQ(EncodeBase64Url("\xfb\xff\xbf"), "-_-_");
}

TEST(Base64UrlTest, DecodesWhatItEncodes) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  for (size_t length = 0; length <= all_bytes.size(); length += 37) {
    std::string bytes = all_bytes.substr(0, length);
    EXPECT_EQ(DecodeBase64Url(EncodeBase64Url(bytes)), bytes) << length;
  }
  EXPECT_EQ(DecodeBase64Url("-_-_"), "\xfb\xff\xbf");
}

TEST(Base64UrlTest, RejectsPaddingWhitespaceAndTheStandardAlphabet) {
  EXPECT_EQ(DecodeBase64Url("Zg=="), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zm8="), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zm9v\n"), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zm 9v"), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("+/+/"), std::nullopt);
  EXPECT_EQ(DecodeBase64Url(std::string_view("Zm\0v", 4)), std::nullopt);
}

TEST(Base64UrlTest, RejectsImpossibleLengths) {
  EXPECT_EQ(DecodeBase64Url("Z"), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zm9vY"), std::nullopt);
}

TEST(Base64UrlTest, RejectsNonZeroTrailingBits) {
  // "Zg" is "f"; "Zh".."Zv" carry the same byte with non-zero leftover bits: a second spelling.
  EXPECT_EQ(DecodeBase64Url("Zg"), "f");
  EXPECT_EQ(DecodeBase64Url("Zh"), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zv"), std::nullopt);
  EXPECT_EQ(DecodeBase64Url("Zm8"), "fo");
  EXPECT_EQ(DecodeBase64Url("Zm9"), std::nullopt);
}

}  // namespace
}  // namespace portcullis::identity
