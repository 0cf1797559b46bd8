// cel-go's encoders extension: base64.encode(bytes) -> string, base64.decode(string) -> bytes.
#include <string>

#include "cel/lib/base64.h"
#include "cel/library.h"

namespace portcullis::cel {

namespace {

int SextetOf(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

Value Encode(std::span<const Value> args, EvalContext&) {
  return Value::String(lib::Base64Encode(args[0].str()));
}

Value IllegalAt(size_t offset) {
  return Value::Error("illegal base64 data at input byte " + std::to_string(offset));
}

// Standard alphabet; the trailing padding may be present or omitted (cel-go falls back to the
// unpadded encoding), but when present it must be complete.
Value Decode(std::span<const Value> args, EvalContext&) {
  std::string_view in = args[0].str();
  size_t data_end = in.size();
  while (data_end > 0 && in[data_end - 1] == '=') --data_end;
  const size_t padding = in.size() - data_end;
  if (padding > 0 && (in.size() % 4 != 0 || padding > 2)) return IllegalAt(data_end);
  if (data_end % 4 == 1) return IllegalAt(data_end);
  std::string out;
  out.reserve(data_end / 4 * 3 + 2);
  // Leftover bits of a final partial group are dropped, as Go's non-strict decoder does.
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < data_end; ++i) {
    int sextet = SextetOf(in[i]);
    if (sextet < 0) return IllegalAt(i);
    acc = (acc << 6) | static_cast<uint32_t>(sextet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return Value::Bytes(std::move(out));
}

}  // namespace

void AddEncodersExtension(FunctionRegistry& registry) {
  registry.AddGlobal("base64.encode", "base64_encode_bytes", {ArgKind::Of(Kind::kBytes)}, Encode);
  registry.AddGlobal("base64.decode", "base64_decode_string", {ArgKind::Of(Kind::kString)}, Decode);
}

}  // namespace portcullis::cel
