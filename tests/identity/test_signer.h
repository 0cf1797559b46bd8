// Test support: a freshly generated key pair that signs JWS as an issuer would (with OpenSSL,
// independently of the verifier under test), its public JWK, and compact tokens.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <boost/json.hpp>

#include "identity/base64url.h"
#include "identity/jws_algorithm.h"

namespace portcullis::identity::testing {

class TestSigner {
 public:
  explicit TestSigner(JwsAlgorithm algorithm) : algorithm_(algorithm) {
    EVP_PKEY* key = nullptr;
    switch (algorithm) {
      case JwsAlgorithm::kRs256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
        break;
      case JwsAlgorithm::kEs256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
      case JwsAlgorithm::kEdDsa:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    key_.reset(key);
    EXPECT_NE(key, nullptr);
  }

  JwsAlgorithm algorithm() const { return algorithm_; }

  // The public JWK, with `kid` unless empty (no `alg`: the verifier deduces it).
  boost::json::object PublicJwk(std::string_view kid = {}) const {
    boost::json::object jwk;
    switch (algorithm_) {
      case JwsAlgorithm::kRs256:
        jwk = {{"kty", "RSA"},
               {"n", BignumParam(OSSL_PKEY_PARAM_RSA_N, 0)},
               {"e", BignumParam(OSSL_PKEY_PARAM_RSA_E, 0)}};
        break;
      case JwsAlgorithm::kEs256:
        jwk = {{"kty", "EC"},
               {"crv", "P-256"},
               {"x", BignumParam(OSSL_PKEY_PARAM_EC_PUB_X, 32)},
               {"y", BignumParam(OSSL_PKEY_PARAM_EC_PUB_Y, 32)}};
        break;
      case JwsAlgorithm::kEdDsa: {
        std::string raw(32, '\0');
        size_t length = raw.size();
        EXPECT_EQ(EVP_PKEY_get_raw_public_key(
                      key_.get(), reinterpret_cast<unsigned char*>(raw.data()), &length),
                  1);
        jwk = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", EncodeBase64Url(raw)}};
        break;
      }
    }
    if (!kid.empty()) jwk["kid"] = kid;
    return jwk;
  }

  // The JWS signature of `signing_input` (r‖s for ES256).
  std::string Sign(std::string_view signing_input) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
    const EVP_MD* digest = algorithm_ == JwsAlgorithm::kEdDsa ? nullptr : EVP_sha256();
    EXPECT_EQ(EVP_DigestSignInit(context.get(), nullptr, digest, nullptr, key_.get()), 1);
    const auto* input = reinterpret_cast<const unsigned char*>(signing_input.data());
    size_t length = 0;
    EXPECT_EQ(EVP_DigestSign(context.get(), nullptr, &length, input, signing_input.size()), 1);
    std::string signature(length, '\0');
    auto* out = reinterpret_cast<unsigned char*>(signature.data());
    EXPECT_EQ(EVP_DigestSign(context.get(), out, &length, input, signing_input.size()), 1);
    signature.resize(length);
    return algorithm_ == JwsAlgorithm::kEs256 ? DerToRawEcdsa(signature) : signature;
  }

  // A compact JWS of the given header and payload texts, signed by this key.
  std::string TokenFromText(std::string_view header, std::string_view payload) const {
    std::string signing_input = EncodeBase64Url(header) + "." + EncodeBase64Url(payload);
    return signing_input + "." + EncodeBase64Url(Sign(signing_input));
  }

  // A compact JWS with header {"alg": <this key's>, "kid": kid} (no kid when empty) and `claims`.
  std::string Token(const boost::json::object& claims, std::string_view kid = {}) const {
    boost::json::object header{{"alg", JwsAlgorithmName(algorithm_)}};
    if (!kid.empty()) header["kid"] = kid;
    return TokenFromText(boost::json::serialize(header), boost::json::serialize(claims));
  }

 private:
  std::string BignumParam(const char* name, int pad_to) const {
    BIGNUM* number = nullptr;
    EXPECT_EQ(EVP_PKEY_get_bn_param(key_.get(), name, &number), 1);
    std::string bytes(pad_to > 0 ? pad_to : BN_num_bytes(number), '\0');
    BN_bn2binpad(number, reinterpret_cast<unsigned char*>(bytes.data()),
                 static_cast<int>(bytes.size()));
    BN_free(number);
    return EncodeBase64Url(bytes);
  }

  static std::string DerToRawEcdsa(const std::string& der) {
    const auto* in = reinterpret_cast<const unsigned char*>(der.data());
    ECDSA_SIG* signature = d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size()));
    EXPECT_NE(signature, nullptr);
    std::string raw(64, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    BN_bn2binpad(ECDSA_SIG_get0_r(signature), out, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(signature), out + 32, 32);
    ECDSA_SIG_free(signature);
    return raw;
  }

  JwsAlgorithm algorithm_;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_{nullptr, EVP_PKEY_free};
};

// `object` with `member` set to `value` (JWK members, token claims).
template <typename T>
boost::json::object WithMember(boost::json::object object, std::string_view member,
                               const T& value) {
  object[member] = boost::json::value_from(value);
  return object;
}

inline boost::json::object WithoutMember(boost::json::object object, std::string_view member) {
  object.erase(member);
  return object;
}

// A JWK set document of the given keys.
inline std::string JwksDocument(std::initializer_list<boost::json::object> keys) {
  boost::json::array list;
  for (const auto& key : keys) list.push_back(key);
  return boost::json::serialize(boost::json::object{{"keys", std::move(list)}});
}

}  // namespace portcullis::identity::testing
