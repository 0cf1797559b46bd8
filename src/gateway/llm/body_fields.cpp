#include "gateway/llm/body_fields.h"

namespace portcullis::gateway::llm {

const boost::json::value* FindMember(const boost::json::object& object, std::string_view key) {
  const boost::json::value* member = object.if_contains(key);
  return member == nullptr || member->is_null() ? nullptr : member;
}

std::optional<std::string_view> NonEmptyString(const boost::json::value& value) {
  if (!value.is_string() || value.get_string().empty()) return std::nullopt;
  return std::string_view(value.get_string());
}

FieldError WrongMember(std::string param, std::string_view expected) {
  std::string message = param + " must be ";
  message += expected;
  return {std::move(param), std::move(message)};
}

std::string ElementPath(std::string_view array, size_t index, std::string_view member) {
  std::string path(array);
  path += '[';
  path += std::to_string(index);
  path += ']';
  if (!member.empty()) {
    path += '.';
    path += member;
  }
  return path;
}

}  // namespace portcullis::gateway::llm
