// AES-256-GCM against the published test cases for 256-bit keys, Test Cases 13 to 16 of
// D. McGrew and J. Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005, Appendix B
// (the values NIST SP 800-38D points to). The test cases also checked out against Python's
// `cryptography` package before being written down here.
#include "gateway/aes_gcm.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace portcullis::gateway::detail {
namespace {

std::string FromHex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

struct GcmTestCase {
  const char* name;
  const char* key;
  const char* nonce;
  const char* associated_data;
  const char* plaintext;
  const char* ciphertext;
  const char* tag;
};

// Test listings name a case by its name, not by its bytes.
void PrintTo(const GcmTestCase& test_case, std::ostream* out) { *out << test_case.name; }

constexpr const char* kZeroKey = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr const char* kKey = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
constexpr const char* kPlaintext =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
constexpr const char* kCiphertext =
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

const GcmTestCase kTestCases[] = {
    {"TestCase13", kZeroKey, "000000000000000000000000", "", "", "",
     "530f8afbc74536b9a963b4f1c4cb738b"},
    {"TestCase14", kZeroKey, "000000000000000000000000", "", "00000000000000000000000000000000",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"TestCase15", kKey, "cafebabefacedbaddecaf888", "", kPlaintext, kCiphertext,
     "b094dac5d93471bdec1a502270e3cc6c"},
    // 60 bytes of the same plaintext, with associated data.
    {"TestCase16", kKey, "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

class GcmSpecTest : public ::testing::TestWithParam<GcmTestCase> {};

TEST_P(GcmSpecTest, SealsToThePublishedCiphertextAndTag) {
  const GcmTestCase& c = GetParam();
  std::optional<std::string> sealed = AesGcmSeal(FromHex(c.key), FromHex(c.nonce),
                                                 FromHex(c.associated_data), FromHex(c.plaintext));
  ASSERT_TRUE(sealed);
  EXPECT_EQ(*sealed, FromHex(c.ciphertext) + FromHex(c.tag));
}

TEST_P(GcmSpecTest, OpensThePublishedCiphertext) {
  const GcmTestCase& c = GetParam();
  std::optional<std::string> opened =
      AesGcmOpen(FromHex(c.key), FromHex(c.nonce), FromHex(c.associated_data),
                 FromHex(c.ciphertext) + FromHex(c.tag));
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, FromHex(c.plaintext));
}

TEST_P(GcmSpecTest, RefusesEveryAlteredBit) {
  const GcmTestCase& c = GetParam();
  const std::string key = FromHex(c.key);
  const std::string nonce = FromHex(c.nonce);
  const std::string associated_data = FromHex(c.associated_data);
  const std::string sealed = FromHex(c.ciphertext) + FromHex(c.tag);
  for (size_t bit = 0; bit < sealed.size() * 8; ++bit) {
    std::string altered = sealed;
    altered[bit / 8] = static_cast<char>(altered[bit / 8] ^ (1 << (bit % 8)));
    EXPECT_FALSE(AesGcmOpen(key, nonce, associated_data, altered)) << "bit " << bit;
  }
  std::string other_nonce = nonce;
  other_nonce[0] ^= 1;
  EXPECT_FALSE(AesGcmOpen(key, other_nonce, associated_data, sealed));
  EXPECT_FALSE(AesGcmOpen(key, nonce, associated_data + "x", sealed));
  std::string other_key = key;
  other_key[31] ^= 1;
  EXPECT_FALSE(AesGcmOpen(other_key, nonce, associated_data, sealed));
  EXPECT_FALSE(AesGcmOpen(key, nonce, associated_data, sealed.substr(0, sealed.size() - 1)));
}

INSTANTIATE_TEST_SUITE_P(McGrewViega, GcmSpecTest, ::testing::ValuesIn(kTestCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AesGcmTest, RefusesWrongSizes) {
  const std::string key(32, 'k');
  const std::string nonce(12, 'n');
  EXPECT_FALSE(AesGcmSeal(key.substr(1), nonce, "", "x"));
  EXPECT_FALSE(AesGcmSeal(key, nonce.substr(1), "", "x"));
  EXPECT_FALSE(AesGcmOpen(key, nonce, "", std::string(15, '\0')));
}

}  // namespace
}  // namespace portcullis::gateway::detail
