// The JWK set a verifier uses right now. Whoever keeps the keys fresh (a file watcher, or the
// JWKS fetcher over net/ once it exists) hands every new document to Replace; verifications that
// started on the old set finish on it, later ones see the new set. This is how `kid` rotation
// works: a key removed from the published set stops verifying as soon as the set is replaced.
//
// Thread-safety: Current and Replace may be called concurrently from any threads; the set is
// swapped atomically (a shared_ptr swap, no lock held while verifying).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "identity/jwk_set.h"

namespace portcullis::identity {

class JwkSetSlot {
 public:
  // Empty (Current() is null and every token fails with kNoKeys) until a set is put in.
  JwkSetSlot() = default;
  explicit JwkSetSlot(std::shared_ptr<const JwkSet> keys) : current_(std::move(keys)) {}

  std::shared_ptr<const JwkSet> Current() const { return current_.load(); }

  void Replace(std::shared_ptr<const JwkSet> keys) { current_.store(std::move(keys)); }

  // Parses `json` and replaces the set with it; when it is not a usable JWK set, returns the
  // error and keeps the current set (a bad fetch must not lock everyone out).
  std::optional<std::string> ReplaceWithDocument(std::string_view json);

 private:
  std::atomic<std::shared_ptr<const JwkSet>> current_;
};

}  // namespace portcullis::identity
