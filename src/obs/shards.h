// Counters spread over cache lines so that threads updating the same metric do not contend: each
// thread writes to one shard (chosen once per thread, round robin), with relaxed atomic adds; a
// reader sums the shards. No lock, no false sharing between shards.
//
// Thread-safety: Add and Load may be called concurrently from any threads; Load sees every Add
// that happened before it, and some or none of those racing with it.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace portcullis::obs {

// The number of shards: the hardware threads rounded up to a power of two, at most 16.
size_t ShardCount();

// The calling thread's shard, in [0, ShardCount()).
size_t ThisThreadShard();

// `width` counters per shard, each shard on cache lines of its own.
class ShardedCounters {
 public:
  explicit ShardedCounters(size_t width);
  ShardedCounters(const ShardedCounters&) = delete;
  ShardedCounters& operator=(const ShardedCounters&) = delete;

  // REQUIRES: index < width.
  void Add(size_t index, uint64_t n) {
    Slot(ThisThreadShard(), index).fetch_add(n, std::memory_order_relaxed);
  }
  // Adds `value` to a double stored in counter `index` (its bits), e.g. a histogram's sum.
  void AddDouble(size_t index, double value);

  // The total of counter `index` over every shard.
  uint64_t Load(size_t index) const;
  // The total of a double stored with AddDouble.
  double LoadDouble(size_t index) const;

 private:
  static constexpr size_t kSlotsPerLine = 64 / sizeof(std::atomic<uint64_t>);
  struct alignas(64) CacheLine {
    std::array<std::atomic<uint64_t>, kSlotsPerLine> slots{};
  };

  std::atomic<uint64_t>& Slot(size_t shard, size_t index) const {
    return lines_[shard * lines_per_shard_ + index / kSlotsPerLine].slots[index % kSlotsPerLine];
  }

  size_t lines_per_shard_;
  std::unique_ptr<CacheLine[]> lines_;
};

}  // namespace portcullis::obs
