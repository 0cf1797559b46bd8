// CEL output values as Cerbos writes them in `outputs[].val`: cel-go's conversion to
// google.protobuf.Value, then protobuf JSON. Ints and uints within ±(2^53-1) are numbers, larger
// ones strings; doubles numbers (Go's formatting); timestamps RFC 3339 with trailing zeros
// trimmed; durations seconds as the shortest decimal plus "s"; bytes base64; maps objects with
// sorted keys (string keys only); lists arrays.
//
// Thread-safety: pure function.
#pragma once

#include <string>

#include "cel/value.h"

namespace portcullis::pdp {

enum class OutputJsonStatus {
  kOk,
  kUnconvertible,  // `error` says why; Cerbos reports it as the entry's error
  kNotFinite,      // NaN or infinity: Cerbos fails the whole request
};

// Appends the JSON of `value` to `out` (left partially written unless kOk).
OutputJsonStatus AppendOutputJson(const cel::Value& value, std::string& out, std::string& error);

// Appends `number` as Go's protojson writes a double ("1", "1.5", "1e-07" as "1e-7", "1e+21").
// REQUIRES: finite.
void AppendJsonDouble(double number, std::string& out);

}  // namespace portcullis::pdp
