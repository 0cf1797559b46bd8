#include "gateway/mcp/message_text.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace portcullis::gateway::mcp {

std::string ShortenUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\u2026";
}

std::string QuoteForMessage(std::string_view text, size_t max_bytes) {
  return boost::json::serialize(boost::json::string(ShortenUtf8(text, max_bytes)));
}

}  // namespace portcullis::gateway::mcp
