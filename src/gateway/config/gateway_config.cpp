// Loading the config file: the document, its sections (sections.h) and the checks that need
// several sections together.
#include "gateway/config/gateway_config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>

#include "gateway/config/sections.h"

namespace portcullis::gateway {
namespace {

// Linear lookups: a config holds tens of entries, not thousands.
template <typename T, typename Key>
const T* FindBy(const std::vector<T>& entries, std::string_view key, Key key_of) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const T& entry) { return key_of(entry) == key; });
  return it == entries.end() ? nullptr : &*it;
}

// The one mapping document of `text`, or null (reported) when it has none or is not YAML.
std::optional<YAML::Node> ReadDocument(std::string_view text, policy::YamlReader& yaml) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp 0.7 reports nesting beyond its limit as "bad file" (see policy_parser.cpp).
    std::string reason = e.msg == YAML::ErrorMsg::BAD_FILE ? "nested too deeply" : e.msg;
    yaml.Report(policy::PolicyErrorKind::kSyntax, yaml.Locate(e.mark), FieldPath(),
                "invalid YAML: " + reason);
    return std::nullopt;
  }
  std::optional<YAML::Node> root;
  for (const YAML::Node& document : documents) {
    if (document.IsNull()) continue;
    if (root) {
      yaml.Report(policy::PolicyErrorKind::kSyntax, yaml.Locate(document.Mark()), FieldPath(),
                  "more than one YAML document: the config is one mapping");
      return std::nullopt;
    }
    root = document;
  }
  return root ? root : YAML::Node(YAML::NodeType::Map);
}

// Checks across sections, once each section is valid.
void CheckAcrossSections(ConfigReader& reader, const GatewayConfig& config,
                         const FieldSlots& sections, const YamlSlot& root) {
  if (config.identity.jwt.empty() && config.identity.api_keys.empty()) {
    const YamlSlot* identity = FindField(sections, "identity");
    reader.Report(identity != nullptr ? *identity : root, FieldPath().Field("identity"),
                  "no way to authenticate: configure identity.jwt or identity.api_keys (every "
                  "request is authenticated)",
                  policy::PolicyErrorKind::kMissingField);
  }
  if (!config.mcp.endpoints.empty() && config.sessions.key_sources.empty()) {
    reader.ReportAtKey(*FindField(sections, "mcp"), FieldPath().Field("mcp"),
                       "MCP endpoints need sessions.keys to seal their session ids",
                       policy::PolicyErrorKind::kMissingField);
  }
}

}  // namespace

std::string_view LlmProviderKindName(LlmProviderKind kind) {
  return kind == LlmProviderKind::kAnthropic ? "anthropic" : "openai";
}

std::string McpEndpointConfig::PrefixedName(std::string_view server, std::string_view name) const {
  std::string prefixed;
  prefixed.reserve(server.size() + separator.size() + name.size());
  prefixed.append(server).append(separator).append(name);
  return prefixed;
}

std::optional<std::pair<std::string_view, std::string_view>> McpEndpointConfig::SplitPrefixedName(
    std::string_view prefixed) const {
  size_t at = prefixed.find(separator);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view server = prefixed.substr(0, at);
  if (std::find(servers.begin(), servers.end(), server) == servers.end()) return std::nullopt;
  return std::pair(server, prefixed.substr(at + separator.size()));
}

const LlmProviderConfig* GatewayConfig::FindProvider(std::string_view name) const {
  return FindBy(llm.providers, name, [](const auto& p) -> const std::string& { return p.name; });
}

const ModelRouteConfig* GatewayConfig::FindModel(std::string_view name) const {
  return FindBy(llm.models, name, [](const auto& m) -> const std::string& { return m.name; });
}

const McpServerConfig* GatewayConfig::FindServer(std::string_view name) const {
  return FindBy(mcp.servers, name, [](const auto& s) -> const std::string& { return s.name; });
}

const McpEndpointConfig* GatewayConfig::FindEndpoint(std::string_view path) const {
  return FindBy(mcp.endpoints, path, [](const auto& e) -> const std::string& { return e.path; });
}

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

LoadedGatewayConfig ParseGatewayConfig(std::string_view text, std::string file_name,
                                       const std::filesystem::path& base_dir,
                                       const Environment* environment) {
  LoadedGatewayConfig result;
  auto file = std::make_shared<const std::string>(std::move(file_name));
  policy::YamlReader yaml(file, result.errors);
  ConfigReader reader(yaml, base_dir, environment);

  std::optional<YAML::Node> document = ReadDocument(text, yaml);
  if (!document) return result;
  YamlSlot root = policy::RootSlot(*document);
  FieldPath top;
  std::optional<FieldSlots> sections = reader.Fields(
      root, top, {"listen", "identity", "policies", "llm", "mcp", "sessions", "audit"});
  if (!sections) return result;

  auto config = std::make_shared<GatewayConfig>();
  config->source = std::filesystem::path(*file);
  config->environment_resolved = environment != nullptr;
  // Each section's reader gives the defaults for an absent (null) section.
  YamlSlot absent{YAML::Node(), root.mark, root.mark};
  auto section = [&](std::string_view name) {
    const YamlSlot* slot = FindField(*sections, name);
    return slot != nullptr ? *slot : absent;
  };
  auto read = [&](std::string_view name, auto reader_function, auto& out) {
    if (auto value = reader_function(reader, section(name), top.Field(name))) {
      out = std::move(*value);
    }
  };
  read("listen", ReadListen, config->listen);
  read("identity", ReadIdentity, config->identity);
  if (reader.Required(*sections, root, top, "policies") != nullptr) {
    read("policies", ReadPolicies, config->policies);
  }
  read("llm", ReadLlm, config->llm);
  read("mcp", ReadMcp, config->mcp);
  if (FindField(*sections, "sessions") != nullptr) {
    read("sessions", ReadSessions, config->sessions);
  }
  read("audit", ReadAudit, config->audit);
  if (result.errors.empty()) CheckAcrossSections(reader, *config, *sections, root);

  if (!result.errors.empty()) {
    // Sections report a mapping's missing fields after its contents; authors read by line.
    std::stable_sort(result.errors.begin(), result.errors.end(),
                     [](const ConfigError& a, const ConfigError& b) {
                       return std::tie(a.location.line, a.location.column) <
                              std::tie(b.location.line, b.location.column);
                     });
    return result;
  }
  result.config = std::move(config);
  return result;
}

LoadedGatewayConfig LoadGatewayConfig(const std::filesystem::path& path,
                                      const Environment* environment) {
  std::error_code ec;
  std::ifstream in;
  if (std::filesystem::is_regular_file(path, ec)) in.open(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    LoadedGatewayConfig result;
    result.errors.push_back(ConfigError{
        policy::PolicyErrorKind::kIo,
        policy::SourceLocation{std::make_shared<const std::string>(path.string()), 0, 0},
        "cannot read the config file"});
    return result;
  }
  std::filesystem::path base_dir = std::filesystem::absolute(path, ec).parent_path();
  return ParseGatewayConfig(text.str(), path.string(), base_dir, environment);
}

}  // namespace portcullis::gateway
