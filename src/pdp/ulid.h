// ULIDs (https://github.com/ulid/spec) for Cerbos's `cerbosCallId`: 48-bit milliseconds since the
// Unix epoch then 80 random bits, 26 characters of Crockford base32. Within one millisecond the
// random part is incremented, so ids from one thread sort in creation order.
//
// Thread-safety: NewUlid may be called from any thread (one generator per thread, no lock).
#pragma once

#include <cstdint>
#include <string>

namespace portcullis::pdp {

std::string NewUlid();

// The ULID text of a given time and 80-bit random part (high 16 bits, low 64 bits).
std::string FormatUlid(uint64_t unix_millis, uint16_t random_high, uint64_t random_low);

}  // namespace portcullis::pdp
