#include "gateway/front/rejection.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace portcullis::gateway::front {

void WriteRejection(const Rejection& rejection, net::HttpResponse& response) {
  response.status = rejection.status;
  response.content_type = "application/json";
  boost::json::object error{{"code", rejection.code}, {"message", rejection.message}};
  response.body = boost::json::serialize(boost::json::object{{"error", std::move(error)}});
  if (!rejection.www_authenticate.empty()) {
    response.headers.emplace_back("WWW-Authenticate", rejection.www_authenticate);
  }
}

}  // namespace portcullis::gateway::front
