#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace portcullis::cli {

// Placeholder until `cel eval` lands.
void AddCelCommand(CLI::App& app, std::function<int()>& run) { app.add_subcommand("cel", "CEL"); }

}  // namespace portcullis::cli
