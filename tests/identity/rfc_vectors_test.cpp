// The published JWS examples verify, and stop verifying when one bit changes:
// - RFC 7515 (JSON Web Signature), Appendix A.2 (RS256) and A.3 (ES256);
// - RFC 8037 (CFRG Elliptic Curve Diffie-Hellman and Signatures in JOSE), Appendix A.4 (Ed25519,
//   with the public key of A.2).
// The keys, signing inputs and signatures below are the RFCs' values, with the line breaks they
// describe as "for display purposes only" removed.
#include <gtest/gtest.h>

#include <chrono>

#include <boost/json/parse.hpp>

#include "identity/base64url.h"
#include "identity/jwk.h"
#include "identity/jwt_verifier.h"

namespace portcullis::identity {
namespace {

struct RfcExample {
  const char* name;
  const char* jwk;
  const char* signing_input;
  const char* signature;
};

// RFC 7515 A.2.1: the RSA public key, signing input and signature.
constexpr RfcExample kRfc7515A2{
    "RFC 7515 A.2 (RS256)",
    R"({"kty":"RSA",
        "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
        "e":"AQAB"})",
    "eyJhbGciOiJSUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlf"
    "Q",
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
    "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1"
    "L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYE"
    "UipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"};

// RFC 7515 A.3.1: the P-256 public key (x, y), signing input and signature (R‖S).
constexpr RfcExample kRfc7515A3{
    "RFC 7515 A.3 (ES256)",
    R"({"kty":"EC","crv":"P-256",
        "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})",
    "eyJhbGciOiJFUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlf"
    "Q",
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"};

// RFC 8037 A.2 (public key) and A.4 (signing "Example of Ed25519 signing" with {"alg":"EdDSA"}).
constexpr RfcExample kRfc8037A4{
    "RFC 8037 A.4 (EdDSA)",
    R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc",
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"};

class RfcVectorTest : public ::testing::TestWithParam<RfcExample> {
 protected:
  VerificationKey Key() const {
    auto jwk = ParseJwk(boost::json::parse(GetParam().jwk));
    EXPECT_TRUE(std::holds_alternative<Jwk>(jwk)) << std::get<std::string>(jwk);
    return std::get<Jwk>(jwk).key;
  }
  std::string Signature() const { return DecodeBase64Url(GetParam().signature).value(); }
};

TEST_P(RfcVectorTest, SignatureVerifies) {
  EXPECT_TRUE(Key().Verify(GetParam().signing_input, Signature()));
}

TEST_P(RfcVectorTest, AnyFlippedSignatureBitFails) {
  VerificationKey key = Key();
  const std::string signature = Signature();
  // Every bit of the first and last byte, and one bit of every byte in between.
  for (size_t bit = 0; bit < signature.size() * 8;
       bit += (bit < 8 || bit >= signature.size() * 8 - 8) ? 1 : 9) {
    std::string flipped = signature;
    flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
    EXPECT_FALSE(key.Verify(GetParam().signing_input, flipped)) << "bit " << bit;
  }
}

TEST_P(RfcVectorTest, AnyFlippedInputBitFails) {
  VerificationKey key = Key();
  const std::string input = GetParam().signing_input;
  for (size_t at = 0; at < input.size(); at += 7) {
    std::string flipped = input;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
    EXPECT_FALSE(key.Verify(flipped, Signature())) << "byte " << at;
  }
}

TEST_P(RfcVectorTest, TruncatedOrExtendedSignatureFails) {
  VerificationKey key = Key();
  const std::string signature = Signature();
  EXPECT_FALSE(key.Verify(GetParam().signing_input, signature.substr(0, signature.size() - 1)));
  EXPECT_FALSE(key.Verify(GetParam().signing_input, signature + '\0'));
  EXPECT_FALSE(key.Verify(GetParam().signing_input, ""));
}

INSTANTIATE_TEST_SUITE_P(Published, RfcVectorTest,
                         ::testing::Values(kRfc7515A2, kRfc7515A3, kRfc8037A4),
                         [](const auto& info) {
                           return std::string(info.index == 0   ? "Rfc7515A2Rs256"
                                              : info.index == 1 ? "Rfc7515A3Es256"
                                                                : "Rfc8037A4EdDsa");
                         });

// The whole A.2 token through the verifier at a time before its `exp` (2011-03-22T18:43:00Z):
// signature, exp and iss ("joe") pass; the example has no `aud`, which is the first check to
// fail. With a bit flipped, the signature fails first.
TEST(RfcVectorVerifierTest, Rfc7515A2TokenPassesEveryCheckUpToTheAudience) {
  auto keys = std::make_shared<JwkSetSlot>();
  ASSERT_EQ(keys->ReplaceWithDocument(std::string(R"({"keys":[)") + kRfc7515A2.jwk + "]}"),
            std::nullopt);
  auto verifier = std::get<JwtVerifier>(
      JwtVerifier::Create({.issuer = "joe", .audiences = {"https://gateway.example"}}, keys));
  const auto before_expiry =
      std::chrono::system_clock::time_point(std::chrono::seconds(1300819000));
  const std::string token = std::string(kRfc7515A2.signing_input) + "." + kRfc7515A2.signature;

  auto result = verifier.Verify(token, before_expiry);
  ASSERT_TRUE(std::holds_alternative<AuthError>(result));
  EXPECT_EQ(std::get<AuthError>(result), AuthError::kWrongAudience);

  std::string tampered = token;
  tampered[tampered.size() - 10] = tampered[tampered.size() - 10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(std::get<AuthError>(verifier.Verify(tampered, before_expiry)),
            AuthError::kBadSignature);

  const auto after_expiry =
      std::chrono::system_clock::time_point(std::chrono::seconds(1300819380 + 31));
  EXPECT_EQ(std::get<AuthError>(verifier.Verify(token, after_expiry)), AuthError::kExpired);
}

}  // namespace
}  // namespace portcullis::identity
