// Small helpers for reading the members of an LLM request body (a value ParseStrictJson
// returned) and for naming what is wrong with one: the describe step refuses with a 400 any
// member it reads but cannot understand, rather than guess, so that the decision never rests on
// a reading the provider might not share.
//
// Thread-safety: reentrant functions; the returned pointers and views point into the value given
// and are valid while it lives unmodified.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace portcullis::gateway::llm {

// Why a request body cannot be described: the member at fault, as a path such as
// "tools[3].function.name" (OpenAI's `param`), and one sentence saying what is wrong.
struct FieldError {
  std::string param;
  std::string message;
};

// The member `key` of `object`, or null when it is absent or JSON null: the providers treat an
// explicit null as "not set".
const boost::json::value* FindMember(const boost::json::object& object, std::string_view key);

// `value` as a string that is not empty, nullopt otherwise.
std::optional<std::string_view> NonEmptyString(const boost::json::value& value);

// "<param> must be <expected>", e.g. WrongMember("stream", "true or false").
FieldError WrongMember(std::string param, std::string_view expected);

// "array[index]" or "array[index].member".
std::string ElementPath(std::string_view array, size_t index, std::string_view member = {});

}  // namespace portcullis::gateway::llm
