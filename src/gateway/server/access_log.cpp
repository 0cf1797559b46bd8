#include "gateway/server/access_log.h"

#include <cstdio>
#include <iostream>
#include <utility>

#include "audit/json_writer.h"

namespace portcullis::gateway::server {

std::variant<std::unique_ptr<AccessLog>, std::string> AccessLog::Open(
    const LogDestination& destination) {
  switch (destination.kind) {
    case LogDestination::Kind::kOff:
      return std::unique_ptr<AccessLog>();
    case LogDestination::Kind::kStdout:
      return std::make_unique<AccessLog>(stdout, false);
    case LogDestination::Kind::kStderr:
      return std::make_unique<AccessLog>(stderr, false);
    case LogDestination::Kind::kFile:
      break;
  }
  std::FILE* file = std::fopen(destination.file.c_str(), "a");
  if (file == nullptr) return "access_log: cannot open " + destination.file.string();
  return std::make_unique<AccessLog>(file, true);
}

AccessLog::AccessLog(std::FILE* out, bool owned)
    : out_(out), owned_(owned), writer_([this] { WriterLoop(); }) {}

AccessLog::~AccessLog() {
  Stop();
  if (owned_) std::fclose(out_);
}

void AccessLog::Record(const AccessRecord& record) {
  std::string line;
  audit::JsonWriter json(line);
  json.BeginObject();
  json.Key("timestamp");
  json.Time(std::chrono::system_clock::now());
  if (!record.peer.empty()) json.Member("peer", record.peer);
  json.Member("method", record.method);
  json.Member("path", record.path);
  json.Member("hop", record.hop);
  json.Key("status");
  json.Raw(std::to_string(record.status));
  if (!record.principal.empty()) json.Member("principal", record.principal);
  json.Key("duration_ms");
  json.Raw(std::to_string(std::chrono::duration<double, std::milli>(record.duration).count()));
  json.EndObject();
  line += '\n';

  std::lock_guard lock(mutex_);
  if (stopping_ || buffer_.size() + line.size() > kMaxBufferedBytes) {
    ++dropped_;
    return;
  }
  buffer_ += line;
  if (buffer_.size() > kMaxBufferedBytes / 2) wake_.notify_one();
}

void AccessLog::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void AccessLog::WriterLoop() {
  std::string batch;
  uint64_t reported = 0;
  for (;;) {
    bool last = false;
    uint64_t dropped = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(100),
                     [this] { return stopping_ || buffer_.size() > kMaxBufferedBytes / 2; });
      batch.swap(buffer_);
      last = stopping_;
      dropped = dropped_;
    }
    if (!batch.empty()) {
      std::fwrite(batch.data(), 1, batch.size(), out_);
      std::fflush(out_);
      batch.clear();
    }
    if (dropped != reported) {
      std::cerr << "portcullis serve: access log: " << dropped - reported
                << " line(s) dropped (writer behind)\n";
      reported = dropped;
    }
    if (last) return;
  }
}

}  // namespace portcullis::gateway::server
