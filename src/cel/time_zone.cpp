#include "cel/time_zone.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace portcullis::cel {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAsciiAlnum(char c) {
  return IsAsciiAlpha(c) || IsAsciiDigit(c);
}

// A cursor over the text of a POSIX TZ string.
class TzStringReader {
 public:
  explicit TzStringReader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }

  // A zone abbreviation: letters, or anything but '>' between angle brackets.
  bool SkipName() {
    size_t start = pos_;
    if (Consume('<')) {
      while (!AtEnd() && Peek() != '>') ++pos_;
      return Consume('>') && pos_ - start > 2;
    }
    while (!AtEnd() && IsAsciiAlpha(Peek())) ++pos_;
    return pos_ > start;
  }

  std::optional<int> Number(int max) {
    size_t start = pos_;
    int value = 0;
    while (!AtEnd() && IsAsciiDigit(Peek())) {
      value = value * 10 + (text_[pos_++] - '0');
      if (value > max) return std::nullopt;
    }
    if (pos_ == start) return std::nullopt;
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds; hours up to 167 (TZif v3 rule times).
  std::optional<int32_t> SignedTime() {
    int sign = 1;
    if (Consume('-')) {
      sign = -1;
    } else {
      Consume('+');
    }
    auto hours = Number(167);
    if (!hours) return std::nullopt;
    int32_t seconds = *hours * 3600;
    if (Consume(':')) {
      auto minutes = Number(59);
      if (!minutes) return std::nullopt;
      seconds += *minutes * 60;
      if (Consume(':')) {
        auto secs = Number(59);
        if (!secs) return std::nullopt;
        seconds += *secs;
      }
    }
    return sign * seconds;
  }

  std::optional<PosixTimeZone::Rule> Rule() {
    using Kind = PosixTimeZone::Rule::Kind;
    PosixTimeZone::Rule rule;
    if (Consume('J')) {
      auto day = Number(365);
      if (!day || *day < 1) return std::nullopt;
      rule.kind = Kind::kJulianNoLeap;
      rule.day = *day;
    } else if (Consume('M')) {
      auto month = Number(12);
      if (!month || *month < 1 || !Consume('.')) return std::nullopt;
      auto week = Number(5);
      if (!week || *week < 1 || !Consume('.')) return std::nullopt;
      auto day = Number(6);
      if (!day) return std::nullopt;
      rule.kind = Kind::kMonthWeekDay;
      rule.month = *month;
      rule.week = *week;
      rule.day = *day;
    } else {
      auto day = Number(365);
      if (!day) return std::nullopt;
      rule.kind = Kind::kZeroBasedDay;
      rule.day = *day;
    }
    if (Consume('/')) {
      auto time = SignedTime();
      if (!time) return std::nullopt;
      rule.time_of_day = *time;
    }
    return rule;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// Days since the epoch of the day a rule names in `year`.
int64_t RuleDay(const PosixTimeZone::Rule& rule, int64_t year) {
  using Kind = PosixTimeZone::Rule::Kind;
  int64_t jan1 = DaysFromCivil(year, 1, 1);
  switch (rule.kind) {
    case Kind::kJulianNoLeap:
      return jan1 + rule.day - 1 + (IsLeapYear(year) && rule.day >= 60 ? 1 : 0);
    case Kind::kZeroBasedDay:
      return jan1 + rule.day;
    case Kind::kMonthWeekDay: {
      int64_t first = DaysFromCivil(year, rule.month, 1);
      int day = (rule.day - WeekdayFromDays(first) + 7) % 7 + (rule.week - 1) * 7;
      int length = DaysInMonth(year, rule.month);
      while (day >= length) day -= 7;
      return first + day;
    }
  }
  return jan1;
}

// Big-endian reader over the bytes of a TZif file.
class TzifReader {
 public:
  explicit TzifReader(std::string_view data) : data_(data) {}

  bool Has(size_t n) const { return data_.size() - pos_ >= n; }
  size_t position() const { return pos_; }
  std::string_view Rest() const { return data_.substr(pos_); }
  void Skip(size_t n) { pos_ += n; }

  // REQUIRES: Has(bytes).
  int64_t Signed(int bytes) {
    uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(data_[pos_++]);
    if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(value));
    return static_cast<int64_t>(value);
  }
  uint8_t Byte() { return static_cast<uint8_t>(data_[pos_++]); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct TzifHeader {
  char version;
  uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;

  size_t DataSize(size_t time_bytes) const {
    return size_t{timecnt} * time_bytes + timecnt + size_t{typecnt} * 6 + charcnt +
           size_t{leapcnt} * (time_bytes + 4) + isstdcnt + isutcnt;
  }
};

std::optional<TzifHeader> ReadHeader(TzifReader& reader) {
  if (!reader.Has(44) || reader.Rest().substr(0, 4) != "TZif") return std::nullopt;
  reader.Skip(4);
  TzifHeader header;
  header.version = static_cast<char>(reader.Byte());
  reader.Skip(15);
  header.isutcnt = static_cast<uint32_t>(reader.Signed(4));
  header.isstdcnt = static_cast<uint32_t>(reader.Signed(4));
  header.leapcnt = static_cast<uint32_t>(reader.Signed(4));
  header.timecnt = static_cast<uint32_t>(reader.Signed(4));
  header.typecnt = static_cast<uint32_t>(reader.Signed(4));
  header.charcnt = static_cast<uint32_t>(reader.Signed(4));
  if (header.typecnt == 0 || header.typecnt > 256 || header.timecnt > 1'000'000 ||
      header.leapcnt > 1'000'000 || header.charcnt > 1'000'000 || header.isstdcnt > 256 ||
      header.isutcnt > 256) {
    return std::nullopt;
  }
  return header;
}

// Zone names are relative paths of letters, digits and "_-+." components not starting with a
// dot; anything else (absolute paths, "..") could escape the zoneinfo directory.
bool IsZoneName(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  size_t component_start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      if (i == component_start || name[component_start] == '.') return false;
      component_start = i + 1;
      continue;
    }
    char c = name[i];
    if (!IsAsciiAlnum(c) && c != '_' && c != '-' && c != '+' && c != '.') return false;
  }
  return true;
}

// The file's contents; empty when it cannot be read (missing, a directory...).
std::string ReadZoneFile(const std::string& path) {
  std::string data;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return data;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) data.append(buffer, n);
  std::fclose(file);
  return data;
}

}  // namespace

int WeekdayFromDays(int64_t days) {
  int64_t weekday = (days + 4) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(weekday < 0 ? weekday + 7 : weekday);
}

bool IsLeapYear(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Counts in 400-year eras of 146097 days, with years starting on March 1 so that the leap day
// ends a year.
int64_t DaysFromCivil(int64_t year, int month, int day) {
  int64_t y = month <= 2 ? year - 1 : year;
  int64_t era = FloorDiv(y, 400);
  int64_t year_of_era = y - era * 400;
  int month_from_march = month > 2 ? month - 3 : month + 9;
  int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

CivilDate CivilFromDays(int64_t days) {
  int64_t shifted = days + 719468;
  int64_t era = FloorDiv(shifted, 146097);
  // Within an era every quantity is small and non-negative: 32-bit unsigned arithmetic is exact
  // and its divisions by constants are cheaper.
  uint32_t day_of_era = static_cast<uint32_t>(shifted - era * 146097);
  uint32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  uint32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  uint32_t month_from_march = (5 * day_of_year + 2) / 153;
  int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  int64_t year = int64_t{year_of_era} + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

std::optional<PosixTimeZone> PosixTimeZone::Parse(std::string_view text) {
  TzStringReader reader(text);
  PosixTimeZone zone;
  if (!reader.SkipName()) return std::nullopt;
  auto std_time = reader.SignedTime();
  if (!std_time) return std::nullopt;
  zone.std_offset = -*std_time;  // POSIX offsets count hours west of UTC
  if (reader.AtEnd()) return zone;

  if (!reader.SkipName()) return std::nullopt;
  zone.has_dst = true;
  zone.dst_offset = zone.std_offset + 3600;
  if (!reader.AtEnd() && reader.Peek() != ',') {
    auto dst_time = reader.SignedTime();
    if (!dst_time) return std::nullopt;
    zone.dst_offset = -*dst_time;
  }
  if (reader.AtEnd()) {
    // POSIX leaves the default rule to the implementation; the US rule is the usual choice.
    zone.dst_start = {Rule::Kind::kMonthWeekDay, 0, 2, 3, 7200};
    zone.dst_end = {Rule::Kind::kMonthWeekDay, 0, 1, 11, 7200};
    return zone;
  }
  if (!reader.Consume(',')) return std::nullopt;
  auto start = reader.Rule();
  if (!start || !reader.Consume(',')) return std::nullopt;
  auto end = reader.Rule();
  if (!end || !reader.AtEnd()) return std::nullopt;
  zone.dst_start = *start;
  zone.dst_end = *end;
  return zone;
}

int32_t PosixTimeZone::OffsetAt(int64_t unix_seconds) const {
  if (!has_dst) return std_offset;
  int64_t year = CivilFromDays(FloorDiv(unix_seconds + std_offset, kSecondsPerDay)).year;
  // Start times are given in standard local time, end times in daylight local time.
  int64_t start = RuleDay(dst_start, year) * kSecondsPerDay + dst_start.time_of_day - std_offset;
  int64_t end = RuleDay(dst_end, year) * kSecondsPerDay + dst_end.time_of_day - dst_offset;
  bool in_dst = start < end ? (unix_seconds >= start && unix_seconds < end)
                            : !(unix_seconds >= end && unix_seconds < start);  // southern
  return in_dst ? dst_offset : std_offset;
}

std::optional<TimeZone> TimeZone::FromTzif(std::string_view data) {
  TzifReader reader(data);
  auto header = ReadHeader(reader);
  if (!header) return std::nullopt;
  size_t time_bytes = 4;
  if (header->version >= '2') {
    // Skip the 32-bit block: the 64-bit one that follows it covers all instants.
    if (!reader.Has(header->DataSize(4))) return std::nullopt;
    reader.Skip(header->DataSize(4));
    header = ReadHeader(reader);
    if (!header) return std::nullopt;
    time_bytes = 8;
  }
  if (!reader.Has(header->DataSize(time_bytes))) return std::nullopt;

  TimeZone zone;
  zone.transition_times_.reserve(header->timecnt);
  for (uint32_t i = 0; i < header->timecnt; ++i) {
    zone.transition_times_.push_back(reader.Signed(static_cast<int>(time_bytes)));
  }
  if (!std::is_sorted(zone.transition_times_.begin(), zone.transition_times_.end())) {
    return std::nullopt;
  }
  for (uint32_t i = 0; i < header->timecnt; ++i) {
    uint8_t type = reader.Byte();
    if (type >= header->typecnt) return std::nullopt;
    zone.transition_types_.push_back(type);
  }
  for (uint32_t i = 0; i < header->typecnt; ++i) {
    zone.type_offsets_.push_back(static_cast<int32_t>(reader.Signed(4)));
    reader.Skip(2);  // isdst, abbreviation index
  }
  reader.Skip(header->DataSize(time_bytes) - (header->timecnt * (time_bytes + 1)) -
              header->typecnt * 6);

  if (time_bytes == 8) {
    // Footer: "\n" TZ-string "\n"; an empty string means no rule.
    std::string_view rest = reader.Rest();
    if (rest.size() < 2 || rest[0] != '\n') return std::nullopt;
    size_t end = rest.find('\n', 1);
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view tz = rest.substr(1, end - 1);
    if (!tz.empty()) {
      zone.footer_ = PosixTimeZone::Parse(tz);
      if (!zone.footer_) return std::nullopt;
    }
  }
  return zone;
}

int32_t TimeZone::OffsetAt(int64_t unix_seconds) const {
  if (transition_times_.empty() || unix_seconds < transition_times_.front()) {
    if (transition_times_.empty() && footer_) return footer_->OffsetAt(unix_seconds);
    return type_offsets_.front();
  }
  if (footer_ && unix_seconds >= transition_times_.back()) return footer_->OffsetAt(unix_seconds);
  auto after = std::upper_bound(transition_times_.begin(), transition_times_.end(), unix_seconds);
  size_t index = static_cast<size_t>(after - transition_times_.begin()) - 1;
  return type_offsets_[transition_types_[index]];
}

const TimeZone* LoadTimeZone(std::string_view name) {
  // Policies mostly use one zone: remembering the last one per thread skips the shared lock.
  struct LastLookup {
    std::string name;
    const TimeZone* zone = nullptr;
  };
  thread_local LastLookup last;
  if (last.zone && last.name == name) return last.zone;

  // Transparent hashing lets lookups use the caller's string_view without allocating.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  static std::shared_mutex mutex;
  static std::unordered_map<std::string, std::unique_ptr<const TimeZone>, NameHash, std::equal_to<>>
      cache;
  const TimeZone* zone = nullptr;
  {
    std::shared_lock lock(mutex);
    if (auto it = cache.find(name); it != cache.end()) zone = it->second.get();
  }
  // Only zones that exist are cached, so lookups of arbitrary names cannot grow the cache.
  if (!zone && IsZoneName(name)) {
    std::string key(name);
    if (auto parsed = TimeZone::FromTzif(ReadZoneFile("/usr/share/zoneinfo/" + key))) {
      std::unique_lock lock(mutex);
      auto [it, inserted] =
          cache.emplace(std::move(key), std::make_unique<const TimeZone>(std::move(*parsed)));
      zone = it->second.get();
    }
  }
  if (zone) {
    last.name.assign(name);
    last.zone = zone;
  }
  return zone;
}

}  // namespace portcullis::cel
