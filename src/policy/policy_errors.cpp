#include "policy/policy_errors.h"

namespace portcullis::policy {

std::string SourceLocation::ToString() const {
  std::string out(file_name());
  if (line == 0) return out;
  out += ':';
  out += std::to_string(line);
  if (column == 0) return out;
  out += ':';
  out += std::to_string(column);
  return out;
}

std::string PolicyError::ToString() const {
  return location.ToString() + ": " + message;
}

std::string FormatErrors(const std::vector<PolicyError>& errors) {
  std::string out;
  for (const PolicyError& error : errors) {
    out += error.ToString();
    out += '\n';
  }
  return out;
}

}  // namespace portcullis::policy
