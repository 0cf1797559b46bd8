// Reading request header fields whose number matters: RFC 9110 lets a field appear several times,
// and a gateway that checks the first Host or Authorization while another component reads the
// last one can be fooled. The front insists on exactly one where one is expected.
//
// Thread-safety: pure functions; the views are valid as long as the request's.
#pragma once

#include <string_view>
#include <vector>

#include "net/http_server.h"

namespace portcullis::gateway::front {

// The value of every field named `name` (case-insensitive), in the order received.
std::vector<std::string_view> HeaderValues(const net::HttpRequest& request, std::string_view name);

// ASCII case-insensitive equality.
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace portcullis::gateway::front
