#include "pdp/policy_snapshot.h"

namespace portcullis::pdp {
namespace {

std::atomic<uint64_t> next_version{1};

struct SnapshotCache {
  uint64_t version = 0;
  std::shared_ptr<const policy::PolicySet> policies;
};
thread_local SnapshotCache snapshot_cache;

}  // namespace

PolicySnapshot::PolicySnapshot(std::shared_ptr<const policy::PolicySet> policies)
    : policies_(std::move(policies)), version_(next_version++) {}

void PolicySnapshot::Set(std::shared_ptr<const policy::PolicySet> policies) {
  // The set is published before the version that makes readers load it.
  policies_.store(std::move(policies));
  version_.store(next_version++);
}

const std::shared_ptr<const policy::PolicySet>& PolicySnapshot::Current() const {
  uint64_t version = version_.load(std::memory_order_acquire);
  if (snapshot_cache.version != version) {
    snapshot_cache.policies = policies_.load();
    snapshot_cache.version = version;
  }
  return snapshot_cache.policies;
}

}  // namespace portcullis::pdp
