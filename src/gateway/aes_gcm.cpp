#include "gateway/aes_gcm.h"

#include <climits>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

namespace portcullis::gateway::detail {
namespace {

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

// Fetched once (and kept for the process): EVP_aes_256_gcm() would fetch on every use.
const EVP_CIPHER* Aes256Gcm() {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* Bytes(std::string& text) {
  return reinterpret_cast<unsigned char*>(text.data());
}

bool Fits(std::string_view text) {
  return text.size() <= INT_MAX / 2;
}

bool ValidParameters(std::string_view key, std::string_view nonce) {
  return key.size() == kAesGcmKeyBytes && nonce.size() == kAesGcmNonceBytes;
}

}  // namespace

std::optional<std::string> AesGcmSeal(std::string_view key, std::string_view nonce,
                                      std::string_view associated_data,
                                      std::string_view plaintext) {
  if (!ValidParameters(key, nonce) || !Fits(associated_data) || !Fits(plaintext)) return {};
  CipherContext context(EVP_CIPHER_CTX_new());
  std::string sealed(plaintext.size() + kAesGcmTagBytes, '\0');
  int length = 0;
  bool sealed_ok =
      context && Aes256Gcm() &&
      EVP_EncryptInit_ex2(context.get(), Aes256Gcm(), Bytes(key), Bytes(nonce), nullptr) == 1 &&
      EVP_EncryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) == 1 &&
      EVP_EncryptUpdate(context.get(), Bytes(sealed), &length, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(context.get(), Bytes(sealed) + length, &length) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAesGcmTagBytes),
                          Bytes(sealed) + plaintext.size()) == 1;
  if (!sealed_ok) {
    ERR_clear_error();
    return {};
  }
  return sealed;
}

std::optional<std::string> AesGcmOpen(std::string_view key, std::string_view nonce,
                                      std::string_view associated_data, std::string_view sealed) {
  if (!ValidParameters(key, nonce) || !Fits(associated_data) || !Fits(sealed) ||
      sealed.size() < kAesGcmTagBytes) {
    return {};
  }
  std::string_view ciphertext = sealed.substr(0, sealed.size() - kAesGcmTagBytes);
  std::string tag(sealed.substr(ciphertext.size()));
  CipherContext context(EVP_CIPHER_CTX_new());
  std::string plaintext(ciphertext.size(), '\0');
  int length = 0;
  bool opened =
      context && Aes256Gcm() &&
      EVP_DecryptInit_ex2(context.get(), Aes256Gcm(), Bytes(key), Bytes(nonce), nullptr) == 1 &&
      EVP_DecryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) == 1 &&
      EVP_DecryptUpdate(context.get(), Bytes(plaintext), &length, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAesGcmTagBytes),
                          tag.data()) == 1 &&
      EVP_DecryptFinal_ex(context.get(), Bytes(plaintext) + length, &length) == 1;
  if (!opened) {
    // The decrypted bytes were never authenticated: wipe them, return nothing.
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    ERR_clear_error();
    return {};
  }
  return plaintext;
}

}  // namespace portcullis::gateway::detail
