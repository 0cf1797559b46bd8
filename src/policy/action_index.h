// Which rules of a policy apply to an action: a hash lookup for the actions rules name
// literally, a scan of the wildcard patterns for any other action.
//
// Thread-safety: build on one thread (Add, then Finish); afterwards Match may be called
// concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace portcullis::policy {

// Hashing for unordered containers keyed by std::string and looked up by string_view.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

class ActionIndex {
 public:
  // Declares that rule number `rule` applies to actions matching `pattern` (a Cerbos wildcard,
  // see wildcard.h). Rules are added in increasing order.
  void Add(std::string_view pattern, uint32_t rule);
  // Precomputes, for each literal action, the wildcard rules it also matches.
  void Finish();

  // The rules that apply to `action`, in increasing order, a rule once per pattern of
  // it that matches (Cerbos evaluates a rule once per matching action pattern: a rule naming
  // `view` and `*` applies twice to `view`). The span views the index, or `scratch` for an
  // action no rule names literally.
  std::span<const uint32_t> Match(std::string_view action, std::vector<uint32_t>& scratch) const;

  bool empty() const { return literal_.empty() && patterns_.empty(); }

 private:
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> literal_;
  std::vector<std::pair<std::string, uint32_t>> patterns_;
};

}  // namespace portcullis::policy
