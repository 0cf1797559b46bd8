// Decoding of the elements shared by several policy kinds: conditions, outputs, variables,
// constants, metadata, enums and the syntax of names.
#include <algorithm>

#include "policy/name_syntax.h"
#include "policy/policy_decoder.h"

namespace portcullis::policy {
namespace {

// The enums of Cerbos's protobuf schema, by name and number (protojson accepts both).
struct EnumName {
  std::string_view name;
  int number;
};
constexpr EnumName kEffectNames[] = {
    {"EFFECT_UNSPECIFIED", 0}, {"EFFECT_ALLOW", 1}, {"EFFECT_DENY", 2}, {"EFFECT_NO_MATCH", 3}};
constexpr EnumName kScopePermissionsNames[] = {
    {"SCOPE_PERMISSIONS_UNSPECIFIED", 0},
    {"SCOPE_PERMISSIONS_OVERRIDE_PARENT", 1},
    {"SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS", 2}};

// The enum number written at `text` (a name or a number), or -1.
template <size_t N>
int EnumNumber(const std::string& text, const EnumName (&names)[N]) {
  for (const EnumName& e : names) {
    if (text == e.name || text == std::to_string(e.number)) return e.number;
  }
  return -1;
}

}  // namespace

std::string Quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

void PolicyDecoder::RequireField(bool present, const YamlSlot& mapping, const FieldPath& path,
                                 std::string_view field) {
  if (!present) reader_.ReportMissing(mapping, path, field);
}

void PolicyDecoder::ReportInvalid(const YamlSlot& slot, const FieldPath& path,
                                  std::string_view message) {
  reader_.Report(PolicyErrorKind::kInvalidValue, slot, path, message);
}

std::string PolicyDecoder::DecodeText(const YamlSlot& slot, const FieldPath& path) {
  return reader_.ReadString(slot, path).value_or(std::string());
}

std::string PolicyDecoder::DecodeRequiredText(const YamlSlot& slot, const FieldPath& path) {
  std::optional<std::string> text = reader_.ReadString(slot, path);
  if (text && text->empty()) {
    reader_.Report(PolicyErrorKind::kMissingField, slot, path, "must not be empty");
  }
  return text.value_or(std::string());
}

std::string PolicyDecoder::DecodeSubject(const YamlSlot& slot, const FieldPath& path,
                                         std::string_view what) {
  std::string text = DecodeRequiredText(slot, path);
  if (!text.empty() && !IsValidPolicySubject(text)) {
    ReportInvalid(slot, path,
                  "invalid " + std::string(what) + " " + Quoted(text) +
                      ": must not contain any of the characters ! * ? [ ] { }");
    return {};
  }
  return text;
}

std::string PolicyDecoder::DecodeVersion(const YamlSlot& slot, const FieldPath& path,
                                         bool allow_empty) {
  std::string text = allow_empty ? DecodeText(slot, path) : DecodeRequiredText(slot, path);
  if (!text.empty() && !IsValidVersion(text)) {
    ReportInvalid(slot, path,
                  "invalid version " + Quoted(text) +
                      ": use only letters, digits and '_' (e.g. \"default\" or \"20240101\")");
    return {};
  }
  return text;
}

std::string PolicyDecoder::DecodeScope(const YamlSlot& slot, const FieldPath& path) {
  std::string text = DecodeText(slot, path);
  if (!IsValidScope(text)) {
    ReportInvalid(slot, path,
                  "invalid scope " + Quoted(text) +
                      ": expected dot-separated segments of letters, digits, '_' and '-', each "
                      "starting with a letter or digit (e.g. \"acme.hr\")");
    return {};
  }
  return text;
}

std::string PolicyDecoder::DecodeSetName(const YamlSlot& slot, const FieldPath& path) {
  std::string text = DecodeRequiredText(slot, path);
  if (!text.empty() && !IsValidSetName(text)) {
    ReportInvalid(slot, path,
                  "invalid name " + Quoted(text) + ": use only letters, digits, '_', '-' and '.'");
    return {};
  }
  return text;
}

std::string PolicyDecoder::DecodeRuleName(const YamlSlot& slot, const FieldPath& path) {
  std::string text = DecodeText(slot, path);
  if (!IsValidRuleName(text)) {
    ReportInvalid(slot, path,
                  "invalid rule name " + Quoted(text) +
                      ": must start with a letter, followed by letters, digits, '_', '@', '.' "
                      "or '-'");
    return {};
  }
  return text;
}

std::vector<std::string> PolicyDecoder::DecodeStrings(const YamlSlot& slot, const FieldPath& path,
                                                      bool unique, bool required) {
  std::vector<std::string> items;
  reader_.ReadSequence(slot, path, [&](const YamlSlot& item, const FieldPath& item_path) {
    std::string value = DecodeRequiredText(item, item_path);
    if (value.empty()) return;
    if (unique && std::find(items.begin(), items.end(), value) != items.end()) {
      ReportInvalid(item, item_path, Quoted(value) + " is listed more than once");
      return;
    }
    items.push_back(std::move(value));
  });
  if (required && items.empty() && slot.node.IsSequence() && slot.node.size() == 0) {
    reader_.Report(PolicyErrorKind::kMissingField, slot, path, "must list at least one item");
  }
  return items;
}

std::vector<NameRef> PolicyDecoder::DecodeNameRefs(const YamlSlot& slot, const FieldPath& path) {
  std::vector<NameRef> refs;
  reader_.ReadSequence(slot, path, [&](const YamlSlot& item, const FieldPath& item_path) {
    std::string name = DecodeSetName(item, item_path);
    if (name.empty()) return;
    bool repeated =
        std::any_of(refs.begin(), refs.end(), [&](const NameRef& ref) { return ref.name == name; });
    if (repeated) {
      ReportInvalid(item, item_path, Quoted(name) + " is listed more than once");
      return;
    }
    refs.push_back(NameRef{std::move(name), reader_.Locate(item)});
  });
  return refs;
}

std::optional<Effect> PolicyDecoder::DecodeEffect(const YamlSlot& slot, const FieldPath& path) {
  std::optional<std::string> text = reader_.ReadString(slot, path);
  if (!text) return std::nullopt;
  switch (EnumNumber(*text, kEffectNames)) {
    case 1:
      return Effect::kAllow;
    case 2:
      return Effect::kDeny;
    default:
      ReportInvalid(slot, path,
                    "invalid effect " + Quoted(*text) + ": expected EFFECT_ALLOW or EFFECT_DENY");
      return std::nullopt;
  }
}

std::optional<ScopePermissions> PolicyDecoder::DecodeScopePermissions(const YamlSlot& slot,
                                                                      const FieldPath& path,
                                                                      bool role_policy) {
  std::optional<std::string> text = reader_.ReadString(slot, path);
  if (!text) return std::nullopt;
  int number = EnumNumber(*text, kScopePermissionsNames);
  if (number < 0 || (role_policy && number == 1)) {
    ReportInvalid(slot, path,
                  "invalid scopePermissions " + Quoted(*text) + ": expected " +
                      (role_policy ? "SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS (the "
                                     "only mode of role policies)"
                                   : "SCOPE_PERMISSIONS_OVERRIDE_PARENT or "
                                     "SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS"));
    return std::nullopt;
  }
  return static_cast<ScopePermissions>(number);
}

std::optional<Expression> PolicyDecoder::DecodeExpression(const YamlSlot& slot,
                                                          const FieldPath& path) {
  std::optional<std::string> source = reader_.ReadString(slot, path);
  if (!source) return std::nullopt;
  return Expression{std::move(*source), reader_.Locate(slot)};
}

std::optional<Condition> PolicyDecoder::DecodeCondition(const YamlSlot& slot,
                                                        const FieldPath& path) {
  std::optional<Match> match;
  bool has_script = false;
  bool is_mapping =
      reader_.ReadFields(slot, path, {"match", "script"},
                         [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
                           if (field == "match") {
                             match = DecodeMatch(value, p);
                           } else {
                             has_script = true;
                             reader_.Report(PolicyErrorKind::kUnsupported, value, p,
                                            "scripts in conditions are no longer supported; use "
                                            "match.expr instead");
                           }
                         });
  if (!is_mapping) return std::nullopt;
  if (!match && !has_script && slot.node.size() == 0) {
    reader_.Report(PolicyErrorKind::kMissingField, slot, path, "expected a \"match\" block");
  }
  if (!match) return std::nullopt;
  return Condition{std::move(*match), reader_.Locate(slot)};
}

std::optional<Match> PolicyDecoder::DecodeMatch(const YamlSlot& slot, const FieldPath& path) {
  Match match;
  match.location = reader_.Locate(slot);
  int operators = 0;
  bool is_mapping = reader_.ReadFields(
      slot, path, {"all", "any", "none", "expr"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (++operators > 1) {
          ReportInvalid(value, p,
                        "a match block takes exactly one of expr, all, any or none; combine "
                        "several with all: {of: [...]}");
          return;
        }
        if (field == "expr") {
          match.op = Match::Op::kExpr;
          if (std::optional<Expression> expr = DecodeExpression(value, p)) {
            match.expr = std::move(*expr);
          }
          return;
        }
        match.op = field == "all"   ? Match::Op::kAll
                   : field == "any" ? Match::Op::kAny
                                    : Match::Op::kNone;
        bool has_of = false;
        reader_.ReadFields(
            value, p, {"of"}, [&](std::string_view, const YamlSlot& of, const FieldPath& of_path) {
              has_of = true;
              reader_.ReadSequence(of, of_path, [&](const YamlSlot& item, const FieldPath& ip) {
                if (std::optional<Match> child = DecodeMatch(item, ip)) {
                  match.of.push_back(std::move(*child));
                }
              });
              if (of.node.IsSequence() && of.node.size() == 0) {
                reader_.Report(PolicyErrorKind::kMissingField, of, of_path,
                               "must list at least one condition");
              }
            });
        if (!has_of && value.node.IsMap()) reader_.ReportMissing(value, p, "of");
      });
  if (!is_mapping) return std::nullopt;
  if (operators == 0) {
    reader_.Report(PolicyErrorKind::kMissingField, slot, path,
                   "expected one of expr, all, any or none");
    return std::nullopt;
  }
  return match;
}

std::optional<Output> PolicyDecoder::DecodeOutput(const YamlSlot& slot, const FieldPath& path) {
  Output output;
  output.location = reader_.Locate(slot);
  bool is_mapping = reader_.ReadFields(
      slot, path, {"expr", "when"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "expr") {
          output.expr = DecodeExpression(value, p);
          return;
        }
        reader_.ReadFields(
            value, p, {"ruleActivated", "conditionNotMet"},
            [&](std::string_view when, const YamlSlot& v, const FieldPath& wp) {
              (when == "ruleActivated" ? output.rule_activated : output.condition_not_met) =
                  DecodeExpression(v, wp);
            });
      });
  if (!is_mapping) return std::nullopt;
  return output;
}

std::vector<Variable> PolicyDecoder::DecodeVariableMap(const YamlSlot& slot,
                                                       const FieldPath& path) {
  std::vector<Variable> variables;
  reader_.ReadMap(slot, path,
                  [&](const std::string& name, const YamlSlot& value, const FieldPath& p) {
                    std::optional<Expression> expr = DecodeExpression(value, p);
                    if (expr) variables.push_back(Variable{name, std::move(*expr)});
                  });
  return variables;
}

std::vector<Constant> PolicyDecoder::DecodeConstantMap(const YamlSlot& slot,
                                                       const FieldPath& path) {
  std::vector<Constant> constants;
  reader_.ReadMap(slot, path,
                  [&](const std::string& name, const YamlSlot& value, const FieldPath& p) {
                    std::optional<boost::json::value> json = reader_.ReadJson(value, p);
                    if (json)
                      constants.push_back(Constant{name, std::move(*json), reader_.Locate(value)});
                  });
  return constants;
}

Variables PolicyDecoder::DecodeVariables(const YamlSlot& slot, const FieldPath& path) {
  Variables variables;
  reader_.ReadFields(slot, path, {"import", "local"},
                     [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
                       if (field == "import") {
                         variables.imports = DecodeNameRefs(value, p);
                       } else {
                         variables.local = DecodeVariableMap(value, p);
                       }
                     });
  return variables;
}

Constants PolicyDecoder::DecodeConstants(const YamlSlot& slot, const FieldPath& path) {
  Constants constants;
  reader_.ReadFields(slot, path, {"import", "local"},
                     [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
                       if (field == "import") {
                         constants.imports = DecodeNameRefs(value, p);
                       } else {
                         constants.local = DecodeConstantMap(value, p);
                       }
                     });
  return constants;
}

Metadata PolicyDecoder::DecodeMetadata(const YamlSlot& slot, const FieldPath& path) {
  Metadata metadata;
  reader_.ReadFields(
      slot, path,
      {"sourceFile", "annotations", "hash", "storeIdentifier", "storeIdentifer",
       "sourceAttributes"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "sourceFile") {
          metadata.source_file = DecodeText(value, p);
        } else if (field == "annotations") {
          reader_.ReadMap(value, p,
                          [&](const std::string& key, const YamlSlot& v, const FieldPath& vp) {
                            metadata.annotations.emplace_back(key, DecodeText(v, vp));
                          });
        } else if (field == "hash") {
          metadata.hash = DecodeText(value, p);
        } else if (field == "storeIdentifier" || field == "storeIdentifer") {
          // `storeIdentifer` is the deprecated misspelling Cerbos still accepts.
          metadata.store_identifier = DecodeText(value, p);
        } else {
          reader_.ReadFields(value, p, {"attributes"},
                             [&](std::string_view, const YamlSlot& v, const FieldPath& vp) {
                               std::optional<boost::json::value> json = reader_.ReadJson(v, vp);
                               if (json && json->is_object()) {
                                 metadata.source_attributes = std::move(json->get_object());
                               } else if (json) {
                                 reader_.Report(PolicyErrorKind::kWrongType, v, vp,
                                                "expected a mapping");
                               }
                             });
        }
      });
  return metadata;
}

}  // namespace portcullis::policy
