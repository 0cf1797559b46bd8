#include "net/http_head.h"

// Beast's status.hpp prints through std::ostream without including <ostream>.
#include <ostream>

#include <boost/beast/http/status.hpp>

#include <ctime>
#include <string_view>

namespace portcullis::net {
namespace {

namespace http = boost::beast::http;

// The Date header's value for now (RFC 9110 IMF-fixdate), formatted once per second per thread.
std::string_view HttpDate() {
  thread_local time_t formatted_second = -1;
  thread_local char text[32];
  thread_local size_t size = 0;
  time_t now = time(nullptr);
  if (now != formatted_second) {
    struct tm utc;
    gmtime_r(&now, &utc);
    // The C locale (never changed here) gives English day and month names.
    size = strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    formatted_second = now;
  }
  return {text, size};
}

}  // namespace

void FormatHead(const HttpResponse& response, unsigned version, bool keep_alive,
                BodyFraming framing, std::string& out) {
  out.assign(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out += std::to_string(response.status);
  out += ' ';
  out += http::obsolete_reason(static_cast<http::status>(response.status));
  out += "\r\nDate: ";
  out += HttpDate();
  out += "\r\nContent-Type: ";
  out += response.content_type;
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  switch (framing) {
    case BodyFraming::kContentLength:
      // HTTP forbids it on 1xx and 204 answers (RFC 9110 §8.6).
      if (response.status >= 200 && response.status != 204) {
        out += "Content-Length: ";
        out += std::to_string(response.body.size());
        out += "\r\n";
      }
      break;
    case BodyFraming::kChunked:
      out += "Transfer-Encoding: chunked\r\n";
      break;
    case BodyFraming::kUntilClose:
      break;
  }
  if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
}

}  // namespace portcullis::net
