// The Portcullis config file (`-c FILE`, YAML). Only its `engine:` section is read here; it uses
// Cerbos's key names so that a Cerbos `engine:` block can be pasted in unchanged:
//
//   engine:
//     defaultPolicyVersion: default
//     defaultScope: ""
//     lenientScopeSearch: false
//     strictEvaluation: false
//     globals: {environment: prod}
//
// Other top-level sections are left to the commands that use them.
//
// Thread-safety: reentrant.
#pragma once

#include <filesystem>
#include <string>
#include <variant>

#include "policy/engine_options.h"

namespace portcullis::cli {

// The engine options of the config file at `path` (defaults for keys it does not set), or an
// error message naming the file, line and key.
std::variant<policy::EngineOptions, std::string> LoadEngineOptions(
    const std::filesystem::path& path);

}  // namespace portcullis::cli
