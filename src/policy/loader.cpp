// Reading policy files from disk: one file (LoadPolicyFile) or a directory tree
// (LoadPolicyDirectory), with the cross-file duplicate check.
#include "policy/loader.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <unordered_map>

#include "policy/policy_id.h"

namespace portcullis::policy {
namespace {

namespace fs = std::filesystem;

enum class FileRole { kIgnored, kPolicy, kTestSuite };

bool EndsWithIgnoringCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), s.end() - suffix.size(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

FileRole Classify(std::string_view name) {
  for (std::string_view extension : {".yaml", ".yml", ".json"}) {
    if (!EndsWithIgnoringCase(name, extension)) continue;
    std::string_view stem = name.substr(0, name.size() - extension.size());
    return EndsWithIgnoringCase(stem, "_test") ? FileRole::kTestSuite : FileRole::kPolicy;
  }
  return FileRole::kIgnored;
}

// The order in which the walk visits paths: component by component ("a/b" before "a.yaml"),
// i.e. '/' sorts before every other character.
bool WalkOrderLess(std::string_view a, std::string_view b) {
  auto rank = [](char c) {
    return c == '/' ? -1 : static_cast<int>(static_cast<unsigned char>(c));
  };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](char x, char y) { return rank(x) < rank(y); });
}

PolicyError IoError(std::string file, std::string message) {
  return PolicyError{PolicyErrorKind::kIo,
                     SourceLocation{std::make_shared<const std::string>(std::move(file)), 0, 0},
                     std::move(message)};
}

// Collects the files of a policy directory, in path order (directories are visited where their
// name sorts, as Go's fs.WalkDir does).
class DirectoryWalk {
 public:
  explicit DirectoryWalk(PolicyDirectory& out) : out_(out) {}

  void Visit(const fs::path& dir, const std::string& relative_dir) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      entries.push_back(*it);
    }
    if (ec) {
      out_.errors.push_back(IoError(relative_dir.empty() ? dir.string() : relative_dir,
                                    "cannot read directory: " + ec.message()));
      return;
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.path().filename().string() < b.path().filename().string();
    });
    for (const fs::directory_entry& entry : entries) {
      std::string name = entry.path().filename().string();
      if (name.front() == '.') continue;
      std::string relative = relative_dir.empty() ? name : relative_dir + "/" + name;
      std::error_code type_ec;
      if (entry.is_symlink(type_ec)) {
        // Links to files are read through; links to directories are not walked.
        if (entry.is_regular_file(type_ec)) AddFile(entry.path(), name, std::move(relative));
      } else if (entry.is_directory(type_ec)) {
        VisitDirectory(entry.path(), name, relative, relative_dir.empty());
      } else if (entry.is_regular_file(type_ec)) {
        AddFile(entry.path(), name, std::move(relative));
      }
    }
  }

  // Policy files found: (path on disk, path relative to the root).
  std::vector<std::pair<fs::path, std::string>> policy_files;

 private:
  void VisitDirectory(const fs::path& path, const std::string& name, const std::string& relative,
                      bool at_root) {
    if (name == "testdata") return;
    if (name == "_schemas") {
      if (at_root) {
        out_.has_schemas = true;
      } else {
        out_.errors.push_back(
            PolicyError{PolicyErrorKind::kMisplacedSchemas,
                        SourceLocation{std::make_shared<const std::string>(relative), 0, 0},
                        "a _schemas directory must be at the root of the policy directory"});
      }
      return;
    }
    Visit(path, relative);
  }

  void AddFile(const fs::path& path, const std::string& name, std::string relative) {
    switch (Classify(name)) {
      case FileRole::kPolicy:
        policy_files.emplace_back(path, std::move(relative));
        break;
      case FileRole::kTestSuite:
        out_.test_suites.push_back(std::move(relative));
        break;
      case FileRole::kIgnored:
        break;
    }
  }

  PolicyDirectory& out_;
};

}  // namespace

ParsedPolicyFile LoadPolicyFile(const fs::path& path, std::string display_name) {
  if (display_name.empty()) display_name = path.string();
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    ParsedPolicyFile result;
    result.errors.push_back(IoError(std::move(display_name), "cannot read file"));
    return result;
  }
  return ParsePolicy(text.view(), std::move(display_name));
}

PolicyDirectory LoadPolicyDirectory(const fs::path& root) {
  PolicyDirectory out;
  out.root = root;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    out.errors.push_back(IoError(root.string(), "not a directory"));
    return out;
  }
  DirectoryWalk walk(out);
  walk.Visit(root, "");

  // Where each enabled policy id was first defined: index into out.policies.
  std::unordered_map<std::string, size_t> first_definition;
  for (auto& [path, relative] : walk.policy_files) {
    ParsedPolicyFile parsed = LoadPolicyFile(path, relative);
    for (PolicyError& error : parsed.errors) out.errors.push_back(std::move(error));
    if (!parsed.policy) continue;
    if (parsed.policy->disabled) {
      out.disabled_policies.push_back(std::move(*parsed.policy));
      continue;
    }
    std::string id = PolicyId(*parsed.policy);
    auto [previous, inserted] = first_definition.emplace(id, out.policies.size());
    if (!inserted) {
      const Policy& first = out.policies[previous->second];
      out.errors.push_back(PolicyError{PolicyErrorKind::kDuplicatePolicy, parsed.policy->location,
                                       "duplicate definition of " + id +
                                           " (previous definition in " + first.location.ToString() +
                                           ")"});
      continue;
    }
    out.policies.push_back(std::move(*parsed.policy));
  }
  // Directory errors (found while walking) go with the other errors of their path.
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const PolicyError& a, const PolicyError& b) {
                     return WalkOrderLess(a.location.file_name(), b.location.file_name());
                   });
  return out;
}

}  // namespace portcullis::policy
