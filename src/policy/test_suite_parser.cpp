// Reading test suites and their fixtures (test_suite.h): YAML -> TestFixtures / TestSuite, then
// resolving the names tests refer to (groups expanded), reporting every problem with its line.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include "cel/time.h"
#include "policy/test_suite.h"
#include "policy/yaml_reader.h"

namespace portcullis::policy {
namespace {

// A name a test refers to, with where it is written.
struct Ref {
  std::string name;
  SourceLocation location;
};

// The principals / resources side of an input or an expectation, before resolution.
struct RefLists {
  std::vector<Ref> principals, principal_groups, resources, resource_groups;
};

struct RawExpectation {
  RefLists refs;
  std::vector<std::pair<Ref, Effect>> actions;
  std::vector<std::pair<Ref, std::vector<ExpectedOutput>>> outputs;
  SourceLocation location;
};

struct RawTest {
  TestCase test;
  RefLists input;
  std::vector<RawExpectation> expected;
  SourceLocation location;
};

class SuiteDecoder {
 public:
  explicit SuiteDecoder(YamlReader& reader) : reader_(reader) {}

  void DecodePrincipals(const YamlSlot& slot, const FieldPath& path, TestFixtures& into) {
    reader_.ReadMap(
        slot, path, [&](const std::string& key, const YamlSlot& value, const FieldPath& p) {
          TestPrincipal principal;
          bool has_id = false;
          reader_.ReadFields(value, p, {"id", "roles", "attr", "policyVersion", "scope"},
                             [&](std::string_view field, const YamlSlot& v, const FieldPath& fp) {
                               if (field == "id") {
                                 principal.id = reader_.ReadString(v, fp).value_or("");
                                 has_id = !principal.id.empty();
                               } else if (field == "roles") {
                                 for (Ref& role : ReadNames(v, fp))
                                   principal.roles.push_back(role.name);
                               } else if (field == "attr") {
                                 principal.attr = ReadObject(v, fp);
                               } else if (field == "policyVersion") {
                                 principal.policy_version = reader_.ReadString(v, fp).value_or("");
                               } else {
                                 principal.scope = reader_.ReadString(v, fp).value_or("");
                               }
                             });
          if (!has_id) reader_.ReportMissing(value, p, "id");
          if (principal.roles.empty()) reader_.ReportMissing(value, p, "roles");
          into.principals.insert_or_assign(key, std::move(principal));
        });
  }

  void DecodeResources(const YamlSlot& slot, const FieldPath& path, TestFixtures& into) {
    reader_.ReadMap(
        slot, path, [&](const std::string& key, const YamlSlot& value, const FieldPath& p) {
          TestResource resource;
          reader_.ReadFields(value, p, {"kind", "id", "attr", "policyVersion", "scope"},
                             [&](std::string_view field, const YamlSlot& v, const FieldPath& fp) {
                               if (field == "kind") {
                                 resource.kind = reader_.ReadString(v, fp).value_or("");
                               } else if (field == "id") {
                                 resource.id = reader_.ReadString(v, fp).value_or("");
                               } else if (field == "attr") {
                                 resource.attr = ReadObject(v, fp);
                               } else if (field == "policyVersion") {
                                 resource.policy_version = reader_.ReadString(v, fp).value_or("");
                               } else {
                                 resource.scope = reader_.ReadString(v, fp).value_or("");
                               }
                             });
          if (resource.kind.empty()) reader_.ReportMissing(value, p, "kind");
          if (resource.id.empty()) reader_.ReportMissing(value, p, "id");
          into.resources.insert_or_assign(key, std::move(resource));
        });
  }

  void DecodeAuxData(const YamlSlot& slot, const FieldPath& path, TestFixtures& into) {
    reader_.ReadMap(
        slot, path, [&](const std::string& key, const YamlSlot& value, const FieldPath& p) {
          boost::json::value claims = boost::json::object();
          reader_.ReadFields(value, p, {"jwt"},
                             [&](std::string_view, const YamlSlot& v, const FieldPath& fp) {
                               claims = ReadObject(v, fp);
                               if (claims.is_null()) claims = boost::json::object();
                             });
          into.aux_data.insert_or_assign(key, std::move(claims));
        });
  }

  // `principalGroups` / `resourceGroups`: name -> {principals|resources: [keys]}.
  void DecodeGroups(const YamlSlot& slot, const FieldPath& path, std::string_view member_field,
                    std::map<std::string, std::vector<Ref>, std::less<>>& into) {
    reader_.ReadMap(slot, path,
                    [&](const std::string& key, const YamlSlot& value, const FieldPath& p) {
                      std::vector<Ref> members;
                      reader_.ReadFields(value, p, {member_field},
                                         [&](std::string_view, const YamlSlot& v,
                                             const FieldPath& fp) { members = ReadNames(v, fp); });
                      if (members.empty()) reader_.ReportMissing(value, p, member_field);
                      into.insert_or_assign(key, std::move(members));
                    });
  }

  TestOptions DecodeOptions(const YamlSlot& slot, const FieldPath& path) {
    TestOptions options;
    reader_.ReadFields(
        slot, path,
        {"now", "lenientScopeSearch", "globals", "defaultPolicyVersion", "defaultScope"},
        [&](std::string_view field, const YamlSlot& v, const FieldPath& p) {
          if (field == "now") {
            std::optional<std::string> text = reader_.ReadString(v, p);
            if (!text) return;
            options.now = cel::ParseTimestamp(*text);
            if (!options.now) {
              reader_.Report(PolicyErrorKind::kInvalidValue, v, p,
                             "not an RFC 3339 timestamp: \"" + *text + "\"");
            }
          } else if (field == "lenientScopeSearch") {
            options.lenient_scope_search = reader_.ReadBool(v, p);
          } else if (field == "globals") {
            boost::json::value globals = ReadObject(v, p);
            options.globals = globals.is_object() ? globals.get_object() : boost::json::object();
          } else if (field == "defaultPolicyVersion") {
            options.default_policy_version = reader_.ReadString(v, p);
          } else {
            options.default_scope = reader_.ReadString(v, p);
          }
        });
    return options;
  }

  RawTest DecodeTest(const YamlSlot& slot, const FieldPath& path) {
    RawTest raw;
    raw.location = reader_.Locate(slot);
    bool has_input = false;
    reader_.ReadFields(
        slot, path, {"name", "description", "skip", "skipReason", "options", "input", "expected"},
        [&](std::string_view field, const YamlSlot& v, const FieldPath& p) {
          if (field == "name") {
            raw.test.name = reader_.ReadString(v, p).value_or("");
          } else if (field == "description") {
            raw.test.description = reader_.ReadString(v, p).value_or("");
          } else if (field == "skip") {
            raw.test.skip = reader_.ReadBool(v, p).value_or(false);
          } else if (field == "skipReason") {
            raw.test.skip_reason = reader_.ReadString(v, p).value_or("");
          } else if (field == "options") {
            raw.test.options = DecodeOptions(v, p);
          } else if (field == "input") {
            has_input = true;
            DecodeInput(v, p, raw);
          } else {
            reader_.ReadSequence(v, p, [&](const YamlSlot& item, const FieldPath& ip) {
              raw.expected.push_back(DecodeExpectation(item, ip));
            });
          }
        });
    if (raw.test.name.empty()) reader_.ReportMissing(slot, path, "name");
    if (!has_input) reader_.ReportMissing(slot, path, "input");
    if (raw.expected.empty()) reader_.ReportMissing(slot, path, "expected");
    return raw;
  }

  YamlReader& reader() { return reader_; }

 private:
  void DecodeInput(const YamlSlot& slot, const FieldPath& path, RawTest& raw) {
    reader_.ReadFields(
        slot, path,
        {"principals", "resources", "actions", "auxData", "principalGroups", "resourceGroups"},
        [&](std::string_view field, const YamlSlot& v, const FieldPath& p) {
          if (field == "actions") {
            for (Ref& action : ReadNames(v, p)) raw.test.actions.push_back(std::move(action.name));
          } else if (field == "auxData") {
            raw.test.aux_data = reader_.ReadString(v, p).value_or("");
          } else {
            ReadRefList(field, v, p, raw.input);
          }
        });
    if (raw.input.principals.empty() && raw.input.principal_groups.empty()) {
      reader_.Report(PolicyErrorKind::kMissingField, slot, path,
                     "principals or principalGroups must be present");
    }
    if (raw.input.resources.empty() && raw.input.resource_groups.empty()) {
      reader_.Report(PolicyErrorKind::kMissingField, slot, path,
                     "resources or resourceGroups must be present");
    }
    if (raw.test.actions.empty()) reader_.ReportMissing(slot, path, "actions");
  }

  RawExpectation DecodeExpectation(const YamlSlot& slot, const FieldPath& path) {
    RawExpectation raw;
    raw.location = reader_.Locate(slot);
    bool has_actions = false;
    reader_.ReadFields(
        slot, path,
        {"principal", "resource", "actions", "outputs", "principals", "resources",
         "principalGroups", "resourceGroups"},
        [&](std::string_view field, const YamlSlot& v, const FieldPath& p) {
          if (field == "principal" || field == "resource") {
            std::optional<std::string> name = reader_.ReadString(v, p);
            if (!name || name->empty()) return;
            (field == "principal" ? raw.refs.principals : raw.refs.resources)
                .push_back({std::move(*name), reader_.Locate(v)});
          } else if (field == "actions") {
            has_actions = true;
            reader_.ReadMap(
                v, p, [&](const std::string& action, const YamlSlot& e, const FieldPath& ep) {
                  std::optional<std::string> effect = reader_.ReadString(e, ep);
                  if (!effect) return;
                  if (*effect != "EFFECT_ALLOW" && *effect != "EFFECT_DENY") {
                    reader_.Report(PolicyErrorKind::kInvalidValue, e, ep,
                                   "expected EFFECT_ALLOW or EFFECT_DENY, not \"" + *effect + "\"");
                    return;
                  }
                  raw.actions.push_back(
                      {{action, reader_.Locate(e.key_mark)},
                       *effect == "EFFECT_ALLOW" ? Effect::kAllow : Effect::kDeny});
                });
          } else if (field == "outputs") {
            reader_.ReadSequence(v, p, [&](const YamlSlot& item, const FieldPath& ip) {
              raw.outputs.push_back(DecodeOutputExpectation(item, ip));
            });
          } else {
            ReadRefList(field, v, p, raw.refs);
          }
        });
    if (raw.refs.principals.empty() && raw.refs.principal_groups.empty()) {
      reader_.Report(PolicyErrorKind::kMissingField, slot, path,
                     "principal, principals, or principalGroups must be present");
    }
    if (raw.refs.resources.empty() && raw.refs.resource_groups.empty()) {
      reader_.Report(PolicyErrorKind::kMissingField, slot, path,
                     "resource, resources, or resourceGroups must be present");
    }
    if (!has_actions) reader_.ReportMissing(slot, path, "actions");
    return raw;
  }

  std::pair<Ref, std::vector<ExpectedOutput>> DecodeOutputExpectation(const YamlSlot& slot,
                                                                      const FieldPath& path) {
    std::pair<Ref, std::vector<ExpectedOutput>> result;
    result.first.location = reader_.Locate(slot);
    reader_.ReadFields(slot, path, {"action", "expected"},
                       [&](std::string_view field, const YamlSlot& v, const FieldPath& p) {
                         if (field == "action") {
                           result.first.name = reader_.ReadString(v, p).value_or("");
                           result.first.location = reader_.Locate(v);
                           return;
                         }
                         reader_.ReadSequence(v, p, [&](const YamlSlot& item, const FieldPath& ip) {
                           ExpectedOutput output;
                           bool has_src = false;
                           reader_.ReadFields(
                               item, ip, {"src", "val", "action"},
                               [&](std::string_view f, const YamlSlot& fv, const FieldPath& fp) {
                                 if (f == "src") {
                                   output.src = reader_.ReadString(fv, fp).value_or("");
                                   has_src = !output.src.empty();
                                 } else if (f == "val") {
                                   output.value = reader_.ReadJson(fv, fp).value_or(nullptr);
                                 } else {
                                   reader_.ReadString(fv, fp);  // implied by the enclosing action
                                 }
                               });
                           if (!has_src) reader_.ReportMissing(item, ip, "src");
                           result.second.push_back(std::move(output));
                         });
                       });
    if (result.first.name.empty()) reader_.ReportMissing(slot, path, "action");
    if (result.second.empty()) reader_.ReportMissing(slot, path, "expected");
    return result;
  }

  void ReadRefList(std::string_view field, const YamlSlot& v, const FieldPath& p, RefLists& into) {
    std::vector<Ref>& list = field == "principals"        ? into.principals
                             : field == "principalGroups" ? into.principal_groups
                             : field == "resources"       ? into.resources
                                                          : into.resource_groups;
    for (Ref& ref : ReadNames(v, p)) list.push_back(std::move(ref));
  }

  // A list of non-empty, distinct strings.
  std::vector<Ref> ReadNames(const YamlSlot& slot, const FieldPath& path) {
    std::vector<Ref> names;
    std::set<std::string, std::less<>> seen;
    reader_.ReadSequence(slot, path, [&](const YamlSlot& item, const FieldPath& p) {
      std::optional<std::string> name = reader_.ReadString(item, p);
      if (!name) return;
      if (name->empty()) {
        reader_.Report(PolicyErrorKind::kInvalidValue, item, p, "empty value");
      } else if (!seen.insert(*name).second) {
        reader_.Report(PolicyErrorKind::kInvalidValue, item, p, "\"" + *name + "\" repeated");
      } else {
        names.push_back({std::move(*name), reader_.Locate(item)});
      }
    });
    return names;
  }

  // A JSON object (or null for an empty value).
  boost::json::value ReadObject(const YamlSlot& slot, const FieldPath& path) {
    std::optional<boost::json::value> value = reader_.ReadJson(slot, path);
    if (!value || value->is_null()) return nullptr;
    if (!value->is_object()) {
      reader_.Report(PolicyErrorKind::kWrongType, slot, path, "expected a mapping");
      return nullptr;
    }
    return std::move(*value);
  }

  YamlReader& reader_;
};

// The single mapping document of `text`, or nullopt after reporting.
std::optional<YAML::Node> LoadMappingDocument(std::string_view text, YamlReader& reader) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    reader.Report(PolicyErrorKind::kSyntax, reader.Locate(e.mark), FieldPath(),
                  "invalid YAML: " + e.msg);
    return std::nullopt;
  }
  std::optional<YAML::Node> found;
  for (const YAML::Node& document : documents) {
    if (document.IsNull()) continue;
    if (found) {
      reader.Report(PolicyErrorKind::kSyntax, reader.Locate(document.Mark()), FieldPath(),
                    "more than one YAML document");
      return std::nullopt;
    }
    found = document;
  }
  if (!found) {
    reader.Report(PolicyErrorKind::kSyntax, SourceLocation(), FieldPath(), "empty file");
    return std::nullopt;
  }
  if (!found->IsMap()) {
    reader.Report(PolicyErrorKind::kSyntax, reader.Locate(found->Mark()), FieldPath(),
                  "expected a mapping");
    return std::nullopt;
  }
  return found;
}

std::optional<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Resolves the names of a suite's tests against its definitions.
class Resolver {
 public:
  Resolver(YamlReader& reader, const TestFixtures& defs,
           const std::map<std::string, std::vector<Ref>, std::less<>>& principal_groups,
           const std::map<std::string, std::vector<Ref>, std::less<>>& resource_groups)
      : reader_(reader),
        defs_(defs),
        principal_groups_(principal_groups),
        resource_groups_(resource_groups) {}

  void CheckGroups() {
    for (const auto& [group, members] : principal_groups_) {
      for (const Ref& member : members) Exists(member, defs_.principals, "principal");
    }
    for (const auto& [group, members] : resource_groups_) {
      for (const Ref& member : members) Exists(member, defs_.resources, "resource");
    }
  }

  TestCase Resolve(RawTest raw) {
    TestCase test = std::move(raw.test);
    test.principals = Expand(raw.input.principals, raw.input.principal_groups, principal_groups_,
                             defs_.principals, "principal");
    test.resources = Expand(raw.input.resources, raw.input.resource_groups, resource_groups_,
                            defs_.resources, "resource");
    if (!test.aux_data.empty() && !defs_.aux_data.contains(test.aux_data)) {
      reader_.Report(PolicyErrorKind::kInvalidValue, raw.location, FieldPath(),
                     "test \"" + test.name + "\": auxData \"" + test.aux_data + "\" not found");
    }
    for (RawExpectation& expectation : raw.expected) Expect(expectation, test);
    return test;
  }

 private:
  template <typename Map>
  bool Exists(const Ref& ref, const Map& map, std::string_view what) {
    if (map.contains(ref.name)) return true;
    reader_.Report(PolicyErrorKind::kInvalidValue, ref.location, FieldPath(),
                   std::string(what) + " \"" + ref.name + "\" not found");
    return false;
  }

  template <typename Map>
  std::vector<std::string> Expand(const std::vector<Ref>& names, const std::vector<Ref>& groups,
                                  const std::map<std::string, std::vector<Ref>, std::less<>>& all,
                                  const Map& defs, std::string_view what) {
    std::vector<std::string> keys;
    auto add = [&](const Ref& ref) {
      if (Exists(ref, defs, what) && std::find(keys.begin(), keys.end(), ref.name) == keys.end())
        keys.push_back(ref.name);
    };
    for (const Ref& ref : names) add(ref);
    for (const Ref& group : groups) {
      auto it = all.find(group.name);
      if (it == all.end()) {
        reader_.Report(PolicyErrorKind::kInvalidValue, group.location, FieldPath(),
                       std::string(what) + " group \"" + group.name + "\" not found");
        continue;
      }
      for (const Ref& member : it->second) {
        if (defs.contains(member.name) &&
            std::find(keys.begin(), keys.end(), member.name) == keys.end())
          keys.push_back(member.name);
      }
    }
    return keys;
  }

  void Expect(RawExpectation& raw, TestCase& test) {
    std::vector<std::string> principals = Expand(raw.refs.principals, raw.refs.principal_groups,
                                                 principal_groups_, defs_.principals, "principal");
    std::vector<std::string> resources = Expand(raw.refs.resources, raw.refs.resource_groups,
                                                resource_groups_, defs_.resources, "resource");
    auto in_input = [](const std::vector<std::string>& input, const std::string& key) {
      return std::find(input.begin(), input.end(), key) != input.end();
    };
    for (const auto& [action, effect] : raw.actions) {
      if (!in_input(test.actions, action.name)) {
        reader_.Report(PolicyErrorKind::kInvalidValue, action.location, FieldPath(),
                       "test \"" + test.name + "\": found an expectation for action \"" +
                           action.name + "\" that is not in the input actions");
      }
    }
    for (const auto& [action, outputs] : raw.outputs) {
      if (!in_input(test.actions, action.name)) {
        reader_.Report(PolicyErrorKind::kInvalidValue, action.location, FieldPath(),
                       "test \"" + test.name + "\": found output expectations for action \"" +
                           action.name + "\" that is not in the input actions");
      }
    }
    for (const std::string& principal : principals) {
      for (const std::string& resource : resources) {
        if (!in_input(test.principals, principal) || !in_input(test.resources, resource)) {
          reader_.Report(PolicyErrorKind::kInvalidValue, raw.location, FieldPath(),
                         "test \"" + test.name + "\": found an expectation for principal \"" +
                             principal + "\" and resource \"" + resource +
                             "\", but at least one of these is not present in input");
          continue;
        }
        PairExpectation& pair = test.expected[{principal, resource}];
        for (const auto& [action, effect] : raw.actions) pair.actions[action.name] = effect;
        for (const auto& [action, outputs] : raw.outputs) {
          std::vector<ExpectedOutput>& into = pair.outputs[action.name];
          into.insert(into.end(), outputs.begin(), outputs.end());
        }
      }
    }
  }

  YamlReader& reader_;
  const TestFixtures& defs_;
  const std::map<std::string, std::vector<Ref>, std::less<>>& principal_groups_;
  const std::map<std::string, std::vector<Ref>, std::less<>>& resource_groups_;
};

using GroupRefs = std::map<std::string, std::vector<Ref>, std::less<>>;

std::map<std::string, std::vector<std::string>, std::less<>> GroupNames(const GroupRefs& groups) {
  std::map<std::string, std::vector<std::string>, std::less<>> names;
  for (const auto& [group, members] : groups) {
    std::vector<std::string>& into = names[group];
    for (const Ref& member : members) into.push_back(member.name);
  }
  return names;
}

GroupRefs GroupRefsOf(const std::map<std::string, std::vector<std::string>, std::less<>>& groups) {
  GroupRefs refs;
  for (const auto& [group, members] : groups) {
    std::vector<Ref>& into = refs[group];
    for (const std::string& member : members) into.push_back({member, SourceLocation()});
  }
  return refs;
}

void SortByLine(std::vector<PolicyError>& errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const PolicyError& a, const PolicyError& b) {
    return std::tie(a.location.line, a.location.column) <
           std::tie(b.location.line, b.location.column);
  });
}

}  // namespace

TestFixtures LoadTestFixtures(const std::filesystem::path& root, const std::string& directory,
                              std::vector<PolicyError>& errors) {
  TestFixtures fixtures;
  GroupRefs principal_groups, resource_groups;
  // The first of testdata/<base>.{yaml,yml,json} that exists, read with `fields` allowed.
  auto read_fixture = [&](std::string_view base, std::initializer_list<std::string_view> fields) {
    for (std::string_view extension : {".yaml", ".yml", ".json"}) {
      std::string relative = (directory.empty() ? std::string() : directory + "/") + "testdata/" +
                             std::string(base) + std::string(extension);
      std::optional<std::string> text = ReadText(root / relative);
      if (!text) continue;
      YamlReader reader(std::make_shared<const std::string>(relative), errors);
      std::optional<YAML::Node> document = LoadMappingDocument(*text, reader);
      if (!document) return;
      SuiteDecoder decoder(reader);
      reader.ReadFields(RootSlot(*document), FieldPath(), fields,
                        [&](std::string_view field, const YamlSlot& v, const FieldPath& p) {
                          if (field == "principals") {
                            decoder.DecodePrincipals(v, p, fixtures);
                          } else if (field == "resources") {
                            decoder.DecodeResources(v, p, fixtures);
                          } else if (field == "auxData") {
                            decoder.DecodeAuxData(v, p, fixtures);
                          } else if (field == "principalGroups") {
                            decoder.DecodeGroups(v, p, "principals", principal_groups);
                          } else if (field == "resourceGroups") {
                            decoder.DecodeGroups(v, p, "resources", resource_groups);
                          }
                        });
      return;
    }
  };
  read_fixture("principals", {"principals", "principalGroups", "$schema"});
  read_fixture("resources", {"resources", "resourceGroups", "$schema"});
  read_fixture("auxdata", {"auxData", "$schema"});
  fixtures.principal_groups = GroupNames(principal_groups);
  fixtures.resource_groups = GroupNames(resource_groups);
  return fixtures;
}

LoadedTestSuite ParseTestSuite(std::string_view text, const std::string& file,
                               const TestFixtures& fixtures) {
  LoadedTestSuite result;
  result.file = file;
  YamlReader reader(std::make_shared<const std::string>(file), result.errors);
  std::optional<YAML::Node> document = LoadMappingDocument(text, reader);
  if (!document) return result;

  TestSuite suite;
  suite.file = file;
  TestFixtures defs = fixtures;
  GroupRefs principal_groups = GroupRefsOf(fixtures.principal_groups);
  GroupRefs resource_groups = GroupRefsOf(fixtures.resource_groups);
  std::vector<RawTest> raw_tests;
  YamlSlot root = RootSlot(*document);
  SuiteDecoder decoder(reader);
  reader.ReadFields(
      root, FieldPath(),
      {"name", "description", "skip", "skipReason", "tests", "principals", "resources", "auxData",
       "options", "$schema", "principalGroups", "resourceGroups"},
      [&](std::string_view field, const YamlSlot& v, const FieldPath& p) {
        if (field == "name") {
          suite.name = reader.ReadString(v, p).value_or("");
        } else if (field == "description") {
          suite.description = reader.ReadString(v, p).value_or("");
        } else if (field == "skip") {
          suite.skip = reader.ReadBool(v, p).value_or(false);
        } else if (field == "skipReason") {
          suite.skip_reason = reader.ReadString(v, p).value_or("");
        } else if (field == "tests") {
          reader.ReadSequence(v, p, [&](const YamlSlot& item, const FieldPath& ip) {
            raw_tests.push_back(decoder.DecodeTest(item, ip));
          });
        } else if (field == "principals") {
          decoder.DecodePrincipals(v, p, defs);
        } else if (field == "resources") {
          decoder.DecodeResources(v, p, defs);
        } else if (field == "auxData") {
          decoder.DecodeAuxData(v, p, defs);
        } else if (field == "options") {
          suite.options = decoder.DecodeOptions(v, p);
        } else if (field == "principalGroups") {
          decoder.DecodeGroups(v, p, "principals", principal_groups);
        } else if (field == "resourceGroups") {
          decoder.DecodeGroups(v, p, "resources", resource_groups);
        } else {
          reader.ReadString(v, p);  // $schema: an editor hint
        }
      });
  if (suite.name.empty()) reader.ReportMissing(root, FieldPath(), "name");
  result.name = suite.name;
  if (raw_tests.empty()) reader.ReportMissing(root, FieldPath(), "tests");

  if (result.errors.empty()) {
    Resolver resolver(reader, defs, principal_groups, resource_groups);
    resolver.CheckGroups();
    for (RawTest& raw : raw_tests) suite.tests.push_back(resolver.Resolve(std::move(raw)));
  }
  SortByLine(result.errors);
  if (!result.errors.empty()) return result;
  suite.principals = std::move(defs.principals);
  suite.resources = std::move(defs.resources);
  suite.aux_data = std::move(defs.aux_data);
  result.suite = std::move(suite);
  return result;
}

LoadedTestSuite LoadTestSuite(const std::filesystem::path& root, const std::string& file) {
  std::vector<PolicyError> fixture_errors;
  std::string directory = std::filesystem::path(file).parent_path().generic_string();
  TestFixtures fixtures = LoadTestFixtures(root, directory, fixture_errors);
  std::optional<std::string> text = ReadText(root / file);
  LoadedTestSuite result;
  if (!text) {
    result.file = file;
    result.errors.push_back({PolicyErrorKind::kIo,
                             SourceLocation{std::make_shared<const std::string>(file), 0, 0},
                             "cannot read the file"});
  } else {
    result = ParseTestSuite(*text, file, fixtures);
  }
  if (!fixture_errors.empty()) {
    result.suite.reset();
    result.errors.insert(result.errors.begin(), fixture_errors.begin(), fixture_errors.end());
  }
  return result;
}

}  // namespace portcullis::policy
