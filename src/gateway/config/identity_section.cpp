// `identity:` — JWT issuers (with the mapping of their claims to a principal), static API keys,
// and the RFC 9728 protected-resource metadata.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "gateway/config/sections.h"
#include "identity/jwt_verifier.h"

namespace portcullis::gateway {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::optional<identity::ClaimMapping> ReadClaims(ConfigReader& reader, const YamlSlot& slot,
                                                 const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(
      slot, path, {"id", "roles", "default_roles", "attr", "on_behalf_of", "on_behalf_of_attr"});
  if (!fields) return std::nullopt;
  identity::ClaimMappingSpec spec;
  auto read_string = [&](std::string_view field, std::string& out) {
    if (const YamlSlot* value = FindField(*fields, field)) {
      if (auto text = reader.NonEmptyString(*value, path.Field(field))) out = std::move(*text);
    }
  };
  read_string("id", spec.id);
  read_string("roles", spec.roles);
  read_string("on_behalf_of", spec.on_behalf_of);
  read_string("on_behalf_of_attr", spec.on_behalf_of_attr);
  if (const YamlSlot* value = FindField(*fields, "default_roles")) {
    if (auto roles = reader.StringList(*value, path.Field("default_roles"))) {
      spec.default_roles = std::move(*roles);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "attr")) {
    if (auto attr = reader.StringMap(*value, path.Field("attr"))) spec.attr = std::move(*attr);
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  auto mapping = identity::ClaimMapping::Create(spec);
  if (auto* error = std::get_if<std::string>(&mapping)) {
    reader.Report(slot, path, *error);
    return std::nullopt;
  }
  return std::get<identity::ClaimMapping>(std::move(mapping));
}

std::optional<JwtIssuerConfig> ReadJwtIssuer(ConfigReader& reader, const YamlSlot& slot,
                                             const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(
      slot, path,
      {"issuer", "audiences", "jwks_file", "jwks_url", "jwks_refresh", "leeway", "claims"});
  if (!fields) return std::nullopt;
  std::string issuer;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "issuer")) {
    if (auto text = reader.NonEmptyString(*value, path.Field("issuer"))) issuer = *text;
  }
  std::vector<std::string> audiences;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "audiences")) {
    FieldPath at = path.Field("audiences");
    if (auto list = reader.StringList(*value, at)) {
      if (list->empty()) reader.Report(*value, at, "must list at least one audience");
      audiences = std::move(*list);
    }
  }

  std::filesystem::path jwks_file;
  std::string jwks_url;
  const YamlSlot* file_slot = FindField(*fields, "jwks_file");
  const YamlSlot* url_slot = FindField(*fields, "jwks_url");
  if ((file_slot == nullptr) == (url_slot == nullptr)) {
    reader.Report(file_slot != nullptr ? *file_slot : slot, path,
                  "set exactly one of jwks_file and jwks_url",
                  file_slot != nullptr ? policy::PolicyErrorKind::kInvalidValue
                                       : policy::PolicyErrorKind::kMissingField);
  } else if (file_slot != nullptr) {
    FieldPath at = path.Field("jwks_file");
    if (auto file = reader.Path(*file_slot, at)) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(*file, ec)) {
        reader.Report(*file_slot, at, "cannot read the JWK set " + file->string(),
                      policy::PolicyErrorKind::kIo);
      }
      jwks_file = std::move(*file);
    }
  } else if (auto url = reader.HttpUrl(*url_slot, path.Field("jwks_url"))) {
    jwks_url = std::move(*url);
  }

  seconds jwks_refresh = JwtIssuerConfig::kDefaultJwksRefresh;
  if (const YamlSlot* value = FindField(*fields, "jwks_refresh")) {
    if (auto refresh = reader.Duration(*value, path.Field("jwks_refresh"), seconds(10),
                                       std::chrono::hours(24))) {
      jwks_refresh = std::chrono::duration_cast<seconds>(*refresh);
    }
  }
  seconds leeway = JwtIssuerConfig::kDefaultLeeway;
  if (const YamlSlot* value = FindField(*fields, "leeway")) {
    if (auto read = reader.Duration(*value, path.Field("leeway"), milliseconds(0),
                                    identity::JwtVerifier::kMaxLeeway)) {
      leeway = std::chrono::duration_cast<seconds>(*read);
    }
  }
  // An absent mapping is the default one.
  YamlSlot no_claims{YAML::Node(), slot.mark, slot.mark};
  const YamlSlot* claims_slot = FindField(*fields, "claims");
  std::optional<identity::ClaimMapping> claims =
      ReadClaims(reader, claims_slot != nullptr ? *claims_slot : no_claims, path.Field("claims"));
  if (reader.error_count() != errors_before || !claims) return std::nullopt;
  return JwtIssuerConfig{.issuer = std::move(issuer),
                         .audiences = std::move(audiences),
                         .jwks_file = std::move(jwks_file),
                         .jwks_url = std::move(jwks_url),
                         .jwks_refresh = jwks_refresh,
                         .leeway = leeway,
                         .claims = std::move(*claims)};
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

std::optional<identity::ApiKeySpec> ReadApiKey(ConfigReader& reader, const YamlSlot& slot,
                                               const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(slot, path, {"sha256", "id", "roles", "attr"});
  if (!fields) return std::nullopt;
  identity::ApiKeySpec key;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "sha256")) {
    FieldPath at = path.Field("sha256");
    if (auto hash = reader.NonEmptyString(*value, at)) {
      if (IsSha256Hex(*hash)) {
        key.sha256_hex = AsciiLowercase(std::move(*hash));
      } else {
        reader.Report(*value, at,
                      "expected the SHA-256 of the key as 64 hex digits (printf %s \"$KEY\" | "
                      "sha256sum), never the key itself");
      }
    }
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "id")) {
    if (auto id = reader.NonEmptyString(*value, path.Field("id"))) key.principal.id = *id;
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "roles")) {
    FieldPath at = path.Field("roles");
    if (auto roles = reader.StringList(*value, at)) {
      if (roles->empty()) reader.Report(*value, at, "must list at least one role");
      key.principal.roles = std::move(*roles);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "attr")) {
    if (auto attr = reader.Attributes(*value, path.Field("attr"), {})) {
      key.principal.attr = std::move(*attr);
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return key;
}

std::optional<ResourceMetadataConfig> ReadResourceMetadata(ConfigReader& reader,
                                                           const YamlSlot& slot,
                                                           const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path, {"resource", "authorization_servers", "scopes"});
  if (!fields) return std::nullopt;
  ResourceMetadataConfig metadata;
  if (const YamlSlot* value = FindField(*fields, "resource")) {
    if (auto url = reader.HttpUrl(*value, path.Field("resource"))) metadata.resource = *url;
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "authorization_servers")) {
    FieldPath at = path.Field("authorization_servers");
    if (auto servers = reader.StringItems(*value, at)) {
      if (servers->empty()) reader.Report(*value, at, "must list at least one server");
      for (const ConfigReader::StringItem& server : *servers) {
        if (reader.HttpUrl(server.slot, server.path)) {
          metadata.authorization_servers.push_back(server.text);
        }
      }
    }
  }
  if (const YamlSlot* value = FindField(*fields, "scopes")) {
    if (auto scopes = reader.StringList(*value, path.Field("scopes"))) {
      metadata.scopes = std::move(*scopes);
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return metadata;
}

}  // namespace

std::optional<IdentityConfig> ReadIdentity(ConfigReader& reader, const YamlSlot& slot,
                                           const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path, {"jwt", "api_keys", "resource_metadata"});
  if (!fields) return std::nullopt;
  IdentityConfig identity;

  if (const YamlSlot* jwt = FindField(*fields, "jwt")) {
    identity.jwt = reader.UniqueEntries<JwtIssuerConfig>(
        *jwt, path.Field("jwt"), "issuer",
        [&](const YamlSlot& item, const FieldPath& at) { return ReadJwtIssuer(reader, item, at); },
        [](const JwtIssuerConfig& issuer) { return issuer.issuer; });
  }

  if (const YamlSlot* keys = FindField(*fields, "api_keys")) {
    FieldPath at = path.Field("api_keys");
    std::vector<identity::ApiKeySpec> specs = reader.UniqueEntries<identity::ApiKeySpec>(
        *keys, at, "the key with sha256",
        [&](const YamlSlot& item, const FieldPath& item_path) {
          return ReadApiKey(reader, item, item_path);
        },
        [](const identity::ApiKeySpec& key) { return key.sha256_hex; });
    for (const identity::ApiKeySpec& key : specs) {
      identity.api_key_principals.push_back(key.principal.id);
    }
    if (reader.error_count() == errors_before) {
      auto table = identity::ApiKeyTable::Create(std::move(specs));
      if (auto* error = std::get_if<std::string>(&table)) {
        reader.Report(*keys, at, *error);
      } else {
        identity.api_keys = std::get<identity::ApiKeyTable>(std::move(table));
      }
    }
  }

  if (const YamlSlot* metadata = FindField(*fields, "resource_metadata")) {
    identity.resource_metadata =
        ReadResourceMetadata(reader, *metadata, path.Field("resource_metadata"));
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return identity;
}

}  // namespace portcullis::gateway
