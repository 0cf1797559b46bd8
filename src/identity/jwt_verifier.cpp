#include "identity/jwt_verifier.h"

#include <boost/json/parse.hpp>

#include "identity/compact_jws.h"
#include "identity/registered_claims.h"

namespace portcullis::identity {
namespace {

constexpr size_t kMinTokenLimit = 256;
constexpr size_t kMaxTokenLimit = 64 * 1024;

// The algorithm and kid the header asks for; an error when they are malformed or unacceptable.
struct HeaderChoice {
  JwsAlgorithm algorithm;
  std::optional<std::string_view> kid;
};

std::variant<HeaderChoice, AuthError> ReadHeader(const boost::json::object& header) {
  const boost::json::value* alg = header.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return AuthError::kMalformedHeader;
  std::optional<JwsAlgorithm> algorithm = ParseJwsAlgorithm(alg->get_string());
  if (!algorithm) return AuthError::kUnsupportedAlgorithm;
  // No extension is understood, so any `crit` (even a malformed one) is refused.
  if (header.contains("crit")) return AuthError::kUnsupportedCritical;
  HeaderChoice choice{*algorithm, std::nullopt};
  if (const boost::json::value* kid = header.if_contains("kid")) {
    if (!kid->is_string()) return AuthError::kMalformedHeader;
    choice.kid = kid->get_string();
  }
  return choice;
}

}  // namespace

std::variant<JwtVerifier, std::string> JwtVerifier::Create(JwtVerifierOptions options,
                                                           std::shared_ptr<const JwkSetSlot> keys) {
  if (options.issuer.empty()) return "the issuer is empty";
  if (options.audiences.empty()) return "no audience is given";
  for (const std::string& audience : options.audiences) {
    if (audience.empty()) return "an audience is empty";
  }
  if (options.leeway < std::chrono::seconds(0) || options.leeway > kMaxLeeway) {
    return "the leeway must be 0 to " + std::to_string(kMaxLeeway.count()) + " seconds";
  }
  if (options.max_token_bytes < kMinTokenLimit || options.max_token_bytes > kMaxTokenLimit) {
    return "the token size limit must be " + std::to_string(kMinTokenLimit) + " to " +
           std::to_string(kMaxTokenLimit) + " bytes";
  }
  if (!keys) return "no key set slot";
  return JwtVerifier(std::move(options), std::move(keys));
}

std::variant<VerifiedJwt, AuthError> JwtVerifier::Verify(
    std::string_view token, std::chrono::system_clock::time_point now) const {
  std::variant<CompactJws, AuthError> split = SplitCompactJws(token, options_.max_token_bytes);
  if (auto* error = std::get_if<AuthError>(&split)) return *error;
  const CompactJws& jws = std::get<CompactJws>(split);

  std::variant<HeaderChoice, AuthError> choice = ReadHeader(jws.header);
  if (auto* error = std::get_if<AuthError>(&choice)) return *error;
  const auto& [algorithm, kid] = std::get<HeaderChoice>(choice);

  std::shared_ptr<const JwkSet> keys = keys_->Current();
  if (!keys) return AuthError::kNoKeys;
  std::variant<const VerificationKey*, AuthError> key = keys->Select(kid, algorithm);
  if (auto* error = std::get_if<AuthError>(&key)) return *error;
  if (!std::get<const VerificationKey*>(key)->Verify(jws.signing_input, jws.signature)) {
    return AuthError::kBadSignature;
  }

  boost::json::parse_options options;
  options.max_depth = 16;
  boost::system::error_code ec;
  boost::json::value payload = boost::json::parse(jws.payload, ec, {}, options);
  if (ec || !payload.is_object()) return AuthError::kMalformedClaims;
  if (std::optional<AuthError> error = CheckRegisteredClaims(payload.get_object(), options_, now)) {
    return *error;
  }
  VerifiedJwt verified{std::move(payload.get_object()), algorithm, std::nullopt};
  if (kid) verified.kid = std::string(*kid);
  return verified;
}

}  // namespace portcullis::identity
