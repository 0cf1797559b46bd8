#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>

#include "cli/command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Portcullis: one policy decision point for AI agents' models, MCP servers and tools"};
  app.require_subcommand(1);
  std::function<int()> run;
  portcullis::cli::AddCelCommand(app, run);
  portcullis::cli::AddCheckCommand(app, run);
  portcullis::cli::AddTestCommand(app, run);
  portcullis::cli::AddLintCommand(app, run);
  portcullis::cli::AddPdpCommand(app, run);
  portcullis::cli::AddTokenCommand(app, run);
  portcullis::cli::AddConfigCommand(app, run);
  portcullis::cli::AddServeCommand(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return run ? run() : 2;
}
