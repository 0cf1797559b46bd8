#include "gateway/front/header_fields.h"

#include <algorithm>

namespace portcullis::gateway::front {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [&](char x, char y) { return lower(x) == lower(y); });
}

std::vector<std::string_view> HeaderValues(const net::HttpRequest& request, std::string_view name) {
  std::vector<std::string_view> values;
  request.ForEachHeader([&](std::string_view field, std::string_view value) {
    if (EqualsIgnoringCase(field, name)) values.push_back(value);
  });
  return values;
}

}  // namespace portcullis::gateway::front
