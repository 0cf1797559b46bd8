// Counts heap allocations by replacing the global operator new/delete.
//
// Include in exactly one translation unit of a binary that wants the count (the allocation test
// and the benchmarks); every other binary keeps the standard allocator.
//
// Thread-safety: the counter is atomic; it counts the allocations of all threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace portcullis::alloc_counter {

inline std::atomic<uint64_t> allocations{0};

// The number of operator new calls since the program started.
inline uint64_t Count() noexcept {
  return allocations.load(std::memory_order_relaxed);
}

inline void* Allocate(std::size_t size, std::size_t alignment) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  size = size == 0 ? 1 : size;
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(size)
                : std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace portcullis::alloc_counter

// The nothrow and array forms of the standard library forward to these.
void* operator new(std::size_t size) {
  return portcullis::alloc_counter::Allocate(size, 0);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return portcullis::alloc_counter::Allocate(size, static_cast<std::size_t>(alignment));
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
