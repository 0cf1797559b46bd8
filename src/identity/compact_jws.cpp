#include "identity/compact_jws.h"

#include <optional>

#include <boost/json/parse.hpp>

#include "identity/base64url.h"

namespace portcullis::identity {
namespace {

constexpr size_t kMaxHeaderBytes = 2048;

}  // namespace

std::variant<CompactJws, AuthError> SplitCompactJws(std::string_view token,
                                                    size_t max_token_bytes) {
  if (token.size() > max_token_bytes) return AuthError::kTokenTooLarge;
  size_t first_dot = token.find('.');
  size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return AuthError::kMalformedToken;
  }
  std::string_view header_segment = token.substr(0, first_dot);
  std::optional<std::string> header = DecodeBase64Url(header_segment);
  std::optional<std::string> payload =
      DecodeBase64Url(token.substr(first_dot + 1, second_dot - first_dot - 1));
  std::optional<std::string> signature = DecodeBase64Url(token.substr(second_dot + 1));
  if (!header || !payload || !signature || header->empty()) return AuthError::kMalformedToken;
  if (header->size() > kMaxHeaderBytes) return AuthError::kMalformedHeader;

  boost::json::parse_options options;
  options.max_depth = 8;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(*header, ec, {}, options);
  if (ec || !parsed.is_object()) return AuthError::kMalformedHeader;
  return CompactJws{std::move(parsed.get_object()), token.substr(0, second_dot),
                    std::move(*payload), std::move(*signature)};
}

}  // namespace portcullis::identity
