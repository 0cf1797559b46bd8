#include "identity/auth_error.h"

#include <array>

namespace portcullis::identity {
namespace {

struct ErrorText {
  AuthError error;
  std::string_view name;
  std::string_view description;
};

constexpr std::array<ErrorText, 22> kTexts{{
    {AuthError::kMissingCredentials, "missing_credentials", "no bearer credential was sent"},
    {AuthError::kMalformedAuthorization, "malformed_authorization",
     "the Authorization header is not of the form 'Bearer <credential>'"},
    {AuthError::kTokenTooLarge, "token_too_large", "the token is larger than allowed"},
    {AuthError::kMalformedToken, "malformed_token",
     "the token is not a JWS in compact serialization"},
    {AuthError::kMalformedHeader, "malformed_header",
     "the token header is not a JSON object with a string 'alg'"},
    {AuthError::kUnsupportedAlgorithm, "unsupported_algorithm",
     "the token's signature algorithm is not accepted (RS256, ES256 or EdDSA)"},
    {AuthError::kUnsupportedCritical, "unsupported_critical_header",
     "the token has a 'crit' header naming extensions that are not supported"},
    {AuthError::kNoKeys, "no_keys", "no signing keys are available to verify the token"},
    {AuthError::kUnknownKey, "unknown_key", "the token was not signed by a known key"},
    {AuthError::kAmbiguousKey, "ambiguous_key",
     "the token has no 'kid' and several keys could have signed it"},
    {AuthError::kAlgorithmMismatch, "algorithm_mismatch",
     "the token's algorithm is not the one its key is used with"},
    {AuthError::kBadSignature, "bad_signature", "the token's signature is invalid"},
    {AuthError::kMalformedClaims, "malformed_claims", "the token's payload is not a JSON object"},
    {AuthError::kMissingExpiry, "missing_expiry", "the token has no expiry ('exp')"},
    {AuthError::kInvalidTimeClaim, "invalid_time_claim",
     "the token's 'exp' or 'nbf' is not a number"},
    {AuthError::kExpired, "token_expired", "the token has expired"},
    {AuthError::kNotYetValid, "token_not_yet_valid", "the token is not valid yet"},
    {AuthError::kWrongIssuer, "wrong_issuer", "the token was not issued by the expected issuer"},
    {AuthError::kWrongAudience, "wrong_audience", "the token is not meant for this audience"},
    {AuthError::kMissingPrincipalClaim, "missing_principal_claim",
     "the token does not name a principal"},
    {AuthError::kInvalidPrincipalClaim, "invalid_principal_claim",
     "the token's role or on-behalf-of claim has the wrong type"},
    {AuthError::kUnknownApiKey, "unknown_api_key", "the API key is not known"},
}};

const ErrorText& TextOf(AuthError error) {
  for (const ErrorText& text : kTexts) {
    if (text.error == error) return text;
  }
  return kTexts.front();  // unreachable: every enumerator has an entry (checked by the tests)
}

// An RFC 9110 quoted-string: backslash before '"' and '\'.
void AppendQuoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::string_view AuthErrorName(AuthError error) {
  return TextOf(error).name;
}

std::string_view AuthErrorDescription(AuthError error) {
  return TextOf(error).description;
}

std::string WwwAuthenticate(AuthError error, std::string_view resource_metadata) {
  std::string value = "Bearer";
  std::string_view separator = " ";
  if (!resource_metadata.empty()) {
    value += " resource_metadata=";
    AppendQuoted(value, resource_metadata);
    separator = ", ";
  }
  // RFC 6750 §3.1: a request without credentials gets no error code.
  if (error == AuthError::kMissingCredentials) return value;
  value += separator;
  value += "error=";
  AppendQuoted(value,
               error == AuthError::kMalformedAuthorization ? "invalid_request" : "invalid_token");
  value += ", error_description=";
  AppendQuoted(value, AuthErrorDescription(error));
  return value;
}

}  // namespace portcullis::identity
