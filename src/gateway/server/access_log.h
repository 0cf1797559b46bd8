// The access log: one JSON line per answered request, written off the request path.
//
//   {"timestamp":"2026-11-28T10:00:00.123Z","peer":"127.0.0.1:50312","method":"POST",
//    "path":"/mcp","hop":"mcp","status":200,"principal":"support-agent","duration_ms":3.2}
//
// Record formats the line into a buffer under a mutex (no system call); a writer thread writes
// the buffer out every 100 ms, or sooner when it fills. Lines that do not fit a full buffer are
// dropped and counted (reported on stderr by the writer). The request's path is logged
// without its query string (which can carry secrets); no header value is ever logged.
//
// Thread-safety: Record may be called concurrently from any threads; Stop once, last.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <variant>

#include "gateway/config/gateway_config.h"

namespace portcullis::gateway::server {

struct AccessRecord {
  std::string_view peer;
  std::string_view method;
  std::string_view path;
  std::string_view hop;
  int status = 0;
  std::string_view principal;  // empty before authentication
  std::chrono::steady_clock::duration duration{};
};

class AccessLog {
 public:
  static constexpr size_t kMaxBufferedBytes = 1 << 20;

  // The log `destination` asks for: null for kOff, or an error message naming the file.
  static std::variant<std::unique_ptr<AccessLog>, std::string> Open(
      const LogDestination& destination);

  explicit AccessLog(std::FILE* out, bool owned);
  ~AccessLog();  // Stop()
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Record(const AccessRecord& record);
  // Writes what is buffered and ends the writer thread. Idempotent.
  void Stop();

 private:
  void WriterLoop();

  std::FILE* out_;
  bool owned_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string buffer_;
  uint64_t dropped_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace portcullis::gateway::server
