#include "identity/jws_algorithm.h"

#include <array>
#include <utility>

namespace portcullis::identity {
namespace {

constexpr std::array<std::pair<JwsAlgorithm, std::string_view>, 3> kNames{{
    {JwsAlgorithm::kRs256, "RS256"},
    {JwsAlgorithm::kEs256, "ES256"},
    {JwsAlgorithm::kEdDsa, "EdDSA"},
}};

}  // namespace

std::string_view JwsAlgorithmName(JwsAlgorithm alg) {
  for (const auto& [known, name] : kNames) {
    if (known == alg) return name;
  }
  return {};
}

std::optional<JwsAlgorithm> ParseJwsAlgorithm(std::string_view name) {
  for (const auto& [known, known_name] : kNames) {
    if (known_name == name) return known;
  }
  return std::nullopt;
}

}  // namespace portcullis::identity
