#include "pdp/json_string.h"

#include <array>

namespace portcullis::pdp {
namespace {

// Which bytes a JSON string must escape: the control characters, '"' and '\'.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> escaped{};
  for (int c = 0; c < 0x20; ++c) escaped[c] = true;
  escaped['"'] = escaped['\\'] = true;
  return escaped;
}();

void AppendEscape(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\r':
      out += "\\r";
      break;
    default: {
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
      out.append(escape, sizeof escape);
    }
  }
}

}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  out += '"';
  const char* run = text.data();  // the start of the bytes written as they are
  const char* end = text.data() + text.size();
  for (const char* p = run; p != end; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (!kEscaped[c]) continue;
    out.append(run, p - run);
    AppendEscape(c, out);
    run = p + 1;
  }
  out.append(run, end - run);
  out += '"';
}

}  // namespace portcullis::pdp
