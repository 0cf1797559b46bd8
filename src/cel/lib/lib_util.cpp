#include "cel/lib/lib_util.h"
#include "cel/utf8.h"

#include "cel/value_ops.h"

namespace portcullis::cel::lib {

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
      detail::DecodeUtf8(s, &next);
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

Value Identity(std::span<const Value> args, EvalContext&) {
  return args[0];
}

void AddVariadicGlobal(FunctionRegistry& registry, const std::string& name, size_t min_arity,
                       size_t max_arity, const FunctionImpl& impl) {
  for (size_t arity = min_arity; arity <= max_arity; ++arity) {
    registry.AddGlobal(name, name + "_" + std::to_string(arity),
                       std::vector<ArgKind>(arity, ArgKind::Any()), impl);
  }
}

}  // namespace portcullis::cel::lib
