#include "gateway/sse_parser.h"

namespace portcullis::gateway {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

void SseParser::Feed(std::string_view bytes, const EventCallback& on_event) {
  if (failed_) return;
  // The byte order mark may itself be split across chunks; bytes that turn out not to be one are
  // parsed as the stream's first bytes.
  while (bom_bytes_seen_ < kByteOrderMark.size() && !bytes.empty()) {
    if (bytes.front() != kByteOrderMark[bom_bytes_seen_]) {
      std::string_view not_a_mark = kByteOrderMark.substr(0, bom_bytes_seen_);
      bom_bytes_seen_ = kByteOrderMark.size();
      FeedLines(not_a_mark, on_event);
      break;
    }
    ++bom_bytes_seen_;
    bytes.remove_prefix(1);
  }
  FeedLines(bytes, on_event);
}

void SseParser::FeedLines(std::string_view bytes, const EventCallback& on_event) {
  size_t start = 0;
  if (after_cr_ && !bytes.empty()) {
    if (bytes.front() == '\n') start = 1;  // the LF of a CRLF split by the chunking
    after_cr_ = false;
  }
  while (!failed_) {
    size_t end = bytes.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      line_.append(bytes.substr(start));
      if (line_.size() + data_.size() > max_event_bytes_) Fail();
      return;
    }
    std::string_view line = bytes.substr(start, end - start);
    if (line_.empty()) {
      Line(line, on_event);
    } else {
      line_.append(line);
      if (line_.size() + data_.size() > max_event_bytes_) {
        Fail();
        return;
      }
      Line(line_, on_event);
      line_.clear();
    }
    start = end + 1;
    if (bytes[end] == '\r') {
      if (start == bytes.size()) {
        after_cr_ = true;
      } else if (bytes[start] == '\n') {
        ++start;
      }
    }
  }
}

void SseParser::Line(std::string_view line, const EventCallback& on_event) {
  if (line.empty()) {
    Dispatch(on_event);
    return;
  }
  if (line.front() == ':') return;  // a comment
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    Field(line, {});
    return;
  }
  std::string_view value = line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  Field(line.substr(0, colon), value);
}

void SseParser::Field(std::string_view name, std::string_view value) {
  if (name == "event") {
    type_.assign(value);
  } else if (name == "data") {
    if (data_.size() + value.size() + 1 > max_event_bytes_) {
      Fail();
      return;
    }
    data_.append(value);
    data_ += '\n';
  } else if (name == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
  }
}

void SseParser::Dispatch(const EventCallback& on_event) {
  if (data_.empty()) {
    type_.clear();
    return;
  }
  data_.pop_back();  // the LF after the last data line
  on_event(SseEvent{type_, data_, last_id_});
  data_.clear();
  type_.clear();
}

void SseParser::Fail() {
  failed_ = true;
  std::string().swap(line_);
  std::string().swap(data_);
  std::string().swap(type_);
}

}  // namespace portcullis::gateway
