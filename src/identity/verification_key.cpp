#include "identity/verification_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace portcullis::identity {
namespace {

template <typename T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using ParamBuildPtr =
    std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyContextPtr =
    std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using DigestContextPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpenSslDeleter<ECDSA_SIG, ECDSA_SIG_free>>;

constexpr size_t kCoordinateBytes = 32;  // P-256 and Ed25519 alike
constexpr size_t kMinRsaBits = 2048;
constexpr size_t kMaxRsaBits = 8192;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

BignumPtr ToBignum(std::string_view big_endian) {
  return BignumPtr(BN_bin2bn(Bytes(big_endian), static_cast<int>(big_endian.size()), nullptr));
}

std::shared_ptr<evp_pkey_st> Share(EVP_PKEY* key) {
  return std::shared_ptr<evp_pkey_st>(key, EVP_PKEY_free);
}

// A public key of OpenSSL type `type` ("RSA", "EC") from its parameters, or null.
std::shared_ptr<evp_pkey_st> PublicKeyFromParams(const char* type, OSSL_PARAM_BLD* build) {
  ParamsPtr params(OSSL_PARAM_BLD_to_param(build));
  PkeyContextPtr context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return Share(key);
}

bool HasLeadingZero(std::string_view big_endian) {
  return !big_endian.empty() && big_endian.front() == '\0';
}

// ECDSA's JWS form r‖s (RFC 7518 §3.4) as the DER SEQUENCE OpenSSL verifies, or empty.
std::string EcdsaDerSignature(std::string_view r_and_s) {
  if (r_and_s.size() != 2 * kCoordinateBytes) return {};
  EcdsaSigPtr signature(ECDSA_SIG_new());
  BignumPtr r = ToBignum(r_and_s.substr(0, kCoordinateBytes));
  BignumPtr s = ToBignum(r_and_s.substr(kCoordinateBytes));
  if (!signature || !r || !s || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) return {};
  r.release();  // owned by `signature` now
  s.release();
  int length = i2d_ECDSA_SIG(signature.get(), nullptr);
  if (length <= 0) return {};
  std::string der(static_cast<size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(signature.get(), &out) != length) return {};
  return der;
}

}  // namespace

std::variant<VerificationKey, std::string> VerificationKey::Rsa(std::string_view modulus,
                                                                std::string_view exponent) {
  if (HasLeadingZero(modulus) || HasLeadingZero(exponent)) {
    return "an RSA 'n' or 'e' with a leading zero byte";
  }
  size_t bits = modulus.size() * 8;
  if (bits < kMinRsaBits || bits > kMaxRsaBits) {
    return "an RSA modulus of " + std::to_string(bits) + " bits (2048 to 8192 are accepted)";
  }
  if (exponent.empty() || exponent.size() > 8 || (exponent.back() & 1) == 0 ||
      (exponent.size() == 1 && static_cast<unsigned char>(exponent[0]) < 3)) {
    return "an RSA public exponent that is not an odd number from 3 to 2^64";
  }
  BignumPtr n = ToBignum(modulus);
  BignumPtr e = ToBignum(exponent);
  ParamBuildPtr build(OSSL_PARAM_BLD_new());
  if (!n || !e || !build ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return "an RSA key OpenSSL cannot build";
  }
  std::shared_ptr<evp_pkey_st> key = PublicKeyFromParams("RSA", build.get());
  if (!key) return "an RSA key OpenSSL cannot build";
  return VerificationKey(std::move(key), JwsAlgorithm::kRs256);
}

std::variant<VerificationKey, std::string> VerificationKey::P256(std::string_view x,
                                                                 std::string_view y) {
  if (x.size() != kCoordinateBytes || y.size() != kCoordinateBytes) {
    return "a P-256 coordinate that is not 32 bytes long";
  }
  // The uncompressed point encoding 04‖x‖y (SEC 1 §2.3.3).
  std::string point = "\x04";
  point.append(x).append(y);
  ParamBuildPtr build(OSSL_PARAM_BLD_new());
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return "a P-256 key OpenSSL cannot build";
  }
  std::shared_ptr<evp_pkey_st> key = PublicKeyFromParams("EC", build.get());
  if (!key) return "a point that is not on the P-256 curve";
  // Rejects the point at infinity and points outside the group, whatever the import checked.
  PkeyContextPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return "a point that is not a valid P-256 public key";
  }
  return VerificationKey(std::move(key), JwsAlgorithm::kEs256);
}

std::variant<VerificationKey, std::string> VerificationKey::Ed25519(std::string_view x) {
  if (x.size() != kCoordinateBytes) return "an Ed25519 public key that is not 32 bytes long";
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, Bytes(x), x.size());
  if (key == nullptr) {
    ERR_clear_error();
    return "an Ed25519 key OpenSSL cannot build";
  }
  return VerificationKey(Share(key), JwsAlgorithm::kEdDsa);
}

bool VerificationKey::Verify(std::string_view signing_input, std::string_view signature) const {
  std::string der;
  const EVP_MD* digest = EVP_sha256();
  switch (algorithm_) {
    case JwsAlgorithm::kRs256:
      // RFC 8017 §8.2.2: the signature is exactly as long as the modulus.
      if (signature.size() != static_cast<size_t>(EVP_PKEY_get_size(key_.get()))) return false;
      break;
    case JwsAlgorithm::kEs256:
      der = EcdsaDerSignature(signature);
      if (der.empty()) return false;
      signature = der;
      break;
    case JwsAlgorithm::kEdDsa:
      if (signature.size() != 2 * kCoordinateBytes) return false;
      digest = nullptr;  // Ed25519 hashes the message itself
      break;
  }
  DigestContextPtr context(EVP_MD_CTX_new());
  bool valid = context &&
               EVP_DigestVerifyInit(context.get(), nullptr, digest, nullptr, key_.get()) == 1 &&
               EVP_DigestVerify(context.get(), Bytes(signature), signature.size(),
                                Bytes(signing_input), signing_input.size()) == 1;
  // A failed verification leaves reasons on this thread's OpenSSL error queue; they are not
  // needed and would pile up.
  if (!valid) ERR_clear_error();
  return valid;
}

}  // namespace portcullis::identity
