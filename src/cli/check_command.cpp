// `portcullis check`: one Cerbos CheckResources request against a policy directory, answered
// with the Cerbos CheckResources response, as the PDP's HTTP API would answer it.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/engine_flags.h"
#include "pdp/cerbos_json.h"
#include "pdp/ulid.h"
#include "policy/engine.h"

namespace portcullis::cli {
namespace {

struct CheckOptions {
  std::string policies;
  std::string request = "-";
  EngineFlags engine;
};

// Exit codes: 0 answered (the request may still be denied), 1 invalid request (Cerbos's error
// JSON on stdout), 2 unusable config, policies or request file.
constexpr int kInvalidRequest = 1;
constexpr int kUnusableInput = 2;

std::optional<std::string> ReadRequest(const std::string& source) {
  if (source == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream file(source, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

int RunCheck(const CheckOptions& options) {
  std::shared_ptr<const policy::PolicySet> policies =
      CompilePolicyDirectory(options.policies, options.engine);
  if (!policies) return kUnusableInput;

  std::optional<std::string> body = ReadRequest(options.request);
  if (!body) {
    std::cerr << options.request << ": cannot read the request\n";
    return kUnusableInput;
  }
  pdp::CheckResourcesParse parsed = pdp::ParseCheckResourcesRequest(*body);
  if (!parsed.ok()) {
    std::cout << parsed.error->ToJson() << std::endl;
    return kInvalidRequest;
  }
  policy::CheckOutput output = policy::Engine::Check(*policies, parsed.request->input());
  pdp::RenderedResponse response = pdp::RenderCheckResourcesResponse(
      *parsed.request, output, parsed.request->include_meta(), pdp::NewUlid());
  if (response.error) {
    std::cout << response.error->ToJson() << std::endl;
    return kInvalidRequest;
  }
  std::cout << response.json << std::endl;
  return 0;
}

}  // namespace

void AddCheckCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* check = app.add_subcommand(
      "check", "Answer a Cerbos CheckResources request (JSON) with the Cerbos response (JSON)");
  auto options = std::make_shared<CheckOptions>();
  check->add_option("--policies", options->policies, "The policy directory")->required();
  check->add_option("--request", options->request,
                    "The request JSON file, or - for stdin (the default)");
  AddEngineFlags(*check, options->engine);
  check->callback([options, &run] { run = [options] { return RunCheck(*options); }; });
}

}  // namespace portcullis::cli
