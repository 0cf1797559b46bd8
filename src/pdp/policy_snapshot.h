// The policy set a decider serves: replaced atomically on reload (from PolicyWatcher's listener)
// while requests are being decided, read on the request path without contention.
//
// Thread-safety: Set and Current may be called concurrently from any threads. Current caches the
// snapshot per thread, so that the request path reads one atomic counter instead of contending
// on the shared_ptr's reference count; a thread keeps its last snapshot alive until its next
// Current call after a swap.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "policy/policy_set.h"

namespace portcullis::pdp {

class PolicySnapshot {
 public:
  // `policies` may be null: nothing is served until Set.
  explicit PolicySnapshot(std::shared_ptr<const policy::PolicySet> policies = nullptr);
  PolicySnapshot(const PolicySnapshot&) = delete;
  PolicySnapshot& operator=(const PolicySnapshot&) = delete;

  // Serves `policies` from now on (null: none).
  void Set(std::shared_ptr<const policy::PolicySet> policies);

  // The snapshot being served, or null. The reference stays valid until this thread's next
  // Current call on any PolicySnapshot: copy the shared_ptr to hold the set longer.
  const std::shared_ptr<const policy::PolicySet>& Current() const;

 private:
  std::atomic<std::shared_ptr<const policy::PolicySet>> policies_;
  // Changes on every Set; unique across instances, so a thread's cache never mistakes one
  // instance's snapshot for another's.
  std::atomic<uint64_t> version_;
};

}  // namespace portcullis::pdp
