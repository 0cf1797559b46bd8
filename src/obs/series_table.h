// The series of one metric family, by label values: finding an existing series is lock-free
// (atomic loads over an open-addressing table, so the hot path never waits), adding one takes a
// mutex. At most `max_series` series are kept; further label sets are not recorded (Find returns
// null and counts the refusal), which bounds memory when a label's values are not bounded; such
// refused lookups take the mutex every time.
//
// Thread-safety: Find may be called concurrently from any threads; Entries and refused too. A
// series, once added, lives as long as the table.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portcullis::obs {

template <typename Series>
class SeriesTable {
 public:
  struct Entry {
    template <typename... Args>
    Entry(uint64_t hash, std::span<const std::string_view> values, const Args&... series_args)
        : hash(hash), label_values(values.begin(), values.end()), series(series_args...) {}

    bool Matches(uint64_t other_hash, std::span<const std::string_view> values) const {
      return hash == other_hash &&
             std::equal(label_values.begin(), label_values.end(), values.begin(), values.end());
    }

    const uint64_t hash;
    const std::vector<std::string> label_values;
    Series series;
  };

  explicit SeriesTable(size_t max_series)
      : max_series_(max_series),
        mask_(std::bit_ceil(2 * std::max<size_t>(max_series, 1)) - 1),
        slots_(std::make_unique<std::atomic<Entry*>[]>(mask_ + 1)) {}
  SeriesTable(const SeriesTable&) = delete;
  SeriesTable& operator=(const SeriesTable&) = delete;

  // The series of `values`, added (constructed from `series_args`) if new; null when the table
  // is full.
  template <typename... Args>
  Series* Find(std::span<const std::string_view> values, const Args&... series_args) {
    uint64_t hash = Hash(values);
    // At most half the slots are used, so every probe ends on an empty slot.
    size_t slot = hash & mask_;
    for (Entry* entry; (entry = slots_[slot].load(std::memory_order_acquire));
         slot = (slot + 1) & mask_) {
      if (entry->Matches(hash, values)) return &entry->series;
    }
    // Not found: under the lock, go on from that empty slot, which another thread may have
    // filled meanwhile (with these values or others).
    std::lock_guard lock(mutex_);
    for (Entry* entry; (entry = slots_[slot].load(std::memory_order_relaxed));
         slot = (slot + 1) & mask_) {
      if (entry->Matches(hash, values)) return &entry->series;
    }
    if (entries_.size() >= max_series_) {
      refused_.fetch_add(1, std::memory_order_relaxed);
      return nullptr;
    }
    Entry* entry =
        entries_.emplace_back(std::make_unique<Entry>(hash, values, series_args...)).get();
    slots_[slot].store(entry, std::memory_order_release);
    return &entry->series;
  }

  // Every series, ordered by label values (for a stable exposition).
  std::vector<const Entry*> Entries() const {
    std::vector<const Entry*> sorted;
    {
      std::lock_guard lock(mutex_);
      for (const auto& entry : entries_) sorted.push_back(entry.get());
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const Entry* a, const Entry* b) { return a->label_values < b->label_values; });
    return sorted;
  }

  size_t max_series() const { return max_series_; }
  // How many times Find refused a new label set because the table was full.
  uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  // FNV-1a over the values, each followed by a byte no UTF-8 text contains.
  static uint64_t Hash(std::span<const std::string_view> values) {
    uint64_t hash = 14695981039346656037ull;
    auto mix = [&hash](unsigned char byte) { hash = (hash ^ byte) * 1099511628211ull; };
    for (std::string_view value : values) {
      for (char c : value) mix(static_cast<unsigned char>(c));
      mix(0xff);
    }
    return hash;
  }

  const size_t max_series_;
  const size_t mask_;
  std::unique_ptr<std::atomic<Entry*>[]> slots_;
  mutable std::mutex mutex_;  // guards entries_ and the stores into slots_
  std::vector<std::unique_ptr<Entry>> entries_;
  std::atomic<uint64_t> refused_{0};
};

}  // namespace portcullis::obs
