// A bounded queue of owned objects for many producers and one consumer that never blocks and
// never allocates: a push into a full queue fails at once. It is the ring of Dmitry Vyukov's
// bounded MPMC queue design: each cell carries a sequence number that says whether it is free
// for the push of a given round or holds that round's object; producers claim a position with one
// compare-and-swap, the consumer owns its position alone.
//
// Thread-safety: TryPush from any number of threads at once; TryPop and Empty from one consumer
// thread at a time. Objects left in the queue are destroyed with it.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace portcullis::audit {

template <typename T>
class EntryQueue {
 public:
  // Room for `capacity` objects, rounded up to a power of two (at least 2).
  explicit EntryQueue(size_t capacity)
      : mask_(std::bit_ceil(capacity < 2 ? size_t{2} : capacity) - 1),
        cells_(std::make_unique<Cell[]>(mask_ + 1)) {
    for (size_t i = 0; i <= mask_; ++i) cells_[i].sequence.store(i, std::memory_order_relaxed);
  }
  ~EntryQueue() {
    while (TryPop()) {
    }
  }
  EntryQueue(const EntryQueue&) = delete;
  EntryQueue& operator=(const EntryQueue&) = delete;

  size_t capacity() const { return mask_ + 1; }

  // Takes `item` and returns true, or leaves it with the caller and returns false when the queue
  // is full.
  bool TryPush(std::unique_ptr<T>& item) noexcept {
    size_t position = tail_.load(std::memory_order_relaxed);
    Cell* cell;
    for (;;) {
      cell = &cells_[position & mask_];
      size_t sequence = cell->sequence.load(std::memory_order_acquire);
      auto lag = static_cast<intptr_t>(sequence) - static_cast<intptr_t>(position);
      if (lag == 0) {
        if (tail_.compare_exchange_weak(position, position + 1, std::memory_order_relaxed)) break;
      } else if (lag < 0) {
        return false;  // the cell still holds the object of the previous round: full
      } else {
        position = tail_.load(std::memory_order_relaxed);  // another producer took it
      }
    }
    cell->item = item.release();
    cell->sequence.store(position + 1, std::memory_order_release);
    return true;
  }

  // The oldest object, or null when there is none (or its producer has not finished pushing).
  std::unique_ptr<T> TryPop() noexcept {
    Cell& cell = cells_[head_ & mask_];
    if (cell.sequence.load(std::memory_order_acquire) != head_ + 1) return nullptr;
    std::unique_ptr<T> item(cell.item);
    cell.sequence.store(head_ + mask_ + 1, std::memory_order_release);
    ++head_;
    return item;
  }

  // Whether TryPop would find nothing now.
  bool Empty() const noexcept {
    return cells_[head_ & mask_].sequence.load(std::memory_order_acquire) != head_ + 1;
  }

 private:
  struct Cell {
    std::atomic<size_t> sequence;
    T* item = nullptr;
  };

  const size_t mask_;
  std::unique_ptr<Cell[]> cells_;
  alignas(64) std::atomic<size_t> tail_{0};  // the next position to push to
  alignas(64) size_t head_ = 0;              // the next position to pop from (consumer only)
};

}  // namespace portcullis::audit
