// Cerbos's SPIFFE functions (go-spiffe's ID rules). A SPIFFE ID is held as its string
// ("spiffe://example.org/ns/a"), a trust domain as its name ("example.org"), a matcher as a map
// {"spiffeMatcher": kind, "ids": [...] | "trustDomain": name}.
#include <optional>
#include <string>

#include "cel/lib/cerbos_parts.h"
#include "cel/lib/lib_util.h"
#include "cel/value_ops.h"

namespace portcullis::cel::cerbos {

namespace {

constexpr std::string_view kScheme = "spiffe://";

struct SpiffeId {
  std::string_view trust_domain;
  std::string_view path;  // "" or "/seg/seg"
};

// Either the parsed ID or why it is invalid.
struct ParsedId {
  std::optional<SpiffeId> id;
  std::string error;
};

bool IsTrustDomainChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

bool IsPathChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

std::optional<std::string> TrustDomainNameError(std::string_view name) {
  if (name.empty()) return "trust domain is missing";
  for (char c : name) {
    if (!IsTrustDomainChar(c)) {
      return "trust domain characters are limited to lowercase letters, numbers, dots, dashes, "
             "and underscores";
    }
  }
  return std::nullopt;
}

ParsedId ParseId(std::string_view s) {
  if (s.empty()) return {std::nullopt, "cannot be empty"};
  if (s.substr(0, kScheme.size()) != kScheme) return {std::nullopt, "scheme is missing or invalid"};
  std::string_view rest = s.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string_view td = rest.substr(0, slash);
  if (auto error = TrustDomainNameError(td)) return {std::nullopt, *error};
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (!path.empty()) {
    for (std::string_view segment : lib::SplitN(path.substr(1), "/", -1)) {
      if (segment.empty()) {
        return {std::nullopt, path.back() == '/' && segment.data() == path.end()
                                  ? "path cannot have a trailing slash"
                                  : "path cannot contain empty segments"};
      }
      if (segment == "." || segment == "..") {
        return {std::nullopt, "path cannot contain dot segments"};
      }
      for (char c : segment) {
        if (!IsPathChar(c)) {
          return {std::nullopt,
                  "path segment characters are limited to letters, numbers, dots, dashes, and "
                  "underscores"};
        }
      }
    }
  }
  return {SpiffeId{td, path}, ""};
}

Value IdError(std::string_view prefix, const ParsedId& parsed) {
  return Value::Error(std::string(prefix) + parsed.error);
}

// A trust domain name from a name ("example.org") or any SPIFFE ID in it.
std::optional<std::string_view> ParseTrustDomain(std::string_view s, std::string* error) {
  if (s.find(":/") != std::string_view::npos) {
    ParsedId parsed = ParseId(s);
    if (!parsed.id) {
      *error = parsed.error;
      return std::nullopt;
    }
    return parsed.id->trust_domain;
  }
  if (auto e = TrustDomainNameError(s)) {
    *error = *e;
    return std::nullopt;
  }
  return s;
}

Value ToSpiffeId(std::span<const Value> args, EvalContext&) {
  ParsedId parsed = ParseId(args[0].str());
  if (!parsed.id) return IdError("failed to parse SPIFFE ID: ", parsed);
  return args[0];
}

Value ToTrustDomain(std::span<const Value> args, EvalContext&) {
  std::string error;
  auto td = ParseTrustDomain(args[0].str(), &error);
  if (!td) return Value::Error("failed to parse SPIFFE trust domain: " + error);
  return Value::String(std::string(*td));
}

// REQUIRES: the receiver is a SPIFFE ID; applies `fn` to it.
template <Value (*kFn)(const SpiffeId&, std::span<const Value>)>
Value IdMethod(std::span<const Value> args, EvalContext&) {
  ParsedId parsed = ParseId(args[0].str());
  if (!parsed.id) return IdError("failed to parse SPIFFE ID: ", parsed);
  return kFn(*parsed.id, args);
}

Value IdPath(const SpiffeId& id, std::span<const Value>) {
  return Value::String(std::string(id.path));
}

Value IdTrustDomain(const SpiffeId& id, std::span<const Value>) {
  return Value::String(std::string(id.trust_domain));
}

Value IdIsMemberOf(const SpiffeId& id, std::span<const Value> args) {
  std::string error;
  auto td = ParseTrustDomain(args[1].str(), &error);
  if (!td) return Value::Error("failed to parse SPIFFE trust domain: " + error);
  return Value::Bool(id.trust_domain == *td);
}

Value TrustDomainId(std::span<const Value> args, EvalContext& ctx) {
  Value td = ToTrustDomain(args, ctx);
  if (td.IsError()) return td;
  return Value::String(std::string(kScheme) + std::string(td.str()));
}

// --- Matchers -----------------------------------------------------------------------------------

constexpr std::string_view kKindKey = "spiffeMatcher";
constexpr std::string_view kIdsKey = "ids";
constexpr std::string_view kTrustDomainKey = "trustDomain";

Value Matcher(std::string_view kind, std::string_view key = {}, Value value = {}) {
  std::vector<std::pair<Value, Value>> entries;
  entries.emplace_back(Value::String(std::string(kKindKey)), Value::String(std::string(kind)));
  if (!key.empty()) entries.emplace_back(Value::String(std::string(key)), std::move(value));
  return MakeMap(std::move(entries));
}

Value MatchAny(std::span<const Value>, EvalContext&) {
  return Matcher("any");
}

Value MatchExact(std::span<const Value> args, EvalContext& ctx) {
  Value id = ToSpiffeId(args, ctx);
  if (id.IsError()) return id;
  return Matcher("exact", kIdsKey, Value::List({id}));
}

Value MatchOneOf(std::span<const Value> args, EvalContext&) {
  auto ids = lib::ListOfStrings(args[0]);
  if (!ids) return NoSuchOverload("spiffeMatchOneOf");
  for (std::string_view id : *ids) {
    ParsedId parsed = ParseId(id);
    if (!parsed.id)
      return IdError("failed to convert \"" + std::string(id) + "\" to SPIFFE ID: ", parsed);
  }
  return Matcher("oneOf", kIdsKey, args[0]);
}

Value MatchTrustDomain(std::span<const Value> args, EvalContext& ctx) {
  Value td = ToTrustDomain(args, ctx);
  if (td.IsError()) return td;
  return Matcher("trustDomain", kTrustDomainKey, td);
}

Value MatchesId(std::span<const Value> args, EvalContext&) {
  const Value& matcher = args[0];
  auto kind = matcher.map_find_string(kKindKey);
  if (!kind || !kind->is(Kind::kString)) return NoSuchOverload("matchesID");
  ParsedId parsed = ParseId(args[1].str());
  if (!parsed.id) return IdError("invalid SPIFFE ID: ", parsed);
  if (kind->str() == "any") return Value::Bool(true);
  if (kind->str() == "trustDomain") {
    auto td = matcher.map_find_string(kTrustDomainKey);
    return Value::Bool(td && td->is(Kind::kString) && td->str() == parsed.id->trust_domain);
  }
  auto ids = matcher.map_find_string(kIdsKey);
  if (!ids || !ids->is(Kind::kList)) return NoSuchOverload("matchesID");
  return Value::Bool(lib::ListContains(*ids, args[1]));
}

}  // namespace

void AddSpiffe(FunctionRegistry& registry) {
  const ArgKind str = ArgKind::Of(Kind::kString);
  const ArgKind list = ArgKind::Of(Kind::kList);
  const ArgKind map = ArgKind::Of(Kind::kMap);
  registry.AddGlobal("spiffeID", "spiffeID_string", {str}, ToSpiffeId);
  registry.AddMember("path", "spiffeID_path", {str}, IdMethod<IdPath>);
  registry.AddMember("trustDomain", "spiffeID_trustDomain", {str}, IdMethod<IdTrustDomain>);
  registry.AddMember("isMemberOf", "spiffeID_isMemberOf", {str, str}, IdMethod<IdIsMemberOf>);

  registry.AddGlobal("spiffeTrustDomain", "spiffeTrustDomain_string", {str}, ToTrustDomain);
  registry.AddMember("id", "spiffeTrustDomain_id", {str}, TrustDomainId);
  registry.AddMember("name", "spiffeTrustDomain_name", {str}, ToTrustDomain);

  registry.AddGlobal("spiffeMatchAny", "spiffeMatchAny", {}, MatchAny);
  registry.AddGlobal("spiffeMatchExact", "spiffeMatchExact_string", {str}, MatchExact);
  registry.AddGlobal("spiffeMatchOneOf", "spiffeMatchOneOf_stringList", {list}, MatchOneOf);
  registry.AddGlobal("spiffeMatchTrustDomain", "spiffeMatchTrustDomain_string", {str},
                     MatchTrustDomain);
  registry.AddMember("matchesID", "matchesID_string", {map, str}, MatchesId);
}

}  // namespace portcullis::cel::cerbos
