#include "audit/json_writer.h"

#include <boost/json/serialize.hpp>

#include "cel/time.h"

namespace portcullis::audit {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  out_ += bracket;
  empty_.push_back(true);
}

void JsonWriter::Close(char bracket) {
  out_ += bracket;
  empty_.pop_back();
}

void JsonWriter::Key(std::string_view name) {
  BeforeValue();
  out_ += boost::json::serialize(name);
  out_ += ':';
  after_key_ = true;
}

void JsonWriter::String(std::string_view text) {
  BeforeValue();
  out_ += boost::json::serialize(text);
}

void JsonWriter::Json(const boost::json::value& value) {
  BeforeValue();
  out_ += boost::json::serialize(value);
}

void JsonWriter::Time(std::chrono::system_clock::time_point time) {
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch());
  auto seconds = std::chrono::floor<std::chrono::seconds>(nanos);
  String(cel::FormatTimestamp(
      {.seconds = seconds.count(), .nanos = static_cast<int32_t>((nanos - seconds).count())}));
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_ += json;
}

}  // namespace portcullis::audit
