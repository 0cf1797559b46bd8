#include "identity/authenticator.h"

#include <algorithm>

#include <boost/json/parse.hpp>

#include "identity/compact_jws.h"

namespace portcullis::identity {
namespace {

bool IsB64TokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

// The credential of `Bearer <b64token>` (RFC 6750 §2.1), or nullopt.
std::optional<std::string_view> BearerCredential(std::string_view header) {
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                  [](char lower, char c) { return lower == (c | 0x20); })) {
    return std::nullopt;
  }
  std::string_view rest = header.substr(kScheme.size());
  size_t start = rest.find_first_not_of(' ');
  if (start == 0 || start == std::string_view::npos) return std::nullopt;
  std::string_view credential = rest.substr(start);
  // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
  size_t padding = credential.find_last_not_of('=') + 1;
  if (padding == 0 ||
      !std::all_of(credential.begin(), credential.begin() + padding, IsB64TokenChar)) {
    return std::nullopt;
  }
  return credential;
}

// The `iss` of a JWT payload (not verified), or nullopt when it has none.
std::optional<std::string> UnverifiedIssuer(std::string_view payload) {
  boost::json::parse_options options;
  options.max_depth = 16;
  boost::system::error_code ec;
  boost::json::value claims = boost::json::parse(payload, ec, {}, options);
  const boost::json::value* iss =
      ec || !claims.is_object() ? nullptr : claims.get_object().if_contains("iss");
  if (iss == nullptr || !iss->is_string()) return std::nullopt;
  return std::string(iss->get_string());
}

}  // namespace

std::variant<Authenticated, AuthError> JwtIdentitySource::Authenticate(
    std::string_view token, std::chrono::system_clock::time_point now) const {
  std::variant<VerifiedJwt, AuthError> verified = verifier.Verify(token, now);
  if (auto* error = std::get_if<AuthError>(&verified)) {
    if ((*error == AuthError::kUnknownKey || *error == AuthError::kNoKeys) && on_missing_key) {
      on_missing_key();
    }
    return *error;
  }
  boost::json::object& claims = std::get<VerifiedJwt>(verified).claims;
  std::variant<Principal, AuthError> principal = mapping.Map(claims);
  if (auto* error = std::get_if<AuthError>(&principal)) return *error;
  return Authenticated{std::move(std::get<Principal>(principal)), std::move(claims)};
}

Authenticator::Authenticator(std::vector<JwtIdentitySource> jwt, ApiKeyTable api_keys)
    : jwt_(std::move(jwt)), api_keys_(std::move(api_keys)) {
  for (const JwtIdentitySource& source : jwt_) {
    max_token_bytes_ = std::max(max_token_bytes_, source.verifier.options().max_token_bytes);
  }
}

std::variant<const JwtIdentitySource*, AuthError> Authenticator::SourceFor(
    std::string_view token) const {
  std::variant<CompactJws, AuthError> split = SplitCompactJws(token, max_token_bytes_);
  if (auto* error = std::get_if<AuthError>(&split)) return *error;
  std::optional<std::string> issuer = UnverifiedIssuer(std::get<CompactJws>(split).payload);
  if (!issuer) return AuthError::kWrongIssuer;
  auto source = std::find_if(jwt_.begin(), jwt_.end(), [&](const JwtIdentitySource& candidate) {
    return candidate.verifier.options().issuer == *issuer;
  });
  if (source == jwt_.end()) return AuthError::kWrongIssuer;
  return &*source;
}

std::variant<Authenticated, AuthError> Authenticator::Authenticate(
    std::optional<std::string_view> authorization,
    std::chrono::system_clock::time_point now) const {
  if (!authorization) return AuthError::kMissingCredentials;
  std::optional<std::string_view> credential = BearerCredential(*authorization);
  if (!credential) return AuthError::kMalformedAuthorization;
  bool jwt_shaped = credential->find('.') != std::string_view::npos;
  if (!jwt_.empty() && (jwt_shaped || api_keys_.empty())) {
    std::variant<const JwtIdentitySource*, AuthError> source = SourceFor(*credential);
    if (auto* error = std::get_if<AuthError>(&source)) return *error;
    return std::get<const JwtIdentitySource*>(source)->Authenticate(*credential, now);
  }
  const Principal* principal = api_keys_.Find(*credential);
  if (principal == nullptr) return AuthError::kUnknownApiKey;
  return Authenticated{*principal, nullptr};
}

}  // namespace portcullis::identity
