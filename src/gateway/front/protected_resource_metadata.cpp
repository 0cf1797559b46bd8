#include "gateway/front/protected_resource_metadata.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "gateway/front/dns_rebinding_guard.h"
#include "gateway/front/host_header.h"
#include "net/url.h"

namespace portcullis::gateway::front {
namespace {

std::string JoinScopes(const ResourceMetadataConfig& config) {
  std::string scope;
  for (const std::string& item : config.scopes) {
    if (!scope.empty()) scope += ' ';
    scope += item;
  }
  return scope;
}

boost::json::array StringArray(const std::vector<std::string>& items) {
  return boost::json::array(items.begin(), items.end());
}

}  // namespace

ProtectedResourceMetadata::ProtectedResourceMetadata(std::optional<ResourceMetadataConfig> config,
                                                     std::vector<std::string> endpoint_paths,
                                                     std::string scheme)
    : config_(std::move(config).value_or(ResourceMetadataConfig{})),
      endpoint_paths_(std::move(endpoint_paths)),
      scheme_(std::move(scheme)),
      scope_(JoinScopes(config_)) {
  if (config_.resource.empty()) return;
  // RFC 9728 §3.1: the well-known path goes between the resource's authority and its path.
  std::string error;
  std::optional<net::HttpUrl> url = net::ParseHttpUrl(config_.resource, &error);
  if (!url) return;  // the config loader has checked it
  configured_path_ = url->target == "/" ? "" : url->target;
  configured_metadata_url_ = (url->tls ? "https://" : "http://") + url->authority +
                             std::string(kWellKnownPath) + configured_path_;
}

bool ProtectedResourceMetadata::ServesSuffix(std::string_view suffix) const {
  return suffix.empty() || suffix == configured_path_ ||
         std::find(endpoint_paths_.begin(), endpoint_paths_.end(), suffix) != endpoint_paths_.end();
}

std::optional<std::string> ProtectedResourceMetadata::RequestOrigin(
    const net::HttpRequest& request) const {
  std::optional<HostHeader> host = RequestHost(request);
  if (!host) return std::nullopt;
  return scheme_ + "://" + host->authority;
}

bool ProtectedResourceMetadata::Handle(const net::HttpRequest& request,
                                       net::HttpResponse& response) const {
  std::string_view path = request.path();
  if (!path.starts_with(kWellKnownPath)) return false;
  std::string_view suffix = path.substr(kWellKnownPath.size());
  if (!ServesSuffix(suffix)) return false;
  if (request.method() != "GET") {
    WriteRejection({.status = 405,
                    .code = "method_not_allowed",
                    .message = "the protected-resource metadata is read with GET",
                    .www_authenticate = {}},
                   response);
    response.headers.emplace_back("Allow", "GET");
    return true;
  }
  std::optional<boost::json::object> document = Document(request, suffix);
  if (!document) {
    WriteRejection(InvalidHostRejection(), response);
    return true;
  }
  response.status = 200;
  response.content_type = "application/json";
  response.body = boost::json::serialize(*document);
  return true;
}

std::string ProtectedResourceMetadata::MetadataUrl(const net::HttpRequest& request,
                                                   std::string_view endpoint_path) const {
  if (!configured_metadata_url_.empty()) return configured_metadata_url_;
  std::optional<std::string> origin = RequestOrigin(request);
  if (!origin) return {};
  return *origin + std::string(kWellKnownPath) + std::string(endpoint_path);
}

std::optional<boost::json::object> ProtectedResourceMetadata::Document(
    const net::HttpRequest& request, std::string_view endpoint_path) const {
  std::string resource = config_.resource;
  if (resource.empty()) {
    std::optional<std::string> origin = RequestOrigin(request);
    if (!origin) return std::nullopt;
    resource = *origin + std::string(endpoint_path);
  }
  boost::json::object document{{"resource", resource}};
  if (!config_.authorization_servers.empty()) {
    document["authorization_servers"] = StringArray(config_.authorization_servers);
  }
  if (!config_.scopes.empty()) document["scopes_supported"] = StringArray(config_.scopes);
  document["bearer_methods_supported"] = boost::json::array{"header"};
  return document;
}

}  // namespace portcullis::gateway::front
