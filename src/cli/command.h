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

// Adds `portcullis test` (runs the Cerbos test suites of a policy directory).
void AddTestCommand(CLI::App& app, std::function<int()>& run);

// Adds `portcullis lint` (loads and compiles a policy directory, printing every error).
void AddLintCommand(CLI::App& app, std::function<int()>& run);

// Adds `portcullis pdp` (a standalone PDP serving Cerbos's HTTP API).
void AddPdpCommand(CLI::App& app, std::function<int()>& run);

// Adds `portcullis token verify` (verifies a JWT against a JWK set, prints the principal).
void AddTokenCommand(CLI::App& app, std::function<int()>& run);

// Adds `portcullis config check` (validates a gateway config file, printing every error).
void AddConfigCommand(CLI::App& app, std::function<int()>& run);

// Adds `portcullis serve` (the gateway).
void AddServeCommand(CLI::App& app, std::function<int()>& run);

}  // namespace portcullis::cli
