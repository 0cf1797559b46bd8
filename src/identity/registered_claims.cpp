#include "identity/registered_claims.h"

#include <algorithm>

namespace portcullis::identity {
namespace {

// A NumericDate (RFC 7519 §2: seconds since the epoch, possibly fractional) as a double, or
// nullopt when `value` is not a number.
std::optional<double> NumericDate(const boost::json::value& value) {
  if (const int64_t* i = value.if_int64()) return static_cast<double>(*i);
  if (const uint64_t* u = value.if_uint64()) return static_cast<double>(*u);
  if (const double* d = value.if_double()) return *d;
  return std::nullopt;
}

bool IsOneOf(const boost::json::value& value, const std::vector<std::string>& accepted) {
  return value.is_string() && std::find(accepted.begin(), accepted.end(),
                                        std::string_view(value.get_string())) != accepted.end();
}

// Whether `aud` (a string or an array of strings, RFC 7519 §4.1.3) names one of `accepted`.
bool HasAudience(const boost::json::value& aud, const std::vector<std::string>& accepted) {
  if (const boost::json::array* several = aud.if_array()) {
    return std::any_of(several->begin(), several->end(),
                       [&](const boost::json::value& entry) { return IsOneOf(entry, accepted); });
  }
  return IsOneOf(aud, accepted);
}

}  // namespace

std::optional<AuthError> CheckRegisteredClaims(const boost::json::object& claims,
                                               const JwtVerifierOptions& options,
                                               std::chrono::system_clock::time_point now) {
  const double now_seconds = std::chrono::duration<double>(now.time_since_epoch()).count();
  const auto leeway = static_cast<double>(options.leeway.count());

  const boost::json::value* exp = claims.if_contains("exp");
  if (exp == nullptr) {
    if (options.require_expiry) return AuthError::kMissingExpiry;
  } else {
    std::optional<double> expiry = NumericDate(*exp);
    if (!expiry) return AuthError::kInvalidTimeClaim;
    // RFC 7519 §4.1.4: the current time must be before `exp`.
    if (now_seconds >= *expiry + leeway) return AuthError::kExpired;
  }
  if (const boost::json::value* nbf = claims.if_contains("nbf")) {
    std::optional<double> not_before = NumericDate(*nbf);
    if (!not_before) return AuthError::kInvalidTimeClaim;
    if (now_seconds + leeway < *not_before) return AuthError::kNotYetValid;
  }
  const boost::json::value* iss = claims.if_contains("iss");
  if (iss == nullptr || !iss->is_string() || iss->get_string() != options.issuer) {
    return AuthError::kWrongIssuer;
  }
  const boost::json::value* aud = claims.if_contains("aud");
  if (aud == nullptr || !HasAudience(*aud, options.audiences)) return AuthError::kWrongAudience;
  return std::nullopt;
}

}  // namespace portcullis::identity
