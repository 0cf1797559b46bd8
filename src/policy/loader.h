// Loading Cerbos policy files (YAML or JSON) into the policy model (model.h), with every problem
// reported at once: file, line, column, field path and what is wrong.
//
//   PolicyDirectory dir = LoadPolicyDirectory("policies");
//   if (!dir.ok()) { std::cerr << FormatErrors(dir.errors); return 1; }
//   for (const Policy& p : dir.policies) ...
//
// What is accepted and rejected follows `cerbos compile` 0.55.0 (checked against the binary);
// the few intentional differences are listed in LoadPolicyDirectory's comment. Checks that need
// several policies together (imports, derived roles, scope chains) and CEL compilation are the
// compile stage's job, not the loader's.
//
// Thread-safety: the functions are reentrant; results are plain values owned by the caller.
// No YAML node outlives a call (the model holds only strings and JSON values).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/model.h"
#include "policy/policy_errors.h"

namespace portcullis::policy {

// The outcome of reading one policy file.
struct ParsedPolicyFile {
  // The policy, when the file holds one and has no error. An empty file (or one with only
  // comments) holds none and is not an error.
  std::optional<Policy> policy;
  std::vector<PolicyError> errors;
};

// Parses the text of one policy file. `file_name` is used in locations and messages only.
// A file holds one YAML document (empty documents, e.g. after a trailing `---`, are ignored).
ParsedPolicyFile ParsePolicy(std::string_view text, std::string file_name);

// Reads and parses one file. `display_name` names it in locations (default: `path` as given).
ParsedPolicyFile LoadPolicyFile(const std::filesystem::path& path, std::string display_name = {});

// A loaded policy directory.
struct PolicyDirectory {
  std::filesystem::path root;
  // Valid policies with `disabled` unset, in file path order.
  std::vector<Policy> policies;
  // Valid policies with `disabled: true`: checked like the others, not part of any decision, and
  // exempt from the duplicate check.
  std::vector<Policy> disabled_policies;
  // Test suite files (`*_test.yaml|yml|json`, any case), relative to `root` with '/' separators,
  // in path order. Not parsed here.
  std::vector<std::string> test_suites;
  // Whether `root/_schemas` exists (JSON Schemas; not enforced).
  bool has_schemas = false;
  // Every problem found, in file path order. Locations name files relative to `root`.
  std::vector<PolicyError> errors;

  bool ok() const { return errors.empty(); }
};

// Loads every policy under `root`, recursively, as Cerbos's disk store does:
// - files ending in .yaml, .yml or .json (any case) are policies, except `*_test.*` (test
//   suites); other files are ignored;
// - hidden files and directories (name starting with '.') and directories named `testdata` are
//   skipped; `_schemas` is skipped at the root and an error anywhere else; symbolic links to
//   files are followed, links to directories are not;
// - errors within files are all reported (Cerbos stops at the first decoding error of a file);
//   two enabled policies with the same id (see policy_id.h) are reported at the second file,
//   naming the first.
// Differences from Cerbos 0.55.0 (same files accepted and rejected otherwise): all errors of a
// file are reported, not only the first; a missing field is reported at its enclosing mapping
// (Cerbos gives no line); a bad scalar is reported at its value (Cerbos: at its key, same line);
// YAML syntax errors come from yaml-cpp (other wording and position); documents that are only
// `---` are ignored (Cerbos crashes on them).
PolicyDirectory LoadPolicyDirectory(const std::filesystem::path& root);

}  // namespace portcullis::policy
