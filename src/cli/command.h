// The `portcullis` command line: each subcommand registers itself on the CLI11 app and runs
// when selected.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace portcullis::cli {

// Adds `portcullis cel ...`; sets `run` to the action to execute when it is selected.
void AddCelCommand(CLI::App& app, std::function<int()>& run);

// Adds `portcullis check` (a Cerbos CheckResources request against a policy directory).
void AddCheckCommand(CLI::App& app, std::function<int()>& run);

}  // namespace portcullis::cli
