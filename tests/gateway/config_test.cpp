#include "gateway/config/gateway_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <boost/json/parse.hpp>

namespace portcullis::gateway {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// sha256("secret")
constexpr std::string_view kSecretHash =
    "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";
// base64 of 32 bytes
constexpr std::string_view kSessionKey = "3306hCxTcObXDS1Q8sqMLiSY+3WFKeHM3HUw0xpk5fg=";

// A directory with a policy folder and a JWK set, where relative paths of the configs resolve.
class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("portcullis-config-test-" + std::to_string(random()));
    fs::create_directories(dir_ / "policies");
    std::ofstream(dir_ / "jwks.json") << R"({"keys": []})";
  }
  void TearDown() override { fs::remove_all(dir_); }

  LoadedGatewayConfig Parse(const std::string& text) {
    return ParseGatewayConfig(text, "gw.yaml", dir_, nullptr);
  }
  LoadedGatewayConfig ParseWithEnvironment(const std::string& text,
                                           std::map<std::string, std::string> variables) {
    Environment environment = [variables](const std::string& name) -> std::optional<std::string> {
      auto it = variables.find(name);
      if (it == variables.end()) return std::nullopt;
      return it->second;
    };
    return ParseGatewayConfig(text, "gw.yaml", dir_, &environment);
  }
  // The errors of a config that must not load, as "file:line:col: message".
  std::vector<std::string> Errors(const std::string& text) { return ErrorsOf(Parse(text)); }
  static std::vector<std::string> ErrorsOf(const LoadedGatewayConfig& loaded) {
    EXPECT_EQ(loaded.config, nullptr);
    std::vector<std::string> errors;
    for (const ConfigError& error : loaded.errors) errors.push_back(error.ToString());
    return errors;
  }
  // The config of a valid file; kept alive by the fixture, so a temporary result can be passed.
  const GatewayConfig& Valid(const LoadedGatewayConfig& loaded) {
    EXPECT_TRUE(loaded.ok()) << policy::FormatErrors(loaded.errors);
    kept_.push_back(loaded.config ? loaded.config : std::make_shared<const GatewayConfig>());
    return *kept_.back();
  }

  fs::path dir_;
  std::vector<std::shared_ptr<const GatewayConfig>> kept_;
};

// One way to authenticate: an API key.
const std::string kIdentity = "identity:\n  api_keys:\n    - {sha256: " + std::string(kSecretHash) +
                              ", id: agent, roles: [agent]}\n";

// The smallest config that loads (5 lines): a policy directory and one way to authenticate.
std::string Minimal(const std::string& more = "") {
  return "policies:\n  directory: policies\n" + kIdentity + more;
}

TEST_F(ConfigTest, FullConfig) {
  const std::string text = R"(listen:
  address: 0.0.0.0:9000
  max_body_bytes: 2048
  max_json_depth: 32
  allowed_hosts: [gw.example.com, "[::1]", LOCALHOST]
  allowed_origins: [https://app.example.com]
identity:
  jwt:
    - issuer: https://idp.example.com
      audiences: [https://gw.example.com, gw]
      jwks_file: jwks.json
      jwks_refresh: 10m
      leeway: 1m
      claims:
        id: act.sub
        roles: realm_access.roles
        default_roles: [agent]
        attr: {tenant: tenant_id}
        on_behalf_of: sub
    - issuer: https://other.example.com
      audiences: [gw]
      jwks_url: https://other.example.com/jwks.json
  api_keys:
    - sha256: 2BB80D537B1DA3E38BD30361AA855686BDE0EACD7162FEF6A25FE97BF527A25B
      id: support-agent
      roles: [support]
      attr: {team: emea, level: 2}
  resource_metadata:
    resource: https://gw.example.com/mcp
    authorization_servers: [https://idp.example.com]
    scopes: [mcp:tools]
policies:
  directory: policies
  watch: true
  engine:
    defaultPolicyVersion: v2
    lenientScopeSearch: true
    globals: {environment: prod}
llm:
  models:
    - name: gpt-4o-mini
      provider: openai
      attr: {tier: small}
    - name: claude
      provider: anthropic
      upstream_model: claude-sonnet-4-5
  providers:
    - name: openai
      kind: openai
      base_url: https://api.openai.com/v1/
      api_key_env: OPENAI_API_KEY
      headers: {OpenAI-Organization: org-123}
      timeout: 90s
    - name: anthropic
      kind: anthropic
      base_url: https://api.anthropic.com
mcp:
  endpoints:
    - path: /mcp
      servers: [tickets, payments]
    - path: /mcp/payments
      servers: [payments]
      prefix_names: always
      separator: "."
  servers:
    - name: tickets
      url: http://127.0.0.1:7001/mcp
      attr: {category: support}
    - name: payments
      url: http://127.0.0.1:7003/mcp
      attr: {category: finance, tenant: acme}
      timeout: 5s
      auth: {header: Authorization, value_env: PAYMENTS_TOKEN, value_prefix: "Bearer "}
sessions:
  keys:
    - {id: 2, secret: 3306hCxTcObXDS1Q8sqMLiSY+3WFKeHM3HUw0xpk5fg=}
    - {id: 1, secret: 3306hCxTcObXDS1Q8sqMLiSY-3WFKeHM3HUw0xpk5fg}
  max_age: 12h
audit:
  decision_log: logs/decisions.log
  access_log: stderr
)";
  LoadedGatewayConfig loaded = Parse(text);
  const GatewayConfig& config = Valid(loaded);
  ASSERT_NE(loaded.config, nullptr);
  EXPECT_FALSE(config.environment_resolved);

  EXPECT_EQ(config.listen.host, "0.0.0.0");
  EXPECT_EQ(config.listen.port, 9000);
  EXPECT_EQ(config.listen.max_body_bytes, 2048u);
  EXPECT_EQ(config.listen.max_json_depth, 32u);
  EXPECT_THAT(config.listen.allowed_hosts, ElementsAre("gw.example.com", "::1", "localhost"));
  EXPECT_THAT(config.listen.allowed_origins, ElementsAre("https://app.example.com"));

  ASSERT_EQ(config.identity.jwt.size(), 2u);
  const JwtIssuerConfig& idp = config.identity.jwt[0];
  EXPECT_EQ(idp.issuer, "https://idp.example.com");
  EXPECT_THAT(idp.audiences, ElementsAre("https://gw.example.com", "gw"));
  EXPECT_EQ(idp.jwks_file, dir_ / "jwks.json");
  EXPECT_EQ(idp.jwks_refresh, std::chrono::minutes(10));
  EXPECT_EQ(idp.leeway, std::chrono::minutes(1));
  auto principal = idp.claims.Map(boost::json::parse(R"({"sub": "alice", "act": {"sub": "bot"},
      "realm_access": {"roles": ["support"]}, "tenant_id": "acme"})")
                                      .as_object());
  ASSERT_TRUE(std::holds_alternative<identity::Principal>(principal));
  EXPECT_EQ(std::get<identity::Principal>(principal).id, "bot");
  EXPECT_EQ(std::get<identity::Principal>(principal).on_behalf_of, "alice");
  EXPECT_EQ(std::get<identity::Principal>(principal).attr.at("tenant"), "acme");
  EXPECT_EQ(config.identity.jwt[1].jwks_url, "https://other.example.com/jwks.json");
  EXPECT_EQ(config.identity.jwt[1].leeway, JwtIssuerConfig::kDefaultLeeway);

  const identity::Principal* agent = config.identity.api_keys.Find("secret");
  ASSERT_NE(agent, nullptr);
  EXPECT_EQ(agent->id, "support-agent");
  EXPECT_THAT(agent->roles, ElementsAre("support"));
  EXPECT_EQ(agent->attr, boost::json::parse(R"({"team": "emea", "level": 2.0})"));
  EXPECT_EQ(config.identity.api_keys.Find("Secret"), nullptr);
  ASSERT_TRUE(config.identity.resource_metadata);
  EXPECT_EQ(config.identity.resource_metadata->resource, "https://gw.example.com/mcp");
  EXPECT_THAT(config.identity.resource_metadata->scopes, ElementsAre("mcp:tools"));

  EXPECT_EQ(config.policies.directory, dir_ / "policies");
  EXPECT_TRUE(config.policies.watch);
  EXPECT_EQ(config.policies.engine.default_policy_version, "v2");
  EXPECT_TRUE(config.policies.engine.lenient_scope_search);
  EXPECT_EQ(config.policies.engine.globals.at("environment"), "prod");

  ASSERT_EQ(config.llm.providers.size(), 2u);
  const LlmProviderConfig* openai = config.FindProvider("openai");
  ASSERT_NE(openai, nullptr);
  EXPECT_EQ(openai->base_url, "https://api.openai.com/v1");
  EXPECT_EQ(openai->api_key_env, "OPENAI_API_KEY");
  EXPECT_EQ(openai->api_key, "");  // the environment was not read
  EXPECT_EQ(openai->timeout, std::chrono::seconds(90));
  EXPECT_EQ(config.FindProvider("anthropic")->kind, LlmProviderKind::kAnthropic);
  const ModelRouteConfig* mini = config.FindModel("gpt-4o-mini");
  ASSERT_NE(mini, nullptr);
  EXPECT_EQ(mini->upstream_model, "gpt-4o-mini");
  EXPECT_EQ(mini->provider_index, 0u);
  EXPECT_EQ(boost::json::value(mini->attr),
            boost::json::parse(R"({"tier": "small", "provider": "openai"})"));
  EXPECT_EQ(config.FindModel("claude")->upstream_model, "claude-sonnet-4-5");
  EXPECT_EQ(config.FindModel("claude")->provider_index, 1u);
  EXPECT_EQ(config.FindModel("o3"), nullptr);

  const McpServerConfig* payments = config.FindServer("payments");
  ASSERT_NE(payments, nullptr);
  EXPECT_EQ(payments->timeout, std::chrono::seconds(5));
  ASSERT_TRUE(payments->auth);
  EXPECT_EQ(payments->auth->header, "Authorization");
  EXPECT_EQ(payments->auth->value_env, "PAYMENTS_TOKEN");
  EXPECT_EQ(config.FindServer("tickets")->timeout, std::chrono::seconds(30));
  const McpEndpointConfig* mcp = config.FindEndpoint("/mcp");
  ASSERT_NE(mcp, nullptr);
  EXPECT_THAT(mcp->server_indexes, ElementsAre(0u, 1u));
  EXPECT_TRUE(mcp->prefixed());
  EXPECT_EQ(mcp->PrefixedName("payments", "create_refund"), "payments__create_refund");
  const McpEndpointConfig* single = config.FindEndpoint("/mcp/payments");
  EXPECT_TRUE(single->prefixed());
  EXPECT_EQ(single->PrefixedName("payments", "refund"), "payments.refund");

  ASSERT_EQ(config.sessions.keys.size(), 2u);
  EXPECT_EQ(config.sessions.keys[0].id, 2);
  EXPECT_EQ(config.sessions.keys[0].secret.size(), 32u);
  EXPECT_EQ(config.sessions.keys[1].secret, config.sessions.keys[0].secret);  // other alphabet
  EXPECT_EQ(config.sessions.max_age, std::chrono::hours(12));
  EXPECT_TRUE(std::holds_alternative<SessionSealer>(
      SessionSealer::Create(config.sessions.keys, config.sessions.max_age)));

  EXPECT_EQ(config.audit.decision_log.kind, LogDestination::Kind::kFile);
  EXPECT_EQ(config.audit.decision_log.file, dir_ / "logs/decisions.log");
  EXPECT_EQ(config.audit.access_log.kind, LogDestination::Kind::kStderr);
}

TEST_F(ConfigTest, Defaults) {
  const GatewayConfig& config = Valid(Parse(Minimal()));
  EXPECT_EQ(config.listen.host, "127.0.0.1");
  EXPECT_EQ(config.listen.port, 8080);
  EXPECT_EQ(config.listen.max_body_bytes, 4u << 20);
  EXPECT_EQ(config.listen.max_json_depth, 64u);
  EXPECT_THAT(config.listen.allowed_hosts, ElementsAre("localhost", "127.0.0.1", "::1"));
  EXPECT_TRUE(config.listen.allowed_origins.empty());
  EXPECT_FALSE(config.listen.any_origin);
  EXPECT_TRUE(config.identity.jwt.empty());
  EXPECT_FALSE(config.identity.resource_metadata);
  EXPECT_FALSE(config.policies.watch);
  EXPECT_EQ(config.policies.engine.default_policy_version, "default");
  EXPECT_TRUE(config.llm.models.empty());
  EXPECT_TRUE(config.mcp.endpoints.empty());
  EXPECT_TRUE(config.sessions.key_sources.empty());
  EXPECT_EQ(config.audit.decision_log.kind, LogDestination::Kind::kStdout);
  EXPECT_EQ(config.audit.access_log.kind, LogDestination::Kind::kOff);
}

TEST_F(ConfigTest, DefaultsOfEntries) {
  const GatewayConfig& config = Valid(Parse(R"(policies: {directory: policies}
identity:
  jwt: [{issuer: i, audiences: [a], jwks_file: jwks.json}]
llm:
  providers: [{name: local, kind: openai, base_url: "http://127.0.0.1:9999/v1"}]
  models: [{name: small, provider: local}]
mcp:
  servers: [{name: tickets, url: "http://127.0.0.1:7001/mcp"}]
  endpoints: [{path: /mcp, servers: [tickets]}]
sessions:
  keys: [{id: 0, secret: 3306hCxTcObXDS1Q8sqMLiSY+3WFKeHM3HUw0xpk5fg=}]
)"));
  ASSERT_EQ(config.identity.jwt.size(), 1u);
  EXPECT_EQ(config.identity.jwt[0].jwks_refresh, std::chrono::minutes(5));
  EXPECT_EQ(config.identity.jwt[0].leeway, std::chrono::seconds(30));
  auto principal =
      config.identity.jwt[0].claims.Map(boost::json::parse(R"({"sub": "bob"})").as_object());
  ASSERT_TRUE(std::holds_alternative<identity::Principal>(principal));
  EXPECT_EQ(std::get<identity::Principal>(principal).id, "bob");
  EXPECT_TRUE(config.identity.api_keys.empty());
  EXPECT_EQ(config.llm.providers[0].timeout, std::chrono::seconds(120));
  EXPECT_EQ(config.llm.providers[0].api_key_env, "");
  EXPECT_EQ(config.llm.models[0].upstream_model, "small");
  EXPECT_EQ(boost::json::value(config.llm.models[0].attr),
            boost::json::parse(R"({"provider": "local"})"));
  EXPECT_FALSE(config.mcp.servers[0].auth);
  EXPECT_TRUE(config.mcp.servers[0].attr.empty());
  const McpEndpointConfig& endpoint = config.mcp.endpoints[0];
  EXPECT_EQ(endpoint.prefix_names, NamePrefixing::kAuto);
  EXPECT_FALSE(endpoint.prefixed());  // one server
  EXPECT_EQ(endpoint.separator, "__");
  EXPECT_EQ(config.sessions.max_age, std::chrono::hours(24));
}

TEST_F(ConfigTest, YamlErrors) {
  EXPECT_THAT(Errors("policies: [\n"), ElementsAre(HasSubstr("gw.yaml:2:1: invalid YAML")));
  EXPECT_THAT(Errors("a: 1\n---\nb: 2\n"),
              ElementsAre("gw.yaml:3:1: more than one YAML document: the config is one mapping"));
  EXPECT_THAT(Errors("- policies\n"), ElementsAre("gw.yaml:1:1: expected a mapping, got a list"));
  EXPECT_THAT(Errors(""), ElementsAre("gw.yaml: missing required field \"policies\""));
}

TEST_F(ConfigTest, UnknownKeysAreErrorsWithSuggestions) {
  EXPECT_THAT(Errors(Minimal("listen:\n  adress: 127.0.0.1:80\n")),
              ElementsAre("gw.yaml:7:3: listen: unknown field \"adress\" (did you mean "
                          "\"address\"?)"));
  EXPECT_THAT(Errors(Minimal("mcp:\n  servers:\n    - {name: a, url: 'http://h/', atr: {}}\n")),
              ElementsAre("gw.yaml:8:35: mcp.servers[0]: unknown field \"atr\" (did you mean "
                          "\"attr\"?)"));
  EXPECT_THAT(Errors(Minimal("metrics: true\n")),
              ElementsAre(HasSubstr("gw.yaml:6:1: unknown field \"metrics\"; valid fields are: "
                                    "listen, identity, policies, llm, mcp, sessions, audit")));
  // Cerbos's engine block keeps its camelCase names.
  EXPECT_THAT(
      Errors("policies:\n  directory: policies\n  engine: {defaultPolicyVersio: v}\n" + kIdentity),
      ElementsAre(HasSubstr("gw.yaml:3:12: policies.engine: unknown field "
                            "\"defaultPolicyVersio\" (did you mean "
                            "\"defaultPolicyVersion\"?)")));
}

TEST_F(ConfigTest, DuplicateKeysAndWrongTypes) {
  EXPECT_THAT(Errors(Minimal("listen:\n  address: 127.0.0.1:1\n  address: 127.0.0.1:2\n")),
              ElementsAre("gw.yaml:8:3: listen: field \"address\" is set more than once (first "
                          "at line 7)"));
  EXPECT_THAT(Errors(Minimal("listen:\n  max_json_depth: deep\n")),
              ElementsAre("gw.yaml:7:19: listen.max_json_depth: expected an integer from 1 to "
                          "1000, got deep"));
  EXPECT_THAT(Errors(Minimal("listen:\n  max_body_bytes: 10\n")),
              ElementsAre(HasSubstr("gw.yaml:7:19: listen.max_body_bytes: expected an integer "
                                    "from 1024 to")));
  EXPECT_THAT(Errors("policies:\n  directory: policies\n  watch: yes\n" + kIdentity),
              ElementsAre("gw.yaml:3:10: policies.watch: expected true or false, got a string "
                          "(yes)"));
  EXPECT_THAT(Errors(Minimal("mcp:\n  servers: {name: x}\n")),
              ElementsAre("gw.yaml:7:12: mcp.servers: expected a list, got a mapping"));
}

TEST_F(ConfigTest, MissingFields) {
  EXPECT_THAT(Errors(Minimal("llm:\n  providers:\n    - name: openai\n      kind: openai\n")),
              ElementsAre("gw.yaml:8:7: llm.providers[0]: missing required field \"base_url\""));
  EXPECT_THAT(Errors("identity: {api_keys: [{sha256: " + std::string(kSecretHash) +
                     ", roles: [a]}]}\npolicies: {}\n"),
              ElementsAre("gw.yaml:1:23: identity.api_keys[0]: missing required field \"id\"",
                          "gw.yaml:2:11: policies: missing required field \"directory\""));
}

TEST_F(ConfigTest, NoWayToAuthenticate) {
  EXPECT_THAT(Errors("policies: {directory: policies}\n"),
              ElementsAre("gw.yaml:1:1: identity: no way to authenticate: configure identity.jwt "
                          "or identity.api_keys (every request is authenticated)"));
}

TEST_F(ConfigTest, ListenChecks) {
  EXPECT_THAT(Errors(Minimal("listen: {address: 8080}\n")),
              ElementsAre("gw.yaml:6:19: listen.address: expected host:port (e.g. "
                          "127.0.0.1:8080, [::1]:8080), got \"8080\""));
  EXPECT_THAT(Errors(Minimal("listen: {address: '::1:8080'}\n")),
              ElementsAre(HasSubstr("listen.address: expected host:port")));
  EXPECT_THAT(Errors(Minimal("listen: {address: '0.0.0.0:8080'}\n")),
              ElementsAre("gw.yaml:6:19: listen.address: listening on a non-loopback address "
                          "needs listen.allowed_hosts: the host names clients use (or [\"*\"] to "
                          "accept any Host header)"));
  EXPECT_THAT(Errors(Minimal("listen:\n  allowed_hosts: [a, 'b:80', '*']\n")),
              ElementsAre("gw.yaml:7:18: listen.allowed_hosts: \"*\" allows any host: list "
                          "nothing else with it",
                          "gw.yaml:7:22: listen.allowed_hosts[1]: \"b:80\" is not a host name "
                          "(no port, scheme or path)"));
  EXPECT_THAT(Errors(Minimal("listen:\n  allowed_origins: ['https://a.example/', ftp://b]\n")),
              ElementsAre(HasSubstr("gw.yaml:7:21: listen.allowed_origins[0]: "
                                    "\"https://a.example/\" is not an origin"),
                          HasSubstr("gw.yaml:7:43: listen.allowed_origins[1]: \"ftp://b\" is not "
                                    "an origin: the scheme is not http or https")));
  const GatewayConfig& any = Valid(Parse(
      Minimal("listen: {address: '[::]:0', allowed_hosts: ['*'], allowed_origins: ['*']}\n")));
  EXPECT_EQ(any.listen.host, "::");
  EXPECT_EQ(any.listen.port, 0);
  EXPECT_TRUE(any.listen.any_host);
  EXPECT_TRUE(any.listen.any_origin);
}

TEST_F(ConfigTest, IdentityChecks) {
  EXPECT_THAT(Errors("policies: {directory: policies}\nidentity:\n  api_keys:\n"
                     "    - {sha256: secret, id: a, roles: [r]}\n"),
              ElementsAre("gw.yaml:4:16: identity.api_keys[0].sha256: expected the SHA-256 of "
                          "the key as 64 hex digits (printf %s \"$KEY\" | sha256sum), never the "
                          "key itself"));
  std::string twice =
      "policies: {directory: policies}\nidentity:\n  api_keys:\n"
      "    - {sha256: " +
      std::string(kSecretHash) +
      ", id: a, roles: [r]}\n"
      "    - {sha256: " +
      std::string(kSecretHash) + ", id: b, roles: []}\n";
  EXPECT_THAT(Errors(twice),
              ElementsAre("gw.yaml:5:96: identity.api_keys[1].roles: must list at least one role"));
  twice.replace(twice.rfind("[]"), 2, "[r]");
  EXPECT_THAT(Errors(twice),
              ElementsAre(HasSubstr("gw.yaml:5:7: identity.api_keys[1]: the key with sha256 \"" +
                                    std::string(kSecretHash) + "\" is defined twice")));
  auto jwt = [](const std::string& entry) {
    return "policies: {directory: policies}\nidentity:\n  jwt:\n    - " + entry + "\n";
  };
  EXPECT_THAT(Errors(jwt("{issuer: i, audiences: [a]}")),
              ElementsAre("gw.yaml:4:7: identity.jwt[0]: set exactly one of jwks_file and "
                          "jwks_url"));
  EXPECT_THAT(Errors(jwt("{issuer: i, audiences: [a], jwks_file: jwks.json, jwks_url: "
                         "'https://x/'}")),
              ElementsAre("gw.yaml:4:46: identity.jwt[0]: set exactly one of jwks_file and "
                          "jwks_url"));
  EXPECT_THAT(Errors(jwt("{issuer: i, audiences: [a], jwks_file: missing.json}")),
              ElementsAre(HasSubstr("gw.yaml:4:46: identity.jwt[0].jwks_file: cannot read the "
                                    "JWK set ")));
  EXPECT_THAT(Errors(jwt("{issuer: i, audiences: [a], jwks_url: 'file:///k'}")),
              ElementsAre("gw.yaml:4:45: identity.jwt[0].jwks_url: \"file:///k\" is not a usable "
                          "URL: the scheme is not http or https"));
  EXPECT_THAT(Errors(jwt("{issuer: i, audiences: [a], jwks_file: jwks.json, leeway: 10m}")),
              ElementsAre("gw.yaml:4:65: identity.jwt[0].leeway: must be whole milliseconds from "
                          "0s to 300s, got 10m"));
  EXPECT_THAT(Errors(jwt("{issuer: i, audiences: [a], jwks_file: jwks.json, jwks_refresh: 10}")),
              ElementsAre("gw.yaml:4:71: identity.jwt[0].jwks_refresh: expected a duration such "
                          "as 500ms, 30s, 5m or 1h, got \"10\""));
  EXPECT_THAT(
      Errors(jwt("{issuer: i, audiences: [a], jwks_file: jwks.json, claims: {roles: "
                 "'a..b'}}")),
      ElementsAre(HasSubstr("gw.yaml:4:65: identity.jwt[0].claims: roles: claim path 'a..b'")));
  EXPECT_THAT(Errors(jwt("{issuer: i, audiences: [], jwks_file: jwks.json}")),
              ElementsAre("gw.yaml:4:30: identity.jwt[0].audiences: must list at least one "
                          "audience"));
}

TEST_F(ConfigTest, LlmChecks) {
  const std::string providers =
      "llm:\n  providers:\n"
      "    - {name: openai, kind: openai, base_url: 'https://api.openai.com/v1'}\n";
  EXPECT_THAT(Errors(Minimal(providers + "  models:\n    - {name: o3, provider: open-ai}\n")),
              ElementsAre("gw.yaml:10:28: llm.models[0].provider: unknown provider \"open-ai\"; "
                          "defined are: openai"));
  EXPECT_THAT(Errors(Minimal(providers + "    - {name: openai, kind: anthropic, base_url: "
                                         "'https://a/'}\n")),
              ElementsAre("gw.yaml:9:7: llm.providers[1]: provider \"openai\" is defined twice"));
  EXPECT_THAT(Errors(Minimal("llm:\n  providers:\n    - {name: OpenAI, kind: gemini, base_url: "
                             "'api.openai.com'}\n")),
              ElementsAre("gw.yaml:8:14: llm.providers[0].name: \"OpenAI\" is not a name: use up "
                          "to 64 characters, words of a-z and 0-9 joined by single '-' or '_' "
                          "(e.g. \"billing-v2\")",
                          "gw.yaml:8:28: llm.providers[0].kind: \"gemini\" is not a provider "
                          "kind: openai or anthropic",
                          HasSubstr("gw.yaml:8:46: llm.providers[0].base_url: \"api.openai.com\" "
                                    "is not a usable URL")));
  EXPECT_THAT(Errors(Minimal(providers + "  models:\n    - {name: a, provider: openai, attr: "
                                         "{stream: true}}\n")),
              ElementsAre("gw.yaml:10:42: llm.models[0].attr.stream: \"stream\" is reserved: the "
                          "gateway sets it"));
  EXPECT_THAT(Errors(Minimal(providers + "  models:\n    - {name: a, provider: openai}\n"
                                         "    - {name: a, provider: openai}\n")),
              ElementsAre("gw.yaml:11:7: llm.models[1]: model \"a\" is defined twice"));
  EXPECT_THAT(
      Errors(Minimal("llm:\n  providers:\n    - name: p\n      kind: openai\n      base_url: "
                     "'http://h/'\n      api_key_env: 1KEY\n      headers: {Authorization: x, "
                     "'X-A': \"a\\nb\", 'Bad Name': c}\n")),
      ElementsAre("gw.yaml:11:20: llm.providers[0].api_key_env: \"1KEY\" is not an environment "
                  "variable name ([A-Za-z_][A-Za-z0-9_]*)",
                  "gw.yaml:12:17: llm.providers[0].headers.Authorization: the gateway sets "
                  "\"Authorization\" itself",
                  "gw.yaml:12:42: llm.providers[0].headers.X-A: a header value must not contain "
                  "control characters",
                  "gw.yaml:12:50: llm.providers[0].headers.Bad Name: \"Bad Name\" is not an HTTP "
                  "header name"));
}

TEST_F(ConfigTest, McpChecks) {
  const std::string servers =
      "mcp:\n  servers:\n"
      "    - {name: tickets, url: 'http://127.0.0.1:7001/mcp'}\n"
      "    - {name: pay_ments, url: 'http://127.0.0.1:7003/mcp'}\n";
  const std::string sessions = "sessions: {keys: [{id: 1, secret_env: K}]}\n";
  EXPECT_THAT(Errors(Minimal(servers +
                             "  endpoints:\n    - {path: /mcp, servers: [tickets, "
                             "crm]}\n" +
                             sessions)),
              ElementsAre("gw.yaml:11:39: mcp.endpoints[0].servers[1]: unknown MCP server "
                          "\"crm\"; defined are: tickets, pay_ments"));
  EXPECT_THAT(Errors(Minimal(servers + "  endpoints:\n    - {path: /mcp, servers: [tickets]}\n")),
              ElementsAre("gw.yaml:6:1: mcp: MCP endpoints need sessions.keys to seal their "
                          "session ids"));
  EXPECT_THAT(Errors(Minimal(servers + "    - {name: tickets, url: 'http://h/'}\n")),
              ElementsAre("gw.yaml:10:7: mcp.servers[2]: MCP server \"tickets\" is defined twice"));
  EXPECT_THAT(Errors(Minimal("mcp:\n  servers:\n    - {name: a__b, url: 'http://h/', attr: "
                             "{args: 1, readOnlyHint: true, category: x}}\n")),
              ElementsAre(HasSubstr("gw.yaml:8:14: mcp.servers[0].name: \"a__b\" is not a name"),
                          "gw.yaml:8:45: mcp.servers[0].attr.args: \"args\" is reserved: the "
                          "gateway sets it",
                          "gw.yaml:8:54: mcp.servers[0].attr.readOnlyHint: \"readOnlyHint\" is "
                          "reserved: the gateway sets it"));
  EXPECT_THAT(Errors(Minimal(servers +
                             "  endpoints:\n"
                             "    - {path: /v1/mcp, servers: [tickets]}\n"
                             "    - {path: 'mcp', servers: [tickets]}\n"
                             "    - {path: /healthz, servers: [tickets]}\n"
                             "    - {path: '/a b', servers: [tickets]}\n" +
                             sessions)),
              ElementsAre("gw.yaml:11:14: mcp.endpoints[0].path: \"/v1/mcp\" is a path the "
                          "gateway serves itself",
                          "gw.yaml:12:14: mcp.endpoints[1].path: \"mcp\" must start with '/'",
                          "gw.yaml:13:14: mcp.endpoints[2].path: \"/healthz\" is a path the "
                          "gateway serves itself",
                          "gw.yaml:14:14: mcp.endpoints[3].path: \"/a b\" may hold only letters, "
                          "digits and - . _ ~ /"));
  // "_" would split "pay_ments_refund" at the wrong place; "-" is fine for these servers.
  EXPECT_THAT(Errors(Minimal(servers +
                             "  endpoints:\n    - {path: /mcp, servers: [tickets, "
                             "pay_ments], separator: _}\n" +
                             sessions)),
              ElementsAre("gw.yaml:11:62: mcp.endpoints[0].separator: server \"pay_ments\" and "
                          "separator \"_\" make prefixed names ambiguous: the server name must "
                          "not contain the separator nor end with its beginning"));
  EXPECT_THAT(Errors(Minimal(servers +
                             "  endpoints:\n    - {path: /mcp, servers: [tickets], "
                             "prefix_names: never, separator: '.'}\n" +
                             sessions)),
              ElementsAre("gw.yaml:11:72: mcp.endpoints[0].separator: names are never prefixed "
                          "here: remove the separator"));
  EXPECT_THAT(Errors(Minimal(servers +
                             "  endpoints:\n    - {path: /mcp, servers: [tickets], "
                             "prefix_names: sometimes, separator: '/'}\n" +
                             sessions)),
              ElementsAre("gw.yaml:11:54: mcp.endpoints[0].prefix_names: \"sometimes\" is not one "
                          "of auto, always, never",
                          HasSubstr("gw.yaml:11:76: mcp.endpoints[0].separator: a separator is 1 "
                                    "to 8 characters")));
  EXPECT_THAT(Errors(Minimal("mcp:\n  servers:\n    - name: t\n      url: 'http://h/'\n      "
                             "auth: {value_env: T}\n")),
              ElementsAre("gw.yaml:10:13: mcp.servers[0].auth: missing required field \"header\""));
}

TEST_F(ConfigTest, PrefixedNamesSplitAtTheFirstSeparator) {
  McpEndpointConfig endpoint;
  endpoint.servers = {"pay_ments", "crm"};
  using Split = std::optional<std::pair<std::string_view, std::string_view>>;
  EXPECT_EQ(endpoint.SplitPrefixedName("pay_ments__create__refund"),
            Split(std::pair("pay_ments", "create__refund")));
  EXPECT_EQ(endpoint.SplitPrefixedName("crm___x"), Split(std::pair("crm", "_x")));
  EXPECT_EQ(endpoint.SplitPrefixedName("payroll__run"), std::nullopt);
  EXPECT_EQ(endpoint.SplitPrefixedName("crm_lookup"), std::nullopt);
  endpoint.separator = ".";
  EXPECT_EQ(endpoint.SplitPrefixedName("crm.lookup.v2"), Split(std::pair("crm", "lookup.v2")));
}

TEST_F(ConfigTest, SessionChecks) {
  auto sessions = [](const std::string& keys) { return Minimal("sessions:\n  keys:\n" + keys); };
  EXPECT_THAT(Errors(sessions("    - {id: 1, secret: c2hvcnQ=}\n")),
              ElementsAre("gw.yaml:8:23: sessions.keys[0].secret: secret must be the base64 of "
                          "32 random bytes (openssl rand -base64 32)"));
  EXPECT_THAT(Errors(sessions("    - {id: 1, secret_env: K}\n    - {id: 1, secret_env: L}\n"
                              "    - {id: 256, secret_env: M}\n    - {id: 2}\n")),
              ElementsAre("gw.yaml:9:7: sessions.keys[1]: key id \"1\" is defined twice",
                          "gw.yaml:10:12: sessions.keys[2].id: expected an integer from 0 to 255, "
                          "got 256",
                          "gw.yaml:11:7: sessions.keys[3]: a key needs secret_env (or an inline "
                          "secret)"));
  EXPECT_THAT(Errors(Minimal("sessions: {keys: [], max_age: 10s}\n")),
              ElementsAre("gw.yaml:6:18: sessions.keys: must list at least one key",
                          "gw.yaml:6:31: sessions.max_age: must be whole milliseconds from 60s to "
                          "2592000s, got 10s"));
  // Without an environment, a key from one is not known yet.
  const GatewayConfig& unresolved = Valid(Parse(sessions("    - {id: 1, secret_env: K}\n")));
  EXPECT_EQ(unresolved.sessions.key_sources.size(), 1u);
  EXPECT_TRUE(unresolved.sessions.keys.empty());
}

TEST_F(ConfigTest, EnvironmentVariables) {
  const std::string text = Minimal(
      "llm:\n  providers:\n    - {name: p, kind: openai, base_url: 'http://h/', api_key_env: "
      "P_KEY}\n"
      "mcp:\n  servers:\n    - {name: s, url: 'http://h/', auth: {header: X-Token, "
      "value_env: S_TOKEN, value_prefix: 'Token '}}\n"
      "sessions:\n  keys:\n    - {id: 7, secret_env: SESSION_KEY, secret: " +
      std::string(kSessionKey) + "}\n");
  // Not read: only named.
  EXPECT_TRUE(Parse(text).ok());
  // Read: each missing one is an error at its name.
  EXPECT_THAT(ErrorsOf(ParseWithEnvironment(text, {})),
              ElementsAre("gw.yaml:8:67: llm.providers[0].api_key_env: environment variable "
                          "P_KEY is not set",
                          "gw.yaml:11:70: mcp.servers[0].auth.value_env: environment variable "
                          "S_TOKEN is not set"));
  LoadedGatewayConfig loaded = ParseWithEnvironment(
      text, {{"P_KEY", "sk-1"}, {"S_TOKEN", "t0k"}, {"SESSION_KEY", std::string(43, 'A')}});
  const GatewayConfig& config = Valid(loaded);
  EXPECT_TRUE(config.environment_resolved);
  EXPECT_EQ(config.llm.providers[0].api_key, "sk-1");
  EXPECT_EQ(config.mcp.servers[0].auth->value, "Token t0k");
  ASSERT_EQ(config.sessions.keys.size(), 1u);
  EXPECT_EQ(config.sessions.keys[0].id, 7);
  EXPECT_EQ(config.sessions.keys[0].secret, std::string(32, '\0'));  // from the variable
  // The inline secret is the fallback when the variable is unset.
  const GatewayConfig& fallback =
      Valid(ParseWithEnvironment(text, {{"P_KEY", "k"}, {"S_TOKEN", "t"}}));
  EXPECT_EQ(fallback.sessions.keys[0].secret.size(), 32u);
  EXPECT_NE(fallback.sessions.keys[0].secret, std::string(32, '\0'));
  EXPECT_THAT(ErrorsOf(ParseWithEnvironment(
                  text, {{"P_KEY", "k"}, {"S_TOKEN", "t"}, {"SESSION_KEY", "short"}})),
              ElementsAre("gw.yaml:14:27: sessions.keys[0].secret_env: the value of SESSION_KEY "
                          "must be the base64 of 32 random bytes (openssl rand -base64 32)"));
}

TEST_F(ConfigTest, PoliciesAndAudit) {
  EXPECT_THAT(Errors("policies: {directory: nowhere}\n" + kIdentity),
              ElementsAre(HasSubstr("gw.yaml:1:23: policies.directory: no policy directory at ")));
  EXPECT_THAT(Errors(Minimal("audit: {decision_log: same.log, access_log: ./same.log}\n")),
              ElementsAre("gw.yaml:6:45: audit.access_log: the access log and the decision log "
                          "need different files"));
  const GatewayConfig& off =
      Valid(Parse(Minimal("audit: {decision_log: off, access_log: stdout}\n")));
  EXPECT_EQ(off.audit.decision_log.kind, LogDestination::Kind::kOff);
  EXPECT_EQ(off.audit.access_log.kind, LogDestination::Kind::kStdout);
}

TEST_F(ConfigTest, EveryErrorIsReportedInLineOrder) {
  EXPECT_THAT(Errors("mcp:\n  servers:\n    - {name: A, url: x}\nlisten: {address: x, bogus: 1}\n"
                     "policies: {}\n"),
              ElementsAre(HasSubstr("gw.yaml:3:14: mcp.servers[0].name: \"A\" is not a name"),
                          HasSubstr("gw.yaml:3:22: mcp.servers[0].url: \"x\" is not a usable URL"),
                          HasSubstr("gw.yaml:4:19: listen.address"),
                          HasSubstr("gw.yaml:4:22: listen: unknown field \"bogus\""),
                          HasSubstr("gw.yaml:5:11: policies: missing required field")));
}

TEST_F(ConfigTest, LoadsFilesRelativeToTheirDirectory) {
  std::ofstream(dir_ / "gw.yaml") << Minimal();
  LoadedGatewayConfig loaded = LoadGatewayConfig(dir_ / "gw.yaml", nullptr);
  EXPECT_EQ(Valid(loaded).policies.directory, dir_ / "policies");
  LoadedGatewayConfig missing = LoadGatewayConfig(dir_ / "nope.yaml", nullptr);
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].ToString(),
            (dir_ / "nope.yaml").string() + ": cannot read the config file");
  EXPECT_FALSE(LoadGatewayConfig(dir_, nullptr).ok());  // a directory
}

}  // namespace
}  // namespace portcullis::gateway
