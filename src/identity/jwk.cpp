#include "identity/jwk.h"

#include <array>
#include <string_view>

#include <boost/json/object.hpp>

#include "identity/base64url.h"

namespace portcullis::identity {
namespace {

// Members that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037).
constexpr std::array<std::string_view, 8> kPrivateMembers{"d",  "p",  "q",   "dp",
                                                          "dq", "qi", "oth", "k"};

// A member value as shown in a message: quoted, and cut short (key sets may come from afar).
std::string Shown(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  if (text.size() > kMaxShown) return "'" + std::string(text.substr(0, kMaxShown)) + "…'";
  return "'" + std::string(text) + "'";
}

// The string member `name`: null when absent; `error` set when present but not a string.
const boost::json::string* StringMember(const boost::json::object& jwk, std::string_view name,
                                        std::string& error) {
  const boost::json::value* member = jwk.if_contains(name);
  if (member == nullptr) return nullptr;
  if (!member->is_string()) error = "'" + std::string(name) + "' is not a string";
  return member->if_string();
}

// The bytes of the required base64url member `name`, or nullopt with `error` set.
std::optional<std::string> BytesMember(const boost::json::object& jwk, std::string_view name,
                                       std::string& error) {
  const boost::json::string* text = StringMember(jwk, name, error);
  if (!error.empty()) return std::nullopt;
  if (text == nullptr) {
    error = "'" + std::string(name) + "' is missing";
    return std::nullopt;
  }
  std::optional<std::string> bytes = DecodeBase64Url(*text);
  if (!bytes) error = "'" + std::string(name) + "' is not unpadded base64url";
  return bytes;
}

// Checks that `crv` is `expected`; an error message otherwise.
std::string CheckCurve(const boost::json::object& jwk, std::string_view expected) {
  std::string error;
  const boost::json::string* crv = StringMember(jwk, "crv", error);
  if (!error.empty()) return error;
  if (crv == nullptr) return "'crv' is missing";
  if (*crv != expected) return "unsupported curve " + Shown(*crv) + " (" + Shown(expected) + " is)";
  return {};
}

std::variant<VerificationKey, std::string> KeyOfType(std::string_view kty,
                                                     const boost::json::object& jwk) {
  std::string error;
  if (kty == "RSA") {
    std::optional<std::string> n = BytesMember(jwk, "n", error);
    std::optional<std::string> e = n ? BytesMember(jwk, "e", error) : std::nullopt;
    if (!e) return error;
    return VerificationKey::Rsa(*n, *e);
  }
  if (kty == "EC") {
    error = CheckCurve(jwk, "P-256");
    std::optional<std::string> x = error.empty() ? BytesMember(jwk, "x", error) : std::nullopt;
    std::optional<std::string> y = x ? BytesMember(jwk, "y", error) : std::nullopt;
    if (!y) return error;
    return VerificationKey::P256(*x, *y);
  }
  if (kty == "OKP") {
    error = CheckCurve(jwk, "Ed25519");
    std::optional<std::string> x = error.empty() ? BytesMember(jwk, "x", error) : std::nullopt;
    if (!x) return error;
    return VerificationKey::Ed25519(*x);
  }
  return "unsupported key type " + Shown(kty) + " (RSA, EC and OKP are)";
}

// Checks `use` and `key_ops` allow verifying signatures (RFC 7517 §4.2, §4.3).
std::string CheckUsage(const boost::json::object& jwk) {
  std::string error;
  const boost::json::string* use = StringMember(jwk, "use", error);
  if (!error.empty()) return error;
  if (use != nullptr && *use != "sig") return "'use' is " + Shown(*use) + ", not 'sig'";
  const boost::json::value* key_ops = jwk.if_contains("key_ops");
  if (key_ops == nullptr) return {};
  const boost::json::array* ops = key_ops->if_array();
  if (ops == nullptr) return "'key_ops' is not an array";
  for (const boost::json::value& op : *ops) {
    if (op == "verify") return {};
  }
  return "'key_ops' does not include 'verify'";
}

// Checks the JWK's `alg`, when it has one, is the algorithm of its key type.
std::string CheckAlgorithm(const boost::json::object& jwk, JwsAlgorithm pinned) {
  std::string error;
  const boost::json::string* alg = StringMember(jwk, "alg", error);
  if (!error.empty() || alg == nullptr) return error;
  if (ParseJwsAlgorithm(*alg) != pinned) {
    return "'alg' is " + Shown(*alg) + " but the key can only be used with " +
           Shown(JwsAlgorithmName(pinned));
  }
  return {};
}

}  // namespace

std::variant<Jwk, std::string> ParseJwk(const boost::json::value& value) {
  const boost::json::object* jwk = value.if_object();
  if (jwk == nullptr) return "a key is not a JSON object";
  std::string error;
  const boost::json::string* kty = StringMember(*jwk, "kty", error);
  if (!error.empty()) return error;
  if (kty == nullptr) return "'kty' is missing";
  for (std::string_view member : kPrivateMembers) {
    if (jwk->contains(member)) {
      return "the key has private key material ('" + std::string(member) +
             "'); publish public keys only";
    }
  }
  const boost::json::string* kid = StringMember(*jwk, "kid", error);
  if (error.empty()) error = CheckUsage(*jwk);
  if (!error.empty()) return error;
  std::variant<VerificationKey, std::string> key = KeyOfType(*kty, *jwk);
  if (auto* message = std::get_if<std::string>(&key)) return std::move(*message);
  auto& verification_key = std::get<VerificationKey>(key);
  error = CheckAlgorithm(*jwk, verification_key.algorithm());
  if (!error.empty()) return error;
  Jwk result{std::nullopt, std::move(verification_key)};
  if (kid != nullptr) result.kid = std::string(*kid);
  return result;
}

}  // namespace portcullis::identity
