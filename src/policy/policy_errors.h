// Where something is in a policy file, and what is wrong with it.
//
// Thread-safety: plain values; copies may be read from any thread. A SourceLocation shares its
// file name (immutable) with every other location of the same file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portcullis::policy {

// A position in a policy file. `file` is the path as the loader named it (relative to the policy
// directory for LoadPolicyDirectory, as given for LoadPolicyFile / ParsePolicy).
struct SourceLocation {
  std::shared_ptr<const std::string> file;
  uint32_t line = 0;    // 1-based; 0 when unknown (the whole file)
  uint32_t column = 0;  // 1-based; 0 when unknown

  std::string_view file_name() const { return file ? std::string_view(*file) : std::string_view(); }
  // "file:line:column", "file:line" or "file", whichever parts are known.
  std::string ToString() const;
};

// What kind of problem an error reports; the message says the details.
enum class PolicyErrorKind : uint8_t {
  kIo,                // a file or directory could not be read
  kSyntax,            // not valid YAML / JSON, or not a single mapping document
  kUnknownField,      // a key that the policy schema does not define
  kDuplicateField,    // the same key twice in one mapping
  kWrongType,         // e.g. a list where a string is expected
  kMissingField,      // a required field is absent or empty
  kInvalidValue,      // bad enum value, name/version/scope syntax, empty or repeated list items
  kDuplicateName,     // two rules / definitions / resources with the same name in one policy
  kDuplicatePolicy,   // two files define the same policy id
  kUnsupported,       // a field Cerbos no longer supports (condition scripts)
  kMisplacedSchemas,  // a `_schemas` directory below the root of the policy directory
  // Compile stage (compiler.h): problems across policies and in CEL.
  kMissingImport,         // an imported derived-roles / variables / constants set does not exist
  kUnknownDerivedRole,    // a rule names a derived role that no import defines
  kDuplicateDefinition,   // a constant, variable or derived role defined twice (imports + local)
  kUndefinedVariable,     // an expression reads a variable that is not defined
  kVariableCycle,         // variables that refer to each other in a cycle
  kInvalidExpression,     // CEL that does not compile
  kMissingScope,          // a scoped policy whose parent scope has no policy
  kScopePermissionsConflict,  // policies of one scope with different scopePermissions
};

struct PolicyError {
  PolicyErrorKind kind;
  SourceLocation location;
  std::string
      message;  // what is wrong, naming the field path, e.g. "resourcePolicy.rules[0].effect: ..."

  // "file:line:column: message" (the format editors and compilers use).
  std::string ToString() const;
};

// One error per line, in order.
std::string FormatErrors(const std::vector<PolicyError>& errors);

}  // namespace portcullis::policy
