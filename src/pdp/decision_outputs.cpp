#include "pdp/decision_outputs.h"

#include <string>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "pdp/output_value_json.h"

namespace portcullis::pdp {

boost::json::array ActionOutputs(std::span<const policy::OutputEntry> outputs,
                                 std::string_view action) {
  boost::json::array array;
  std::string json, error;
  for (const policy::OutputEntry& output : outputs) {
    if (output.action != action) continue;
    boost::json::object entry;
    entry["src"] = output.src;
    error = output.error;
    if (error.empty()) {
      // Through Cerbos's rendering, so values read as in Cerbos's answers and the decision log
      // (100, not 1E2).
      json.clear();
      switch (AppendOutputJson(output.value, json, error)) {
        case OutputJsonStatus::kOk:
          entry["val"] = boost::json::parse(json);
          break;
        case OutputJsonStatus::kUnconvertible:
          break;
        case OutputJsonStatus::kNotFinite:
          error = "the value is not a finite number";
          break;
      }
    }
    if (!error.empty()) entry["error"] = error;
    array.push_back(std::move(entry));
  }
  return array;
}

}  // namespace portcullis::pdp
