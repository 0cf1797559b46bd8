// `portcullis token verify`: verifies bearer JWTs against a JWK set file as the gateway's
// authenticate step does, and prints the principal their claims map to, or why they are refused.
//
//   portcullis token verify --jwks keys.json --issuer I --audience A [--audience B] --token T
//   {"principal":{"id":"alice","roles":["user"],"attr":{}}}
//   {"error":"token_expired","description":"the token has expired","wwwAuthenticate":"Bearer ..."}
//
// With --jsonl it reads JSON lines from stdin and answers each at once: {"token": T} is verified;
// {"jwks": {...}} replaces the key set in place, as a refresh from the issuer would (answered
// with {"keys": N}, or an error that keeps the current set).
//
// Exit codes: 0 verified (with --jsonl: input consumed), 1 refused, 2 unusable options or JWK set.
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "cli/command.h"
#include "identity/authenticator.h"
#include "identity/jwk_set_slot.h"

namespace portcullis::cli {
namespace {

struct TokenVerifyOptions {
  std::string jwks;
  std::string token;
  bool jsonl = false;
  identity::JwtVerifierOptions verifier;
  int64_t leeway_seconds = 30;
  identity::ClaimMappingSpec mapping;
  std::vector<std::string> attr;  // NAME=PATH
};

constexpr int kRefused = 1;
constexpr int kUnusableInput = 2;

std::string ErrorLine(std::string_view name, std::string_view description) {
  return boost::json::serialize(boost::json::object{{"error", name}, {"description", description}});
}

// The answer line for one token and whether it was accepted.
std::pair<std::string, bool> VerifyToken(const identity::JwtIdentitySource& source,
                                         std::string_view token) {
  auto result = source.Authenticate(token, std::chrono::system_clock::now());
  if (auto* error = std::get_if<identity::AuthError>(&result)) {
    return {boost::json::serialize(
                boost::json::object{{"error", identity::AuthErrorName(*error)},
                                    {"description", identity::AuthErrorDescription(*error)},
                                    {"wwwAuthenticate", identity::WwwAuthenticate(*error)}}),
            false};
  }
  const auto& principal = std::get<identity::Authenticated>(result).principal;
  return {boost::json::serialize(
              boost::json::object{{"principal", identity::PrincipalToJson(principal)}}),
          true};
}

// The answer to one --jsonl line.
std::string AnswerLine(std::string_view line, const identity::JwtIdentitySource& source,
                       identity::JwkSetSlot& keys) {
  boost::system::error_code ec;
  boost::json::value request = boost::json::parse(line, ec);
  const boost::json::object* fields = ec ? nullptr : request.if_object();
  if (fields != nullptr && fields->size() == 1) {
    if (const boost::json::value* token = fields->if_contains("token");
        token && token->is_string()) {
      return VerifyToken(source, token->get_string()).first;
    }
    if (const boost::json::value* jwks = fields->if_contains("jwks")) {
      if (auto error = keys.ReplaceWithDocument(boost::json::serialize(*jwks))) {
        return ErrorLine("jwks_rejected", *error);
      }
      return boost::json::serialize(boost::json::object{{"keys", keys.Current()->keys().size()}});
    }
  }
  return ErrorLine("bad_line", "expected {\"token\": string} or {\"jwks\": object}");
}

std::string Trimmed(std::string text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  text.erase(end == std::string::npos ? 0 : end + 1);
  text.erase(0, std::min(text.find_first_not_of(" \t\r\n"), text.size()));
  return text;
}

int RunTokenVerify(TokenVerifyOptions& options) {
  std::variant<identity::JwkSet, std::string> loaded = identity::JwkSet::Load(options.jwks);
  if (auto* error = std::get_if<std::string>(&loaded)) {
    std::cerr << *error << "\n";
    return kUnusableInput;
  }
  for (const std::string& skipped : std::get<identity::JwkSet>(loaded).skipped()) {
    std::cerr << options.jwks << ": skipped " << skipped << "\n";
  }
  auto keys = std::make_shared<identity::JwkSetSlot>(
      std::make_shared<const identity::JwkSet>(std::move(std::get<identity::JwkSet>(loaded))));

  for (const std::string& entry : options.attr) {
    size_t equals = entry.find('=');
    if (equals == std::string::npos) {
      std::cerr << "--attr " << entry << ": expected NAME=CLAIM_PATH\n";
      return kUnusableInput;
    }
    options.mapping.attr.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
  }
  options.verifier.leeway = std::chrono::seconds(options.leeway_seconds);
  auto verifier = identity::JwtVerifier::Create(options.verifier, keys);
  auto mapping = identity::ClaimMapping::Create(options.mapping);
  for (const std::string* error :
       {std::get_if<std::string>(&verifier), std::get_if<std::string>(&mapping)}) {
    if (error != nullptr) {
      std::cerr << *error << "\n";
      return kUnusableInput;
    }
  }
  identity::JwtIdentitySource source{std::move(std::get<identity::JwtVerifier>(verifier)),
                                     std::move(std::get<identity::ClaimMapping>(mapping))};

  if (options.jsonl) {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::cout << AnswerLine(line, source, *keys) << std::endl;
    }
    return 0;
  }
  std::string token = options.token.empty()
                          ? Trimmed(std::string(std::istreambuf_iterator<char>(std::cin), {}))
                          : options.token;
  auto [answer, accepted] = VerifyToken(source, token);
  std::cout << answer << std::endl;
  return accepted ? 0 : kRefused;
}

}  // namespace

void AddTokenCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* token = app.add_subcommand("token", "Bearer token tools");
  token->require_subcommand(1);
  CLI::App* verify = token->add_subcommand(
      "verify", "Verify a JWT against a JWK set; prints {\"principal\": ...} or {\"error\": ...}");
  auto options = std::make_shared<TokenVerifyOptions>();
  verify->add_option("--jwks", options->jwks, "The JWK set file (JSON)")->required();
  verify->add_option("--issuer", options->verifier.issuer, "The expected `iss`")->required();
  verify
      ->add_option("--audience", options->verifier.audiences,
                   "An audience `aud` must contain (repeat it to accept any of several)")
      ->required()
      ->allow_extra_args(false);
  CLI::Option* token_option =
      verify->add_option("--token", options->token, "The token (default: read from stdin)");
  verify
      ->add_flag("--jsonl", options->jsonl,
                 "Read {\"token\": T} or {\"jwks\": {...}} JSON lines from stdin")
      ->excludes(token_option);
  verify->add_option("--leeway", options->leeway_seconds, "Clock skew allowed for exp/nbf, s")
      ->capture_default_str();
  verify->add_option("--max-token-bytes", options->verifier.max_token_bytes, "Token size limit")
      ->capture_default_str();
  verify->add_option("--id-claim", options->mapping.id, "Claim path of the principal id")
      ->capture_default_str();
  verify->add_option("--roles-claim", options->mapping.roles, "Claim path of the roles");
  verify->add_option("--default-role", options->mapping.default_roles,
                     "Role(s) when the token has none");
  verify->add_option("--attr", options->attr, "NAME=CLAIM_PATH: copy a claim into P.attr");
  verify->add_option("--on-behalf-of-claim", options->mapping.on_behalf_of,
                     "Claim path of the user the principal acts for (e.g. act.sub)");
  verify->callback([options, &run] { run = [options] { return RunTokenVerify(*options); }; });
}

}  // namespace portcullis::cli
