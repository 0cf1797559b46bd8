#include "net/http_message.h"

#include <boost/beast/http/fields.hpp>

namespace portcullis::net {

namespace http = boost::beast::http;

HttpRequest::HttpRequest(std::string_view method, std::string_view target, std::string_view body,
                         const void* fields, std::string_view peer)
    : method_(method),
      target_(target),
      path_(target.substr(0, target.find('?'))),
      body_(body),
      fields_(fields),
      peer_(peer) {}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  if (fields_ == nullptr) return std::nullopt;
  const auto& fields = *static_cast<const http::fields*>(fields_);
  auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return it->value();
}

void HttpRequest::ForEachHeader(
    const std::function<void(std::string_view name, std::string_view value)>& visit) const {
  if (fields_ == nullptr) return;
  for (const auto& field : *static_cast<const http::fields*>(fields_))
    visit(field.name_string(), field.value());
}

void HttpResponse::Clear() {
  status = 200;
  content_type = "application/json";
  body.clear();
  headers.clear();
}

}  // namespace portcullis::net
