#include "cel/lib/lib_util.h"

#include "cel/value_ops.h"

namespace portcullis::cel::lib {

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const size_t i = *pos;
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  size_t len;
  char32_t c;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return kReplacementChar;
  }
  if (i + len > s.size()) {
    *pos = i + 1;
    return kReplacementChar;
  }
  for (size_t k = 1; k < len; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return kReplacementChar;
    }
    c = (c << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *pos = i + 1;
    return kReplacementChar;
  }
  *pos = i + len;
  return c;
}

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) out.push_back(DecodeUtf8(s, &pos));
  return out;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) AppendUtf8(out, c);
  return out;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (size_t pos = 0; pos < s.size(); ++n) DecodeUtf8(s, &pos);
  return n;
}

bool IsUnicodeSpace(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

std::vector<std::string_view> SplitN(std::string_view s, std::string_view sep, int64_t limit) {
  std::vector<std::string_view> pieces;
  if (limit == 0 || (sep.empty() && s.empty())) return pieces;
  size_t pos = 0;
  while (limit < 0 || static_cast<int64_t>(pieces.size()) < limit - 1) {
    size_t next;
    size_t after;
    if (sep.empty()) {
      next = pos;
      DecodeUtf8(s, &next);
      after = next;
      if (next >= s.size()) break;  // the last code point is the remainder below
    } else {
      next = s.find(sep, pos);
      if (next == std::string_view::npos) break;
      after = next + sep.size();
    }
    pieces.push_back(s.substr(pos, next - pos));
    pos = after;
  }
  pieces.push_back(s.substr(pos));
  return pieces;
}

Value StringList(const std::vector<std::string_view>& items) {
  ListElements elements;
  elements.reserve(items.size());
  for (std::string_view s : items) elements.push_back(Value::String(std::string(s)));
  return Value::List(std::move(elements));
}

std::optional<std::vector<std::string_view>> ListOfStrings(const Value& list) {
  std::vector<std::string_view> out;
  const size_t n = list.list_size();
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Value item = list.list_at(i);
    if (!item.is(Kind::kString)) return std::nullopt;
    out.push_back(item.str());
  }
  return out;
}

bool ListContains(const Value& list, const Value& v) {
  const size_t n = list.list_size();
  for (size_t i = 0; i < n; ++i) {
    if (Equal(list.list_at(i), v)) return true;
  }
  return false;
}

void AddVariadicGlobal(FunctionRegistry& registry, const std::string& name, size_t min_arity,
                       size_t max_arity, const FunctionImpl& impl) {
  for (size_t arity = min_arity; arity <= max_arity; ++arity) {
    registry.AddGlobal(name, name + "_" + std::to_string(arity),
                       std::vector<ArgKind>(arity, ArgKind::Any()), impl);
  }
}

}  // namespace portcullis::cel::lib
