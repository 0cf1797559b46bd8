#include "net/http_router.h"

namespace portcullis::net {

HttpRouter::HttpRouter()
    : not_found_([](const HttpRequest&, HttpResponse& response) {
        response.status = 404;
        response.body = R"({"code":404,"message":"Not Found"})";
      }),
      method_not_allowed_([this](const HttpRequest& request, HttpResponse& response) {
        response.status = 405;
        response.body = R"({"code":405,"message":"Method Not Allowed"})";
        std::string allow;
        for (const Route& route : routes_) {
          if (route.path != request.path()) continue;
          if (!allow.empty()) allow += ", ";
          allow += route.method;
        }
        response.headers.emplace_back("Allow", std::move(allow));
      }) {}

void HttpRouter::Add(std::string method, std::string path, HttpHandler handler) {
  routes_.push_back({std::move(method), std::move(path), std::move(handler)});
}

void HttpRouter::Handle(const HttpRequest& request, HttpResponse& response) const {
  bool path_known = false;
  for (const Route& route : routes_) {
    if (route.path != request.path()) continue;
    if (route.method == request.method()) return route.handler(request, response);
    path_known = true;
  }
  (path_known ? method_not_allowed_ : not_found_)(request, response);
}

}  // namespace portcullis::net
