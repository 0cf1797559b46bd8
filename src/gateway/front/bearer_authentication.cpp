#include "gateway/front/bearer_authentication.h"

#include <vector>

#include "gateway/front/bearer_challenge.h"
#include "gateway/front/header_fields.h"

namespace portcullis::gateway::front {
namespace {

// Whether the Authorization header's scheme (up to the first space or tab) is Bearer,
// case-insensitively. The rest is the authenticator's to check (one space, then token68).
bool IsBearerScheme(std::string_view authorization) {
  return EqualsIgnoringCase(authorization.substr(0, authorization.find_first_of(" \t")), "Bearer");
}

}  // namespace

Rejection BearerAuthentication::Reject(const net::HttpRequest& request,
                                       std::string_view endpoint_path, int status,
                                       std::string_view code, std::string_view message,
                                       std::string_view error) const {
  std::string metadata_url = metadata_.MetadataUrl(request, endpoint_path);
  return {
      .status = status,
      .code = std::string(code),
      .message = std::string(message),
      .www_authenticate = FormatBearerChallenge({.realm = realm_,
                                                 .scope = metadata_.scope(),
                                                 .error = error,
                                                 .error_description = error.empty() ? "" : message,
                                                 .resource_metadata = metadata_url})};
}

std::variant<identity::Authenticated, Rejection> BearerAuthentication::Authenticate(
    const net::HttpRequest& request, std::string_view endpoint_path,
    std::chrono::system_clock::time_point now) const {
  using identity::AuthError;
  std::vector<std::string_view> headers = HeaderValues(request, "Authorization");
  if (headers.size() > 1) {
    return Reject(request, endpoint_path, 400, "multiple_authorization_headers",
                  "send exactly one Authorization header", "invalid_request");
  }
  // No credentials, or credentials of another scheme: RFC 6750 §3.1 asks for no error code.
  if (headers.empty() || !IsBearerScheme(headers.front())) {
    AuthError missing = AuthError::kMissingCredentials;
    return Reject(request, endpoint_path, 401, identity::AuthErrorName(missing),
                  identity::AuthErrorDescription(missing), "");
  }
  std::variant<identity::Authenticated, AuthError> result =
      authenticator_.Authenticate(headers.front(), now);
  if (auto* authenticated = std::get_if<identity::Authenticated>(&result)) {
    return std::move(*authenticated);
  }
  AuthError error = std::get<AuthError>(result);
  bool malformed = error == AuthError::kMalformedAuthorization;
  return Reject(request, endpoint_path, malformed ? 400 : 401, identity::AuthErrorName(error),
                identity::AuthErrorDescription(error),
                malformed ? "invalid_request" : "invalid_token");
}

}  // namespace portcullis::gateway::front
