// `llm:` — upstream providers and the model routes clients choose by name.
#include <algorithm>

#include "gateway/config/sections.h"

namespace portcullis::gateway {
namespace {

using std::chrono::milliseconds;

std::optional<LlmProviderKind> ProviderKind(std::string_view text) {
  if (text == "openai") return LlmProviderKind::kOpenAi;
  if (text == "anthropic") return LlmProviderKind::kAnthropic;
  return std::nullopt;
}

std::optional<LlmProviderConfig> ReadProvider(ConfigReader& reader, const YamlSlot& slot,
                                              const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path, {"name", "kind", "base_url", "api_key_env", "headers", "timeout"});
  if (!fields) return std::nullopt;
  LlmProviderConfig provider;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "name")) {
    if (auto name = reader.Name(*value, path.Field("name"))) provider.name = std::move(*name);
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "kind")) {
    FieldPath at = path.Field("kind");
    if (auto text = reader.NonEmptyString(*value, at)) {
      if (auto kind = ProviderKind(*text)) {
        provider.kind = *kind;
      } else {
        reader.Report(*value, at, "\"" + *text + "\" is not a provider kind: openai or anthropic");
      }
    }
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "base_url")) {
    FieldPath at = path.Field("base_url");
    if (auto url = reader.HttpUrl(*value, at)) {
      if (url->find_first_of("?#") != std::string::npos) {
        reader.Report(*value, at, "a base URL has no query or fragment");
      }
      while (url->back() == '/') url->pop_back();
      provider.base_url = std::move(*url);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "api_key_env")) {
    FieldPath at = path.Field("api_key_env");
    if (auto name = reader.EnvName(*value, at)) {
      provider.api_key = reader.EnvValue(*name, *value, at).value_or("");
      provider.api_key_env = std::move(*name);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "headers")) {
    // The API key goes in the header its kind uses, from api_key_env; framing headers are the
    // HTTP client's.
    auto headers = reader.Headers(*value, path.Field("headers"),
                                  {"authorization", "x-api-key", "host", "content-length",
                                   "transfer-encoding", "connection"});
    if (headers) provider.headers = std::move(*headers);
  }
  if (const YamlSlot* value = FindField(*fields, "timeout")) {
    if (auto timeout = reader.Duration(*value, path.Field("timeout"), milliseconds(100),
                                       std::chrono::hours(1))) {
      provider.timeout = *timeout;
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return provider;
}

// Model names are what clients send as `model`: any text up to 256 bytes without whitespace or
// control characters ("gpt-4o-mini", "claude-sonnet-4-5", "meta-llama/Llama-3.1-8B").
bool IsModelName(std::string_view name) {
  return !name.empty() && name.size() <= 256 && std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7F;
  });
}

std::optional<ModelRouteConfig> ReadModel(ConfigReader& reader, const YamlSlot& slot,
                                          const FieldPath& path,
                                          const std::vector<LlmProviderConfig>& providers,
                                          bool providers_ok) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path, {"name", "provider", "upstream_model", "attr"});
  if (!fields) return std::nullopt;
  ModelRouteConfig model;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "name")) {
    FieldPath at = path.Field("name");
    if (auto name = reader.NonEmptyString(*value, at)) {
      if (IsModelName(*name)) {
        model.name = std::move(*name);
      } else {
        reader.Report(*value, at, "a model name has no spaces or control characters");
      }
    }
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "provider")) {
    FieldPath at = path.Field("provider");
    auto name = reader.NonEmptyString(*value, at);
    auto it = std::find_if(providers.begin(), providers.end(),
                           [&](const auto& provider) { return name && provider.name == *name; });
    if (name && it != providers.end()) {
      model.provider = std::move(*name);
      model.provider_index = static_cast<size_t>(it - providers.begin());
    } else if (name && providers_ok) {
      std::vector<std::string> known;
      for (const LlmProviderConfig& provider : providers) known.push_back(provider.name);
      reader.Report(*value, at, "unknown provider \"" + *name + "\"" + KnownNames(known));
    }
  }
  model.upstream_model = model.name;
  if (const YamlSlot* value = FindField(*fields, "upstream_model")) {
    if (auto name = reader.NonEmptyString(*value, path.Field("upstream_model"))) {
      model.upstream_model = std::move(*name);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "attr")) {
    if (auto attr = reader.Attributes(*value, path.Field("attr"),
                                      {"provider", "max_tokens", "tools", "stream"})) {
      model.attr = std::move(*attr);
    }
  }
  model.attr["provider"] = model.provider;
  if (reader.error_count() != errors_before) return std::nullopt;
  return model;
}

}  // namespace

std::optional<LlmConfig> ReadLlm(ConfigReader& reader, const YamlSlot& slot,
                                 const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(slot, path, {"providers", "models"});
  if (!fields) return std::nullopt;
  LlmConfig llm;
  // Providers first, whatever the order in the file: models name them.
  if (const YamlSlot* providers = FindField(*fields, "providers")) {
    llm.providers = reader.UniqueEntries<LlmProviderConfig>(
        *providers, path.Field("providers"), "provider",
        [&](const YamlSlot& item, const FieldPath& at) { return ReadProvider(reader, item, at); },
        [](const LlmProviderConfig& provider) { return provider.name; });
  }
  // An unknown provider is reported only when every provider could be read (not an echo of a
  // provider with an error).
  bool providers_ok = reader.error_count() == errors_before;
  if (const YamlSlot* models = FindField(*fields, "models")) {
    llm.models = reader.UniqueEntries<ModelRouteConfig>(
        *models, path.Field("models"), "model",
        [&](const YamlSlot& item, const FieldPath& at) {
          return ReadModel(reader, item, at, llm.providers, providers_ok);
        },
        [](const ModelRouteConfig& model) { return model.name; });
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return llm;
}

}  // namespace portcullis::gateway
