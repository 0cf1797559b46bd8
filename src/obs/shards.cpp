#include "obs/shards.h"

#include <algorithm>
#include <bit>
#include <thread>

namespace portcullis::obs {
namespace {

constexpr size_t kMaxShards = 16;

std::atomic<size_t> next_thread{0};

}  // namespace

size_t ShardCount() {
  static const size_t count =
      std::bit_ceil(std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kMaxShards));
  return count;
}

size_t ThisThreadShard() {
  thread_local const size_t shard =
      next_thread.fetch_add(1, std::memory_order_relaxed) & (ShardCount() - 1);
  return shard;
}

ShardedCounters::ShardedCounters(size_t width)
    : lines_per_shard_((width + kSlotsPerLine - 1) / kSlotsPerLine),
      lines_(std::make_unique<CacheLine[]>(ShardCount() * lines_per_shard_)) {}

void ShardedCounters::AddDouble(size_t index, double value) {
  std::atomic<uint64_t>& slot = Slot(ThisThreadShard(), index);
  uint64_t old_bits = slot.load(std::memory_order_relaxed);
  // A compare-and-swap loop on the bits; the shard is this thread's, so it rarely retries.
  while (!slot.compare_exchange_weak(
      old_bits, std::bit_cast<uint64_t>(std::bit_cast<double>(old_bits) + value),
      std::memory_order_relaxed)) {
  }
}

uint64_t ShardedCounters::Load(size_t index) const {
  uint64_t total = 0;
  for (size_t shard = 0; shard < ShardCount(); ++shard) {
    total += Slot(shard, index).load(std::memory_order_relaxed);
  }
  return total;
}

double ShardedCounters::LoadDouble(size_t index) const {
  double total = 0;
  for (size_t shard = 0; shard < ShardCount(); ++shard) {
    total += std::bit_cast<double>(Slot(shard, index).load(std::memory_order_relaxed));
  }
  return total;
}

}  // namespace portcullis::obs
