// The readers of the config file's top-level sections, one file each. Private to
// src/gateway/config.
//
// Each reads the value of its section (`slot`, null when the section is absent: the defaults)
// and returns nullopt when it reported an error. Checks that need two sections together are the
// loader's (gateway_config.cpp).
#pragma once

#include <optional>

#include "gateway/config/config_reader.h"
#include "gateway/config/gateway_config.h"

namespace portcullis::gateway {

std::optional<ListenConfig> ReadListen(ConfigReader& reader, const YamlSlot& slot,
                                       const FieldPath& path);
std::optional<IdentityConfig> ReadIdentity(ConfigReader& reader, const YamlSlot& slot,
                                           const FieldPath& path);
std::optional<PoliciesConfig> ReadPolicies(ConfigReader& reader, const YamlSlot& slot,
                                           const FieldPath& path);
std::optional<LlmConfig> ReadLlm(ConfigReader& reader, const YamlSlot& slot, const FieldPath& path);
std::optional<McpConfig> ReadMcp(ConfigReader& reader, const YamlSlot& slot, const FieldPath& path);
std::optional<SessionsConfig> ReadSessions(ConfigReader& reader, const YamlSlot& slot,
                                           const FieldPath& path);
std::optional<AuditConfig> ReadAudit(ConfigReader& reader, const YamlSlot& slot,
                                     const FieldPath& path);

// Cerbos's `engine:` block (camelCase keys, or their snake_case spelling).
std::optional<policy::EngineOptions> ReadEngineOptions(ConfigReader& reader, const YamlSlot& slot,
                                                       const FieldPath& path);

}  // namespace portcullis::gateway
