// Cerbos's network functions: the legacy inIPAddrRange (Go net.ParseIP/ParseCIDR semantics) and
// the 0.55 IP/CIDR library (Kubernetes' semantics: strict parsing, no IPv4-mapped IPv6 addresses,
// no zones). IP addresses and CIDRs are held as their canonical strings.
#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "cel/lib/cerbos_parts.h"

namespace portcullis::cel::cerbos {

namespace {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // IPv4 in bytes[0..3]
  bool v4 = false;

  int bits() const { return v4 ? 32 : 128; }
  // ::ffff:a.b.c.d
  bool IsMapped4() const {
    for (int i = 0; i < 10; ++i) {
      if (bytes[i] != 0) return false;
    }
    return !v4 && bytes[10] == 0xFF && bytes[11] == 0xFF;
  }
  IpAddress Unmapped() const {
    if (!IsMapped4()) return *this;
    IpAddress out;
    out.v4 = true;
    for (int i = 0; i < 4; ++i) out.bytes[i] = bytes[12 + i];
    return out;
  }
  bool operator==(const IpAddress&) const = default;
};

struct Cidr {
  IpAddress address;  // as written, host bits included
  int prefix = 0;
};

// Dotted decimal, four fields, no leading zeros.
std::optional<IpAddress> ParseIPv4(std::string_view s) {
  IpAddress ip;
  ip.v4 = true;
  size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    if (field > 0) {
      if (pos >= s.size() || s[pos] != '.') return std::nullopt;
      ++pos;
    }
    size_t start = pos;
    int value = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 3) {
      value = value * 10 + (s[pos] - '0');
      ++pos;
    }
    const size_t digits = pos - start;
    if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) return std::nullopt;
    ip.bytes[field] = static_cast<uint8_t>(value);
  }
  if (pos != s.size()) return std::nullopt;
  return ip;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Groups of 1-4 hex digits, at most one "::", optionally ending in dotted IPv4. No zones.
std::optional<IpAddress> ParseIPv6(std::string_view s) {
  IpAddress ip;
  int groups = 0;
  int ellipsis = -1;  // group index where "::" stands
  size_t pos = 0;
  if (s.substr(0, 2) == "::") {
    ellipsis = 0;
    pos = 2;
  }
  while (pos < s.size() && groups < 8) {
    // A trailing dotted IPv4 fills two groups.
    size_t end = s.find_first_of(":", pos);
    std::string_view field = s.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (field.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos || groups > 6) return std::nullopt;
      auto v4 = ParseIPv4(field);
      if (!v4) return std::nullopt;
      for (int i = 0; i < 4; ++i) ip.bytes[groups * 2 + i] = v4->bytes[i];
      groups += 2;
      pos = s.size();
      break;
    }
    if (field.empty() || field.size() > 4) return std::nullopt;
    int value = 0;
    for (char c : field) {
      int d = HexDigit(c);
      if (d < 0) return std::nullopt;
      value = value * 16 + d;
    }
    ip.bytes[groups * 2] = static_cast<uint8_t>(value >> 8);
    ip.bytes[groups * 2 + 1] = static_cast<uint8_t>(value & 0xFF);
    ++groups;
    pos += field.size();
    if (pos == s.size()) break;
    ++pos;  // ':'
    if (pos < s.size() && s[pos] == ':') {
      if (ellipsis >= 0) return std::nullopt;
      ellipsis = groups;
      ++pos;
    } else if (pos == s.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }
  if (pos != s.size()) return std::nullopt;
  if (ellipsis < 0) {
    if (groups != 8) return std::nullopt;
  } else {
    if (groups >= 8) return std::nullopt;
    // Move the groups after "::" to the end.
    const int moved = groups - ellipsis;
    const int gap = 8 - groups;
    for (int g = moved - 1; g >= 0; --g) {
      ip.bytes[(ellipsis + gap + g) * 2] = ip.bytes[(ellipsis + g) * 2];
      ip.bytes[(ellipsis + gap + g) * 2 + 1] = ip.bytes[(ellipsis + g) * 2 + 1];
    }
    for (int g = 0; g < gap; ++g) {
      ip.bytes[(ellipsis + g) * 2] = 0;
      ip.bytes[(ellipsis + g) * 2 + 1] = 0;
    }
  }
  return ip;
}

std::optional<IpAddress> ParseIp(std::string_view s) {
  if (s.find(':') != std::string_view::npos) return ParseIPv6(s);
  return ParseIPv4(s);
}

// The 0.55 library's addresses: IPv4-mapped IPv6 addresses are rejected.
std::optional<IpAddress> ParseStrictIp(std::string_view s) {
  auto ip = ParseIp(s);
  if (ip && ip->IsMapped4()) return std::nullopt;
  return ip;
}

std::optional<Cidr> ParseCidr(std::string_view s, bool strict) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = strict ? ParseStrictIp(s.substr(0, slash)) : ParseIp(s.substr(0, slash));
  if (!ip) return std::nullopt;
  std::string_view bits = s.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || (bits.size() > 1 && bits[0] == '0')) return std::nullopt;
  int prefix = 0;
  for (char c : bits) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  if (prefix > ip->bits()) return std::nullopt;
  return Cidr{*ip, prefix};
}

// RFC 5952: lowercase hex, the longest run (first on ties) of two or more zero groups as "::".
std::string FormatIp(const IpAddress& ip) {
  if (ip.v4) {
    return std::to_string(ip.bytes[0]) + "." + std::to_string(ip.bytes[1]) + "." +
           std::to_string(ip.bytes[2]) + "." + std::to_string(ip.bytes[3]);
  }
  int group[8];
  for (int g = 0; g < 8; ++g) group[g] = (ip.bytes[g * 2] << 8) | ip.bytes[g * 2 + 1];
  int best_start = -1;
  int best_len = 1;
  for (int g = 0; g < 8;) {
    int len = 0;
    while (g + len < 8 && group[g + len] == 0) ++len;
    if (len > best_len) best_start = g, best_len = len;
    g += len > 0 ? len : 1;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int g = 0; g < 8; ++g) {
    if (g == best_start) {
      out += "::";
      g += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (group[g] >> shift) & 0xF;
      if (d != 0 || started || shift == 0) out += kHex[d], started = true;
    }
  }
  return out;
}

std::string FormatCidr(const Cidr& c) {
  return FormatIp(c.address) + "/" + std::to_string(c.prefix);
}

IpAddress Masked(const IpAddress& ip, int prefix) {
  IpAddress out = ip;
  for (int i = 0; i < 16; ++i) {
    int keep = std::clamp(prefix - i * 8, 0, 8);
    out.bytes[i] &= static_cast<uint8_t>(0xFF00 >> keep);
  }
  return out;
}

bool Contains(const Cidr& c, const IpAddress& ip) {
  return c.address.v4 == ip.v4 && Masked(ip, c.prefix) == Masked(c.address, c.prefix);
}

// --- The legacy function ------------------------------------------------------------------------

// Go's net.IPNet.Contains: IPv4-mapped IPv6 addresses are compared as IPv4.
Value InIpAddrRange(std::span<const Value> args, EvalContext&) {
  auto ip = ParseIp(args[0].str());
  if (!ip) return Value::Error("invalid IP address: " + std::string(args[0].str()));
  auto cidr = ParseCidr(args[1].str(), false);
  if (!cidr) return Value::Error("invalid CIDR address: " + std::string(args[1].str()));
  if (cidr->address.IsMapped4() && cidr->prefix >= 96) {
    cidr = Cidr{cidr->address.Unmapped(), cidr->prefix - 96};
  }
  return Value::Bool(Contains(*cidr, ip->Unmapped()));
}

// --- ip() and its methods ------------------------------------------------------------------------

Value IpParseError(std::string_view s) {
  return Value::Error("IP Address \"" + std::string(s) + "\" parse error during conversion from " +
                      "string");
}

Value CidrParseError(std::string_view s) {
  return Value::Error("network address parse error during conversion from string: " +
                      std::string(s));
}

Value IsIp(std::span<const Value> args, EvalContext&) {
  return Value::Bool(ParseStrictIp(args[0].str()).has_value());
}

Value ToIp(std::span<const Value> args, EvalContext&) {
  auto ip = ParseStrictIp(args[0].str());
  if (!ip) return IpParseError(args[0].str());
  return Value::String(FormatIp(*ip));
}

Value IsCanonical(std::span<const Value> args, EvalContext&) {
  auto ip = ParseStrictIp(args[0].str());
  if (!ip) return IpParseError(args[0].str());
  return Value::Bool(FormatIp(*ip) == args[0].str());
}

// An IP method: parses the receiver and applies `test` to it.
template <bool (*kTest)(const IpAddress&)>
Value IpTest(std::span<const Value> args, EvalContext&) {
  auto ip = ParseStrictIp(args[0].str());
  if (!ip) return IpParseError(args[0].str());
  return Value::Bool(kTest(*ip));
}

bool IsUnspecified(const IpAddress& ip) {
  return ip == IpAddress{{}, ip.v4};
}

bool IsLoopback(const IpAddress& ip) {
  if (ip.v4) return ip.bytes[0] == 127;
  IpAddress one;
  one.bytes[15] = 1;
  return ip == one;
}

bool IsMulticast(const IpAddress& ip) {
  return ip.v4 ? (ip.bytes[0] & 0xF0) == 0xE0 : ip.bytes[0] == 0xFF;
}

bool IsLinkLocalMulticast(const IpAddress& ip) {
  if (ip.v4) return ip.bytes[0] == 224 && ip.bytes[1] == 0 && ip.bytes[2] == 0;
  return ip.bytes[0] == 0xFF && (ip.bytes[1] & 0x0F) == 0x02;
}

bool IsLinkLocalUnicast(const IpAddress& ip) {
  if (ip.v4) return ip.bytes[0] == 169 && ip.bytes[1] == 254;
  return ip.bytes[0] == 0xFE && (ip.bytes[1] & 0xC0) == 0x80;
}

// Go's netip.Addr.IsGlobalUnicast: everything but the special ranges above and the IPv4
// broadcast address (private ranges count as global unicast).
bool IsGlobalUnicast(const IpAddress& ip) {
  if (ip.v4 && ip.bytes[0] == 255 && ip.bytes[1] == 255 && ip.bytes[2] == 255 &&
      ip.bytes[3] == 255) {
    return false;
  }
  return !IsUnspecified(ip) && !IsLoopback(ip) && !IsMulticast(ip) && !IsLinkLocalUnicast(ip);
}

Value Family(std::span<const Value> args, EvalContext&) {
  auto ip = ParseStrictIp(args[0].str());
  if (!ip) return IpParseError(args[0].str());
  return Value::Int(ip->v4 ? 4 : 6);
}

// --- cidr() and its methods ----------------------------------------------------------------------

Value IsCidr(std::span<const Value> args, EvalContext&) {
  return Value::Bool(ParseCidr(args[0].str(), true).has_value());
}

Value ToCidr(std::span<const Value> args, EvalContext&) {
  auto c = ParseCidr(args[0].str(), true);
  if (!c) return CidrParseError(args[0].str());
  return Value::String(FormatCidr(*c));
}

Value ContainsIp(std::span<const Value> args, EvalContext&) {
  auto c = ParseCidr(args[0].str(), true);
  if (!c) return CidrParseError(args[0].str());
  auto ip = ParseStrictIp(args[1].str());
  if (!ip) return IpParseError(args[1].str());
  return Value::Bool(Contains(*c, *ip));
}

Value ContainsCidr(std::span<const Value> args, EvalContext&) {
  auto outer = ParseCidr(args[0].str(), true);
  if (!outer) return CidrParseError(args[0].str());
  auto inner = ParseCidr(args[1].str(), true);
  if (!inner) return CidrParseError(args[1].str());
  return Value::Bool(inner->prefix >= outer->prefix && Contains(*outer, inner->address));
}

// REQUIRES: a CIDR method; parses the receiver and applies `fn`.
template <Value (*kFn)(const Cidr&)>
Value CidrMethod(std::span<const Value> args, EvalContext&) {
  auto c = ParseCidr(args[0].str(), true);
  if (!c) return CidrParseError(args[0].str());
  return kFn(*c);
}

Value CidrIp(const Cidr& c) {
  return Value::String(FormatIp(c.address));
}
Value CidrMasked(const Cidr& c) {
  return Value::String(FormatCidr({Masked(c.address, c.prefix), c.prefix}));
}
Value CidrPrefixLength(const Cidr& c) {
  return Value::Int(c.prefix);
}
// Whether the address has no bits set past the prefix (it is the network address itself).
Value CidrIsMask(const Cidr& c) {
  return Value::Bool(Masked(c.address, c.prefix) == c.address);
}

}  // namespace

void AddNetwork(FunctionRegistry& registry) {
  const ArgKind str = ArgKind::Of(Kind::kString);
  registry.AddMember("inIPAddrRange", "inIPAddrRange_string", {str, str}, InIpAddrRange);

  registry.AddGlobal("isIP", "is_ip", {str}, IsIp);
  registry.AddGlobal("ip", "string_to_ip", {str}, ToIp);
  registry.AddGlobal("ip.isCanonical", "ip_is_canonical", {str}, IsCanonical);
  registry.AddMember("family", "ip_family", {str}, Family);
  registry.AddMember("isUnspecified", "ip_is_unspecified", {str}, IpTest<IsUnspecified>);
  registry.AddMember("isLoopback", "ip_is_loopback", {str}, IpTest<IsLoopback>);
  registry.AddMember("isLinkLocalMulticast", "ip_is_link_local_multicast", {str},
                     IpTest<IsLinkLocalMulticast>);
  registry.AddMember("isLinkLocalUnicast", "ip_is_link_local_unicast", {str},
                     IpTest<IsLinkLocalUnicast>);
  registry.AddMember("isGlobalUnicast", "ip_is_global_unicast", {str}, IpTest<IsGlobalUnicast>);

  registry.AddGlobal("isCIDR", "is_cidr", {str}, IsCidr);
  registry.AddGlobal("cidr", "string_to_cidr", {str}, ToCidr);
  registry.AddMember("containsIP", "cidr_contains_ip", {str, str}, ContainsIp);
  registry.AddMember("containsCIDR", "cidr_contains_cidr", {str, str}, ContainsCidr);
  registry.AddMember("ip", "cidr_ip", {str}, CidrMethod<CidrIp>);
  registry.AddMember("masked", "cidr_masked", {str}, CidrMethod<CidrMasked>);
  registry.AddMember("prefixLength", "cidr_prefix_length", {str}, CidrMethod<CidrPrefixLength>);
  registry.AddMember("isMask", "cidr_is_mask", {str}, CidrMethod<CidrIsMask>);
}

}  // namespace portcullis::cel::cerbos
