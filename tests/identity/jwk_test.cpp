#include "identity/jwk.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "identity/jwk_set.h"
#include "test_signer.h"

namespace portcullis::identity {
namespace {

using testing::JwksDocument;
using testing::TestSigner;
using testing::WithMember;

const TestSigner& RsaSigner() {
  static const TestSigner signer(JwsAlgorithm::kRs256);
  return signer;
}
const TestSigner& EcSigner() {
  static const TestSigner signer(JwsAlgorithm::kEs256);
  return signer;
}
const TestSigner& EdSigner() {
  static const TestSigner signer(JwsAlgorithm::kEdDsa);
  return signer;
}

// The error ParseJwk gives for `jwk`, or "" when it accepts it.
std::string ErrorOf(const boost::json::value& jwk) {
  auto parsed = ParseJwk(jwk);
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

TEST(JwkTest, EachKeyTypeIsPinnedToItsAlgorithm) {
  for (const TestSigner* signer : {&RsaSigner(), &EcSigner(), &EdSigner()}) {
    auto parsed = ParseJwk(signer->PublicJwk("k1"));
    ASSERT_TRUE(std::holds_alternative<Jwk>(parsed)) << std::get<std::string>(parsed);
    const Jwk& jwk = std::get<Jwk>(parsed);
    EXPECT_EQ(jwk.kid, "k1");
    EXPECT_EQ(jwk.key.algorithm(), signer->algorithm());
    EXPECT_TRUE(jwk.key.Verify("input", signer->Sign("input")));
    EXPECT_FALSE(jwk.key.Verify("inpuT", signer->Sign("input")));
  }
  EXPECT_EQ(std::get<Jwk>(ParseJwk(EcSigner().PublicJwk())).kid, std::nullopt);
}

TEST(JwkTest, AnAlgMemberMustNameTheKeyTypesAlgorithm) {
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "alg", "RS256")), "");
  EXPECT_EQ(ErrorOf(WithMember(EdSigner().PublicJwk(), "alg", "EdDSA")), "");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "alg", "HS256")),
            "'alg' is 'HS256' but the key can only be used with 'RS256'");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "alg", "none")),
            "'alg' is 'none' but the key can only be used with 'RS256'");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "alg", "PS256")),
            "'alg' is 'PS256' but the key can only be used with 'RS256'");
  EXPECT_EQ(ErrorOf(WithMember(EcSigner().PublicJwk(), "alg", "RS256")),
            "'alg' is 'RS256' but the key can only be used with 'ES256'");
  EXPECT_EQ(ErrorOf(WithMember(EcSigner().PublicJwk(), "alg", 7)), "'alg' is not a string");
}

TEST(JwkTest, RefusesPrivateKeyMaterial) {
  EXPECT_EQ(ErrorOf(WithMember(EdSigner().PublicJwk(), "d",
                               "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")),
            "the key has private key material ('d'); publish public keys only");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "qi", "AQAB")),
            "the key has private key material ('qi'); publish public keys only");
  EXPECT_EQ(ErrorOf(boost::json::object{{"kty", "oct"}, {"k", "c2VjcmV0"}}),
            "the key has private key material ('k'); publish public keys only");
}

TEST(JwkTest, RefusesKeysNotMeantForVerifying) {
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "use", "sig")), "");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "use", "enc")),
            "'use' is 'enc', not 'sig'");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "key_ops", boost::json::array{"verify"})),
            "");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "key_ops", boost::json::array{"encrypt"})),
            "'key_ops' does not include 'verify'");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "key_ops", "verify")),
            "'key_ops' is not an array");
}

TEST(JwkTest, RefusesUnsupportedTypesAndCurves) {
  EXPECT_EQ(ErrorOf(boost::json::array{}), "a key is not a JSON object");
  EXPECT_EQ(ErrorOf(boost::json::object{{"n", "AQAB"}}), "'kty' is missing");
  EXPECT_EQ(ErrorOf(boost::json::object{{"kty", "oct"}}),
            "unsupported key type 'oct' (RSA, EC and OKP are)");
  EXPECT_EQ(ErrorOf(WithMember(EcSigner().PublicJwk(), "crv", "P-384")),
            "unsupported curve 'P-384' ('P-256' is)");
  EXPECT_EQ(ErrorOf(WithMember(EdSigner().PublicJwk(), "crv", "X25519")),
            "unsupported curve 'X25519' ('Ed25519' is)");
  boost::json::object no_curve = EcSigner().PublicJwk();
  no_curve.erase("crv");
  EXPECT_EQ(ErrorOf(no_curve), "'crv' is missing");
}

TEST(JwkTest, MembersMustBeStrictBase64Url) {
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "e", "AQAB=")),
            "'e' is not unpadded base64url");
  std::string n(RsaSigner().PublicJwk().at("n").as_string());
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "n", n + "\n")),
            "'n' is not unpadded base64url");
  std::string x(EdSigner().PublicJwk().at("x").as_string());
  x[0] = '+';  // the standard alphabet's 62nd digit
  EXPECT_EQ(ErrorOf(WithMember(EdSigner().PublicJwk(), "x", x)), "'x' is not unpadded base64url");
  boost::json::object no_e = RsaSigner().PublicJwk();
  no_e.erase("e");
  EXPECT_EQ(ErrorOf(no_e), "'e' is missing");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "n", 5)), "'n' is not a string");
}

TEST(JwkTest, RsaKeysMustBeAtLeast2048BitsWithCanonicalNumbers) {
  std::string n_1024 = EncodeBase64Url(std::string(128, '\xc3'));
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "n", n_1024)),
            "an RSA modulus of 1024 bits (2048 to 8192 are accepted)");
  std::string n = *DecodeBase64Url(RsaSigner().PublicJwk().at("n").as_string());
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "n", EncodeBase64Url('\0' + n))),
            "an RSA 'n' or 'e' with a leading zero byte");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "e", EncodeBase64Url("\x01\x00\x00"))),
            "an RSA public exponent that is not an odd number from 3 to 2^64");
  EXPECT_EQ(ErrorOf(WithMember(RsaSigner().PublicJwk(), "e", EncodeBase64Url("\x01"))),
            "an RSA public exponent that is not an odd number from 3 to 2^64");
}

TEST(JwkTest, EcPointsMustBeOnTheCurve) {
  std::string y = *DecodeBase64Url(EcSigner().PublicJwk().at("y").as_string());
  y.back() = static_cast<char>(y.back() ^ 1);
  std::string error = ErrorOf(WithMember(EcSigner().PublicJwk(), "y", EncodeBase64Url(y)));
  EXPECT_NE(error.find("P-256"), std::string::npos) << error;
  EXPECT_EQ(ErrorOf(WithMember(EcSigner().PublicJwk(), "y", EncodeBase64Url(y.substr(1)))),
            "a P-256 coordinate that is not 32 bytes long");
}

TEST(JwkTest, Ed25519KeysAre32Bytes) {
  EXPECT_EQ(ErrorOf(WithMember(EdSigner().PublicJwk(), "x", EncodeBase64Url(std::string(31, 'a')))),
            "an Ed25519 public key that is not 32 bytes long");
}

// --- JWK sets ---

std::string ParseError(std::string_view json) {
  auto parsed = JwkSet::Parse(json);
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

TEST(JwkSetTest, SkipsUnusableKeysAndSaysWhy) {
  auto parsed = JwkSet::Parse(JwksDocument({
      WithMember(RsaSigner().PublicJwk("enc-1"), "use", "enc"),
      EcSigner().PublicJwk("ec-1"),
      boost::json::object{{"kty", "oct"}, {"kid", "hmac"}},
      EdSigner().PublicJwk("ec-1"),
      EdSigner().PublicJwk("ed-1"),
  }));
  ASSERT_TRUE(std::holds_alternative<JwkSet>(parsed)) << std::get<std::string>(parsed);
  const JwkSet& set = std::get<JwkSet>(parsed);
  ASSERT_EQ(set.keys().size(), 2u);
  EXPECT_EQ(set.keys()[0].kid, "ec-1");
  EXPECT_EQ(set.keys()[1].kid, "ed-1");
  EXPECT_EQ(set.skipped(), (std::vector<std::string>{
                               "keys[0]: 'use' is 'enc', not 'sig'",
                               "keys[2]: unsupported key type 'oct' (RSA, EC and OKP are)",
                               "keys[3]: the kid of an earlier key",
                           }));
}

TEST(JwkSetTest, RefusesDocumentsWithoutUsableKeys) {
  EXPECT_EQ(ParseError("{\"keys\": []}"), "the JWK set has no usable key");
  EXPECT_EQ(ParseError(JwksDocument({boost::json::object{{"kty", "oct"}}})),
            "the JWK set has no usable key; keys[0]: unsupported key type 'oct' (RSA, EC and OKP "
            "are)");
  EXPECT_EQ(ParseError("[]"), "the JWK set is not a JSON object with a 'keys' array");
  EXPECT_EQ(ParseError("{\"keys\": {}}"), "the JWK set is not a JSON object with a 'keys' array");
  EXPECT_EQ(ParseError("{\"keys\": ["), "the JWK set is not JSON: incomplete JSON");
  EXPECT_EQ(ParseError(std::string(JwkSet::kMaxDocumentBytes + 1, ' ')),
            "the JWK set is larger than 262144 bytes");
  std::string many = "{\"keys\": [1";
  for (size_t i = 0; i < JwkSet::kMaxKeys; ++i) many += ",1";
  EXPECT_EQ(ParseError(many + "]}"), "the JWK set has more than 100 keys");
}

TEST(JwkSetTest, LoadNamesTheFile) {
  auto loaded = JwkSet::Load("/nonexistent/keys.json");
  ASSERT_TRUE(std::holds_alternative<std::string>(loaded));
  EXPECT_EQ(std::get<std::string>(loaded), "/nonexistent/keys.json: cannot be read");
}

class JwkSetSelectTest : public ::testing::Test {
 protected:
  // Two ES256 keys (one without kid) and an EdDSA key.
  JwkSet set_ = std::get<JwkSet>(JwkSet::Parse(JwksDocument({
      EcSigner().PublicJwk("ec-1"),
      TestSigner(JwsAlgorithm::kEs256).PublicJwk(),
      EdSigner().PublicJwk("ed-1"),
  })));

  std::variant<const VerificationKey*, AuthError> Select(std::optional<std::string_view> kid,
                                                         JwsAlgorithm alg) {
    return set_.Select(kid, alg);
  }
};

TEST_F(JwkSetSelectTest, ByKidWithTheKeysAlgorithm) {
  EXPECT_EQ(std::get<const VerificationKey*>(Select("ec-1", JwsAlgorithm::kEs256)),
            &set_.keys()[0].key);
  EXPECT_EQ(std::get<const VerificationKey*>(Select("ed-1", JwsAlgorithm::kEdDsa)),
            &set_.keys()[2].key);
  EXPECT_EQ(std::get<AuthError>(Select("ed-1", JwsAlgorithm::kEs256)),
            AuthError::kAlgorithmMismatch);
  EXPECT_EQ(std::get<AuthError>(Select("ec-2", JwsAlgorithm::kEs256)), AuthError::kUnknownKey);
  EXPECT_EQ(std::get<AuthError>(Select("", JwsAlgorithm::kEs256)), AuthError::kUnknownKey);
}

TEST_F(JwkSetSelectTest, WithoutKidOnlyWhenExactlyOneKeyFits) {
  EXPECT_EQ(std::get<const VerificationKey*>(Select(std::nullopt, JwsAlgorithm::kEdDsa)),
            &set_.keys()[2].key);
  EXPECT_EQ(std::get<AuthError>(Select(std::nullopt, JwsAlgorithm::kEs256)),
            AuthError::kAmbiguousKey);
  EXPECT_EQ(std::get<AuthError>(Select(std::nullopt, JwsAlgorithm::kRs256)),
            AuthError::kUnknownKey);
}

}  // namespace
}  // namespace portcullis::identity
