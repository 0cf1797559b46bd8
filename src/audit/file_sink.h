// The decision log's file backend (Cerbos's `audit.backend: file`): lines appended to a file,
// or written to the standard output or error for the path "stdout" / "stderr".
//
// Thread-safety: a sink is used by the decision log's writer thread only.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "audit/decision_log.h"

namespace portcullis::audit {

// Opens (creating it when missing, appending otherwise) the file at `path`, or takes stdout /
// stderr; or an error message naming the path.
std::variant<std::unique_ptr<DecisionSink>, std::string> OpenFileSink(
    const std::filesystem::path& path);

}  // namespace portcullis::audit
