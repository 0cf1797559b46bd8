#include "net/http_connection.h"

#include <utility>

namespace portcullis::net {

Connection::Connection(boost::asio::ip::tcp::socket socket) : socket(std::move(socket)) {
  boost::system::error_code error;
  boost::asio::ip::tcp::endpoint endpoint = this->socket.remote_endpoint(error);
  if (error) return;
  std::string address = endpoint.address().to_string();
  peer = endpoint.address().is_v6() ? "[" + address + "]" : std::move(address);
  peer += ':';
  peer += std::to_string(endpoint.port());
}

}  // namespace portcullis::net
