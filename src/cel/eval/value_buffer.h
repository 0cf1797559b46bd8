// Stack storage for a few Values, of which only the number needed is constructed (a
// std::array<Value, N> would construct and destroy all N on every evaluation).
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <vector>

#include "cel/value.h"

namespace portcullis::cel::detail {

template <size_t N>
class ValueBuffer {
 public:
  // `size` null Values, on the stack when size <= N, else on the heap.
  explicit ValueBuffer(size_t size) : size_(size) {
    if (size <= N) {
      std::uninitialized_value_construct_n(inline_values(), size);
    } else {
      heap_.resize(size);
    }
  }
  ~ValueBuffer() {
    if (size_ <= N) std::destroy_n(inline_values(), size_);
  }
  ValueBuffer(const ValueBuffer&) = delete;
  ValueBuffer& operator=(const ValueBuffer&) = delete;

  std::span<Value> values() noexcept {
    return {size_ <= N ? inline_values() : heap_.data(), size_};
  }

 private:
  Value* inline_values() noexcept { return std::launder(reinterpret_cast<Value*>(storage_)); }

  size_t size_;
  alignas(Value) unsigned char storage_[N * sizeof(Value)];
  std::vector<Value> heap_;
};

}  // namespace portcullis::cel::detail
