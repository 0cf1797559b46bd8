// Test support: an HTTP request as the server hands it to handlers (net::HttpRequest over Beast's
// header storage), built field by field, repeated fields included.
#pragma once

#include <string>
#include <string_view>

#include <boost/beast/http/fields.hpp>

#include "net/http_server.h"

namespace portcullis::gateway::front::testing {

class TestRequest {
 public:
  explicit TestRequest(std::string target = "/mcp", std::string method = "POST")
      : method_(std::move(method)), target_(std::move(target)) {}

  // Adds a field (a second one with the same name is kept as a second field).
  TestRequest& With(std::string_view name, std::string_view value) {
    fields_.insert(name, value);
    return *this;
  }

  // The request; valid while this object lives and is not modified.
  net::HttpRequest view() const { return net::HttpRequest(method_, target_, "", &fields_); }

 private:
  std::string method_;
  std::string target_;
  boost::beast::http::fields fields_;
};

}  // namespace portcullis::gateway::front::testing
