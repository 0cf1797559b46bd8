#include "identity/jwk_set.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>

namespace portcullis::identity {

std::variant<JwkSet, std::string> JwkSet::Parse(std::string_view json) {
  if (json.size() > kMaxDocumentBytes) {
    return "the JWK set is larger than " + std::to_string(kMaxDocumentBytes) + " bytes";
  }
  boost::system::error_code ec;
  boost::json::value document = boost::json::parse(json, ec);
  if (ec) return "the JWK set is not JSON: " + ec.message();
  const boost::json::value* keys =
      document.is_object() ? document.get_object().if_contains("keys") : nullptr;
  if (keys == nullptr || !keys->is_array()) {
    return "the JWK set is not a JSON object with a 'keys' array";
  }
  if (keys->get_array().size() > kMaxKeys) {
    return "the JWK set has more than " + std::to_string(kMaxKeys) + " keys";
  }
  JwkSet set;
  size_t index = 0;
  for (const boost::json::value& entry : keys->get_array()) {
    std::string where = "keys[" + std::to_string(index++) + "]: ";
    std::variant<Jwk, std::string> jwk = ParseJwk(entry);
    if (auto* error = std::get_if<std::string>(&jwk)) {
      set.skipped_.push_back(where + *error);
      continue;
    }
    Jwk& key = std::get<Jwk>(jwk);
    bool repeated = key.kid && std::any_of(set.keys_.begin(), set.keys_.end(),
                                           [&](const Jwk& other) { return other.kid == key.kid; });
    if (repeated) {
      set.skipped_.push_back(where + "the kid of an earlier key");
      continue;
    }
    set.keys_.push_back(std::move(key));
  }
  if (set.keys_.empty()) {
    std::string message = "the JWK set has no usable key";
    for (const std::string& reason : set.skipped_) message += "; " + reason;
    return message;
  }
  return set;
}

std::variant<JwkSet, std::string> JwkSet::Load(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  if (!(file && text << file.rdbuf())) return path.string() + ": cannot be read";
  std::variant<JwkSet, std::string> set = Parse(text.view());
  if (auto* error = std::get_if<std::string>(&set)) *error = path.string() + ": " + *error;
  return set;
}

std::variant<const VerificationKey*, AuthError> JwkSet::Select(std::optional<std::string_view> kid,
                                                               JwsAlgorithm alg) const {
  if (kid) {
    for (const Jwk& jwk : keys_) {
      if (jwk.kid != kid) continue;
      if (jwk.key.algorithm() != alg) return AuthError::kAlgorithmMismatch;
      return &jwk.key;
    }
    return AuthError::kUnknownKey;
  }
  const VerificationKey* found = nullptr;
  for (const Jwk& jwk : keys_) {
    if (jwk.key.algorithm() != alg) continue;
    if (found != nullptr) return AuthError::kAmbiguousKey;
    found = &jwk.key;
  }
  if (found == nullptr) return AuthError::kUnknownKey;
  return found;
}

}  // namespace portcullis::identity
