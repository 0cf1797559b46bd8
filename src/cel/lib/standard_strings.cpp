#include <memory>
#include <string>

#include <re2/re2.h>

#include "cel/lib/lib_util.h"
#include "cel/lib/standard_parts.h"
#include "cel/utf8.h"

namespace portcullis::cel::standard {

namespace {

using Regex = std::shared_ptr<const RE2>;

// Compiles `pattern` (RE2 syntax, as cel-spec defines `matches`); an error value when invalid.
std::variant<Regex, Value> CompileRegex(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto regex =
      std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex->ok()) {
    return Value::Error("invalid regular expression '" + std::string(pattern) +
                        "': " + regex->error());
  }
  return regex;
}

Value Search(const RE2& regex, std::string_view text) {
  return Value::Bool(RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), regex));
}

Value Matches(Args a, EvalContext&) {
  auto compiled = CompileRegex(a[1].str());
  if (auto* error = std::get_if<Value>(&compiled)) return std::move(*error);
  return Search(*std::get<Regex>(compiled), a[0].str());
}

// With a literal pattern, the regex is compiled once, at compile time.
std::variant<FunctionImpl, Value> SpecializeMatches(
    std::span<const std::optional<Value>> constants) {
  if (!constants[1]) return FunctionImpl(Matches);
  auto compiled = CompileRegex(constants[1]->str());
  if (auto* error = std::get_if<Value>(&compiled)) return std::move(*error);
  return FunctionImpl([regex = std::get<Regex>(std::move(compiled))](Args a, EvalContext&) {
    return Search(*regex, a[0].str());
  });
}

void AddMatches(FunctionRegistry& r, bool receiver_style) {
  Overload overload;
  overload.id = receiver_style ? "matches_string" : "matches";
  overload.receiver_style = receiver_style;
  overload.args = {ArgKind::Of(Kind::kString), ArgKind::Of(Kind::kString)};
  overload.impl = Matches;
  overload.specialize = SpecializeMatches;
  r.Add("matches", std::move(overload));
}

Value StringSize(Args a, EvalContext&) {
  return Value::Int(int64_t(detail::CodePointCount(a[0].str())));
}
Value BytesSize(Args a, EvalContext&) {
  return Value::Int(int64_t(a[0].str().size()));
}

}  // namespace

void AddStringFunctions(FunctionRegistry& r) {
  const ArgKind s = ArgKind::Of(Kind::kString), b = ArgKind::Of(Kind::kBytes);
  r.AddGlobal("size", "size_string", {s}, StringSize);
  r.AddMember("size", "string_size", {s}, StringSize);
  r.AddGlobal("size", "size_bytes", {b}, BytesSize);
  r.AddMember("size", "bytes_size", {b}, BytesSize);
  r.AddMember("contains", "contains_string", {s, s}, [](Args a, EvalContext&) {
    return Value::Bool(a[0].str().find(a[1].str()) != std::string_view::npos);
  });
  r.AddMember("startsWith", "starts_with_string", {s, s},
              [](Args a, EvalContext&) { return Value::Bool(a[0].str().starts_with(a[1].str())); });
  r.AddMember("endsWith", "ends_with_string", {s, s},
              [](Args a, EvalContext&) { return Value::Bool(a[0].str().ends_with(a[1].str())); });
  AddMatches(r, false);
  AddMatches(r, true);
}

}  // namespace portcullis::cel::standard
