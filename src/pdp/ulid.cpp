#include "pdp/ulid.h"

#include <chrono>
#include <random>

namespace portcullis::pdp {
namespace {

class UlidGenerator {
 public:
  UlidGenerator() : random_(std::random_device{}()) {}

  std::string Next() {
    uint64_t now = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
    if (now <= last_millis_) {
      // Same (or an earlier, clock stepped back) millisecond: increment the random part.
      now = last_millis_;
      if (++low_ == 0) ++high_;
    } else {
      last_millis_ = now;
      low_ = random_();
      high_ = static_cast<uint16_t>(random_());
    }
    return FormatUlid(now, high_, low_);
  }

 private:
  std::mt19937_64 random_;
  uint64_t last_millis_ = 0;
  uint16_t high_ = 0;
  uint64_t low_ = 0;
};

}  // namespace

std::string FormatUlid(uint64_t unix_millis, uint16_t random_high, uint64_t random_low) {
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // 128 bits: 48 time bits, 16 + 64 random bits; written as 26 groups of 5 bits (130 bits, the
  // top 2 always zero).
  unsigned __int128 bits = (static_cast<unsigned __int128>(unix_millis & 0xFFFFFFFFFFFF) << 80) |
                           (static_cast<unsigned __int128>(random_high) << 64) | random_low;
  std::string text(26, '0');
  for (int i = 25; i >= 0; --i) {
    text[i] = kCrockford[static_cast<unsigned>(bits & 31)];
    bits >>= 5;
  }
  return text;
}

std::string NewUlid() {
  // One generator per thread: no lock on the request path; ids of different threads differ by
  // their independently seeded 80 random bits.
  thread_local UlidGenerator generator;
  return generator.Next();
}

}  // namespace portcullis::pdp
