#include "cli/config_file.h"

#include <yaml-cpp/yaml.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace portcullis::cli {
namespace {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void Fail(const YAML::Node& node, const std::string& what) {
  throw ConfigError(std::to_string(node.Mark().line + 1) + ": " + what);
}

// A YAML scalar as JSON, resolved as YAML 1.2's core schema does; quoted scalars are strings.
boost::json::value ScalarToJson(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() != "!") {
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
      return nullptr;
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    int64_t integer;
    if (YAML::convert<int64_t>::decode(node, integer)) return integer;
    double number;
    if (YAML::convert<double>::decode(node, number)) return number;
  }
  return boost::json::string(text);
}

boost::json::value YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      boost::json::object object;
      for (const auto& entry : node) object[entry.first.Scalar()] = YamlToJson(entry.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      boost::json::array array;
      for (const auto& item : node) array.push_back(YamlToJson(item));
      return array;
    }
    case YAML::NodeType::Scalar:
      return ScalarToJson(node);
    default:
      return nullptr;
  }
}

bool ReadBool(const YAML::Node& node, const std::string& key) {
  boost::json::value value = node.IsScalar() ? ScalarToJson(node) : boost::json::value();
  if (!value.is_bool()) Fail(node, "engine." + key + ": expected true or false");
  return value.get_bool();
}

std::string ReadString(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar() && !node.IsNull()) Fail(node, "engine." + key + ": expected a string");
  return node.IsNull() ? std::string() : node.Scalar();
}

policy::EngineOptions ReadEngine(const YAML::Node& engine) {
  policy::EngineOptions options;
  if (!engine || engine.IsNull()) return options;
  if (!engine.IsMap()) Fail(engine, "engine: expected a mapping");
  for (const auto& entry : engine) {
    const std::string& key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    if (key == "defaultPolicyVersion") {
      options.default_policy_version = ReadString(value, key);
    } else if (key == "defaultScope") {
      options.default_scope = ReadString(value, key);
    } else if (key == "lenientScopeSearch") {
      options.lenient_scope_search = ReadBool(value, key);
    } else if (key == "strictEvaluation") {
      options.strict_evaluation = ReadBool(value, key);
    } else if (key == "globals") {
      boost::json::value globals = YamlToJson(value);
      if (!globals.is_object() && !globals.is_null())
        Fail(value, "engine.globals: expected a mapping");
      if (globals.is_object()) options.globals = std::move(globals.get_object());
    } else {
      Fail(entry.first, "engine: unknown field \"" + key + "\"");
    }
  }
  return options;
}

}  // namespace

std::variant<policy::EngineOptions, std::string> LoadEngineOptions(
    const std::filesystem::path& path) {
  try {
    YAML::Node root = YAML::LoadFile(path.string());
    if (root.IsNull()) return policy::EngineOptions();
    if (!root.IsMap()) Fail(root, "expected a mapping");
    return ReadEngine(root["engine"]);
  } catch (const ConfigError& e) {
    return path.string() + ":" + e.what();
  } catch (const YAML::BadFile&) {
    return path.string() + ": cannot read the file";
  } catch (const YAML::Exception& e) {
    return path.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
  }
}

}  // namespace portcullis::cli
