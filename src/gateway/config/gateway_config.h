// The gateway's configuration: one YAML file, parsed and validated into an immutable
// GatewayConfig snapshot. Every problem is reported at once as `file:line:col: path: message`;
// unknown keys are errors (with a "did you mean" when one is close). All keys are snake_case,
// except inside `policies.engine`, which takes Cerbos's engine block unchanged (camelCase).
// Relative paths are relative to the directory of the config file. Durations are Go-style
// ("500ms", "30s", "5m", "1h30m").
//
//   listen:
//     address: 127.0.0.1:8080          # host:port ([::1]:8080 for IPv6; port 0 = any free port)
//     max_body_bytes: 4194304          # request bodies (default 4 MiB)
//     max_json_depth: 64               # nesting of JSON bodies (default 64, at most 1000)
//     allowed_hosts: [gw.example.com]  # DNS-rebinding protection: the Host header's host must be
//                                      #   one of these (case-insensitive, port ignored). Default
//                                      #   for a loopback address: localhost, 127.0.0.1, ::1; a
//                                      #   non-loopback address must list them (["*"]: any host)
//     allowed_origins: [https://app.example.com]   # a request with an Origin header is refused
//                                      #   unless it is listed exactly (default none; ["*"]: any)
//   identity:
//     jwt:                             # bearer JWTs, one entry per issuer
//       - issuer: https://idp.example.com
//         audiences: [https://gw.example.com]       # `aud` must contain one of them
//         jwks_file: keys/jwks.json    # exactly one of jwks_file / jwks_url
//         jwks_url: https://idp.example.com/.well-known/jwks.json
//         jwks_refresh: 5m             # how often the JWK set is fetched / re-read (default 5m)
//         leeway: 30s                  # clock skew for exp/nbf (default 30s, at most 5m)
//         claims:                      # identity::ClaimMappingSpec
//           id: sub                    # (default sub)
//           roles: realm_access.roles
//           default_roles: [agent]
//           attr: {tenant: tenant_id}  # P.attr name -> claim path
//           on_behalf_of: act.sub
//           on_behalf_of_attr: on_behalf_of        # (default on_behalf_of)
//     api_keys:                        # static keys for local use: only their SHA-256 is stored
//       - sha256: 09c96710efa1b079ae02e5fd330c6922e93c95fea5820305280d10715804c3f7
//         id: support-agent            # the principal
//         roles: [support]
//         attr: {team: emea}
//     resource_metadata:               # RFC 9728, served at /.well-known/oauth-protected-resource
//       resource: https://gw.example.com/mcp       # optional; else derived from the request
//       authorization_servers: [https://idp.example.com]
//       scopes: [mcp:tools]
//   policies:
//     directory: policies              # Cerbos policies (required)
//     watch: true                      # reload when the directory changes (default false)
//     engine: {defaultPolicyVersion: default, defaultScope: "", lenientScopeSearch: false,
//              strictEvaluation: false, globals: {environment: prod}}
//   llm:
//     providers:
//       - name: openai                 # [a-z0-9] words joined by single '-' or '_'
//         kind: openai                 # openai | anthropic (the upstream API's shape)
//         base_url: https://api.openai.com/v1   # as the provider's SDKs take it: OpenAI's with
//                                      #   /v1, Anthropic's without (https://api.anthropic.com)
//         api_key_env: OPENAI_API_KEY  # the key's environment variable; never the key itself
//         headers: {OpenAI-Organization: org-123}  # static extra headers (not for secrets)
//         timeout: 120s                # (default 120s)
//     models:
//       - name: gpt-4o-mini            # as clients send it in `model`
//         provider: openai
//         upstream_model: gpt-4o-mini  # the name sent upstream (default: name)
//         attr: {tier: small}          # R.attr of kind `model`, plus `provider` = provider name
//   mcp:
//     servers:
//       - name: payments               # [a-z0-9] words joined by single '-' or '_'
//         url: http://127.0.0.1:7003/mcp           # Streamable HTTP endpoint
//         attr: {category: finance}    # R.attr of kind mcp_server, and of its mcp_tool etc.
//         timeout: 30s                 # (default 30s)
//         auth:                        # what the gateway presents upstream (default nothing)
//           header: Authorization
//           value_env: PAYMENTS_TOKEN  # the header's value comes from this environment variable
//           value_prefix: "Bearer "    # prepended to it (default "")
//     endpoints:
//       - path: /mcp                   # one MCP endpoint over several servers
//         servers: [tickets, payments]
//         prefix_names: auto           # auto (prefix when >1 server) | always | never
//         separator: "__"              # between server and tool/prompt name (default "__")
//   sessions:
//     keys:                            # AES-256-GCM keys sealing Mcp-Session-Id: the first
//       - id: 1                        #   seals, all open; ids are stable across rotations
//         secret_env: PORTCULLIS_SESSION_KEY       # base64 of 32 bytes, from the environment
//         secret: q1...=               # or inline (with secret_env: used when it is unset)
//     max_age: 24h                     # (default 24h)
//   audit:
//     decision_log: stdout             # stdout | stderr | off | a file path (default stdout)
//     access_log: off                  # same values (default off)
//
// Names and why: server and provider names are words of [a-z0-9] joined by single '-' or '_'
// (no leading, trailing or doubled separator). MCP tool names are 1-128 characters of
// [A-Za-z0-9_.-] (MCP 2025-11-25); the default prefix separator "__" is legal there and, unlike
// ".", also in the function names of the OpenAI and Anthropic APIs (which agents turn MCP tools
// into). Because no server name contains "__" nor ends in '_', the first "__" of a prefixed name
// always ends its server name: "pay_ments__create__refund" is server "pay_ments", tool
// "create__refund". A custom separator is accepted only when that holds for every server of the
// endpoint (SplitPrefixedName).
//
// Reserved attribute names: a model's attr may not set `provider`, `max_tokens`, `tools` or
// `stream` (the gateway adds them); a server's attr may not set `args` nor the MCP tool
// annotation names (`title`, `readOnlyHint`, `destructiveHint`, `idempotentHint`,
// `openWorldHint`), which the gateway adds for tools.
//
// Environment variables (api_key_env, value_env, secret_env) are read only when an environment
// is passed to the loader (`portcullis serve`, `portcullis config check --check-env`): then a
// missing variable is an error, and the snapshot holds the values. Without one the names are
// only checked for syntax and the secrets are left empty.
//
// Thread-safety: a GatewayConfig is immutable once loaded and shared as
// std::shared_ptr<const GatewayConfig>; any number of threads may read it. A reload builds a new
// snapshot and swaps the pointer; requests in flight keep the one they started with. The load
// functions are reentrant.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "gateway/session_seal.h"
#include "identity/api_key_table.h"
#include "identity/claim_mapping.h"
#include "policy/engine_options.h"
#include "policy/policy_errors.h"

namespace portcullis::gateway {

// A problem in the config file: location (file:line:column) and message naming the key path.
using ConfigError = policy::PolicyError;

struct ListenConfig {
  std::string host = "127.0.0.1";  // a name or an IP address (IPv6 without brackets)
  uint16_t port = 8080;            // 0: any free port
  size_t max_body_bytes = 4 << 20;
  size_t max_json_depth = 64;
  // Lowercase host names (IPv6 without brackets); empty only when any host is allowed.
  std::vector<std::string> allowed_hosts;
  bool any_host = false;  // allowed_hosts: ["*"]
  // Lowercase origins ("https://app.example.com:8443"); a request whose Origin is not listed is
  // refused, unless any_origin.
  std::vector<std::string> allowed_origins;
  bool any_origin = false;  // allowed_origins: ["*"]
};

struct JwtIssuerConfig {
  static constexpr std::chrono::seconds kDefaultJwksRefresh{300};
  static constexpr std::chrono::seconds kDefaultLeeway{30};

  std::string issuer;
  std::vector<std::string> audiences;  // at least one
  std::filesystem::path jwks_file;     // exactly one of jwks_file (absolute) / jwks_url is set
  std::string jwks_url;
  std::chrono::seconds jwks_refresh = kDefaultJwksRefresh;
  std::chrono::seconds leeway = kDefaultLeeway;
  identity::ClaimMapping claims;  // absent `claims`: id from `sub`, no roles
};

struct ResourceMetadataConfig {
  std::string resource;  // empty: derived from the request's scheme, Host and path
  std::vector<std::string> authorization_servers;  // at least one
  std::vector<std::string> scopes;
};

struct IdentityConfig {
  std::vector<JwtIssuerConfig> jwt;
  identity::ApiKeyTable api_keys;
  std::vector<std::string> api_key_principals;  // the principal id of each key, in file order
  std::optional<ResourceMetadataConfig> resource_metadata;
};

struct PoliciesConfig {
  std::filesystem::path directory;  // absolute
  bool watch = false;
  policy::EngineOptions engine;
};

enum class LlmProviderKind { kOpenAi, kAnthropic };

// "openai" or "anthropic".
std::string_view LlmProviderKindName(LlmProviderKind kind);

struct LlmProviderConfig {
  std::string name;
  LlmProviderKind kind = LlmProviderKind::kOpenAi;
  std::string base_url;     // http(s), no query or fragment, no trailing '/'
  std::string api_key_env;  // empty: no key is sent
  std::string api_key;      // its value, when loaded with an environment
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{120'000};
};

struct ModelRouteConfig {
  std::string name;            // as clients send it
  std::string provider;        // the name of an llm provider
  size_t provider_index = 0;   // into LlmConfig::providers
  std::string upstream_model;  // sent upstream as `model`
  boost::json::object attr;    // the configured attributes + "provider"
};

struct LlmConfig {
  std::vector<LlmProviderConfig> providers;
  std::vector<ModelRouteConfig> models;
};

// A header the gateway presents to an upstream MCP server: `header: value_prefix + $value_env`.
struct UpstreamHeaderAuth {
  std::string header;
  std::string value_env;
  std::string value_prefix;
  std::string value;  // value_prefix + the variable's value, when loaded with an environment
};

struct McpServerConfig {
  std::string name;
  std::string url;  // http(s)
  boost::json::object attr;
  std::chrono::milliseconds timeout{30'000};
  std::optional<UpstreamHeaderAuth> auth;  // none: nothing is added
};

enum class NamePrefixing { kAuto, kAlways, kNever };

struct McpEndpointConfig {
  std::string path;                    // "/mcp"
  std::vector<std::string> servers;    // names of mcp servers, at least one
  std::vector<size_t> server_indexes;  // into McpConfig::servers, same order
  NamePrefixing prefix_names = NamePrefixing::kAuto;
  std::string separator = "__";

  // Whether tool, prompt and resource-template names are prefixed with their server's name.
  bool prefixed() const {
    return prefix_names == NamePrefixing::kAlways ||
           (prefix_names == NamePrefixing::kAuto && servers.size() > 1);
  }
  // server + separator + name. (The caller checks the 128-character limit of tool names.)
  std::string PrefixedName(std::string_view server, std::string_view name) const;
  // The server and the name a prefixed name stands for: split at the first separator; nullopt
  // when there is none or the server is not one of this endpoint's. The views point into
  // `prefixed`.
  std::optional<std::pair<std::string_view, std::string_view>> SplitPrefixedName(
      std::string_view prefixed) const;
};

struct McpConfig {
  std::vector<McpServerConfig> servers;
  std::vector<McpEndpointConfig> endpoints;
};

struct SessionKeyConfig {
  uint8_t id = 0;
  std::string secret_env;  // empty: the inline secret
  bool has_inline_secret = false;
};

struct SessionsConfig {
  std::vector<SessionKeyConfig> key_sources;
  // The decoded keys, in the same order (the first seals). Empty unless every secret is known:
  // all are inline, or the environment was read.
  std::vector<SessionKey> keys;
  std::chrono::seconds max_age{24 * 3600};
};

// Where a log goes.
struct LogDestination {
  enum class Kind { kOff, kStdout, kStderr, kFile };
  Kind kind = Kind::kOff;
  std::filesystem::path file;  // absolute, for kFile
};

struct AuditConfig {
  LogDestination decision_log{LogDestination::Kind::kStdout, {}};
  LogDestination access_log;
};

struct GatewayConfig {
  std::filesystem::path source;  // the config file
  ListenConfig listen;
  IdentityConfig identity;
  PoliciesConfig policies;
  LlmConfig llm;
  McpConfig mcp;
  SessionsConfig sessions;
  AuditConfig audit;
  // Whether environment variables were read (secrets set) or only named.
  bool environment_resolved = false;

  // Null when there is no such entry. Valid while the config lives.
  const LlmProviderConfig* FindProvider(std::string_view name) const;
  const ModelRouteConfig* FindModel(std::string_view name) const;
  const McpServerConfig* FindServer(std::string_view name) const;
  const McpEndpointConfig* FindEndpoint(std::string_view path) const;
};

// The value of an environment variable, nullopt when it is not set.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// The process's environment (getenv).
Environment ProcessEnvironment();

struct LoadedGatewayConfig {
  std::shared_ptr<const GatewayConfig> config;  // null when there are errors
  std::vector<ConfigError> errors;              // in line order

  bool ok() const { return errors.empty(); }
};

// Parses `text`, the content of a config file named `file_name` (for locations) whose relative
// paths are relative to `base_dir`. `environment` null: variables are not read (see above).
// File-system facts are checked too: the policy directory and JWKS files must exist.
LoadedGatewayConfig ParseGatewayConfig(std::string_view text, std::string file_name,
                                       const std::filesystem::path& base_dir,
                                       const Environment* environment);

// Reads and parses the file at `path`.
LoadedGatewayConfig LoadGatewayConfig(const std::filesystem::path& path,
                                      const Environment* environment);

}  // namespace portcullis::gateway
