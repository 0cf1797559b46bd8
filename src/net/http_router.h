// Dispatching requests by method and exact path to handlers, for HttpServer.
//
//   HttpRouter router;
//   router.Add("GET", "/_cerbos/health", Health);
//   HttpServer server(options, [&router](auto& request, auto& response) {
//     router.Handle(request, response);
//   });
//
// A path no route has → the not-found handler (default: 404 `{"code":404,...}`); a path routed
// for other methods only → the method-not-allowed handler (default: 405 with an `Allow` header).
//
// Thread-safety: configure (Add, Set*) from one thread before serving; Handle may then be called
// concurrently. The router must outlive the server using it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "net/http_server.h"

namespace portcullis::net {

class HttpRouter {
 public:
  HttpRouter();
  HttpRouter(const HttpRouter&) = delete;  // its default handlers refer to it
  HttpRouter& operator=(const HttpRouter&) = delete;

  // Routes `method` requests for exactly `path` (the target without its query) to `handler`.
  void Add(std::string method, std::string path, HttpHandler handler);
  void SetNotFound(HttpHandler handler) { not_found_ = std::move(handler); }
  void SetMethodNotAllowed(HttpHandler handler) { method_not_allowed_ = std::move(handler); }

  void Handle(const HttpRequest& request, HttpResponse& response) const;

 private:
  struct Route {
    std::string method;
    std::string path;
    HttpHandler handler;
  };
  // A handful of routes: a linear scan beats hashing the path.
  std::vector<Route> routes_;
  HttpHandler not_found_;
  HttpHandler method_not_allowed_;
};

}  // namespace portcullis::net
