// The decision log: one JSON line per decision, in the shape of Cerbos's audit decision entries
// (`cerbos.audit.v1.DecisionLogEntry` as the file backend writes it), written off the request path.
//
//   DecisionLog log(OpenDecisionSink("/var/log/portcullis/decisions.log"), {});
//   auto entry = std::make_unique<MyDecision>(...);   // a DecisionEntry
//   log.Submit(std::move(entry));                      // never blocks
//   ...
//   log.Stop();                                        // writes what is queued
//
// Each line: {"log.logger":"cerbos.audit","log.kind":"decision","callId":...,"timestamp":...,
// "peer":{...}, <the entry's own members, e.g. "checkResources" and "auditTrail">,
// "metadata":{...},"policySource":{...}}.
//
// Submit hands the entry to a bounded lock-free queue (entry_queue.h): one compare-and-swap, no
// lock, no allocation, no system call while the writer is awake (when it sleeps, one uncontended
// mutex to wake it). The writer stays awake a few milliseconds after the queue empties, so under
// steady load it is never woken by a producer and writes in batches. The writer thread renders entries to JSON and writes them to the sink in
// batches. When the queue is full the entry is dropped and counted; the writer reports drops and
// write failures on stderr (at most once a second) and in stats(). Nothing here throws into the
// request path or ends the process.
//
// Thread-safety: Submit and stats may be called from any number of threads at once, also while
// Stop runs (an entry submitted during or after Stop is dropped and counted). Entries are
// rendered on the writer thread: whatever an entry views must stay valid until it is destroyed,
// which happens on the writer thread (or in Stop / the destructor).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "audit/entry_queue.h"
#include "audit/json_writer.h"

namespace portcullis::audit {

// Who made the call (Cerbos's `peer`). Empty fields are omitted.
struct Peer {
  std::string address;        // "127.0.0.1:50312"
  std::string user_agent;     // the User-Agent header
  std::string forwarded_for;  // X-Forwarded-For, then the peer's address (as grpc-gateway does)
};

// One decision. The log writes the members every decision entry has; a subclass writes what is
// specific to its call (Cerbos's `checkResources` / `planResources`, `auditTrail`).
class DecisionEntry {
 public:
  virtual ~DecisionEntry() = default;

  // Writes the call's own members into the entry's JSON object, with json.Key / values.
  // Called once, on the writer thread.
  virtual void WriteMembers(JsonWriter& json) const = 0;

  std::string call_id;  // the id the caller was answered with (Cerbos's cerbosCallId)
  std::chrono::system_clock::time_point timestamp;
  Peer peer;
  // Request metadata (header names lowercased) → values, in order; written as Cerbos's
  // `metadata: {name: {values: [...]}}` when not empty.
  std::vector<std::pair<std::string, std::vector<std::string>>> metadata;
};

// Where rendered lines go. Called from the writer thread only.
class DecisionSink {
 public:
  virtual ~DecisionSink() = default;
  // Writes `lines` (whole lines, each ending in '\n'); false when they could not be written
  // (they are then lost and counted as failed).
  virtual bool Write(std::string_view lines) = 0;
};

struct DecisionLogOptions {
  // Entries waiting to be written at most (rounded up to a power of two).
  size_t queue_capacity = 16384;
  // Cerbos's `policySource` member as JSON text (e.g. {"disk":{"directory":"/policies"}});
  // empty: not written.
  std::string policy_source;
};

class DecisionLog {
 public:
  struct Stats {
    uint64_t written = 0;  // entries the sink accepted
    uint64_t dropped = 0;  // entries not queued: queue full, or submitted after Stop
    uint64_t failed = 0;   // entries lost because rendering or the sink failed
  };

  // Starts the writer thread. REQUIRES: sink is not null.
  DecisionLog(std::unique_ptr<DecisionSink> sink, DecisionLogOptions options = {});
  ~DecisionLog();  // Stop()
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Queues `entry` and returns true, or drops it (counted) and returns false when the queue is
  // full or the log is stopping. Never blocks.
  bool Submit(std::unique_ptr<DecisionEntry> entry) noexcept;

  // Counts an entry its producer could not even build (out of memory) as dropped.
  void CountDropped() noexcept { dropped_.fetch_add(1, std::memory_order_relaxed); }

  // Writes every entry queued before the call, then ends the writer thread. Idempotent.
  void Stop();

  Stats stats() const;

  // The line an entry is written as (with its '\n'), as the writer renders it.
  static void Render(const DecisionEntry& entry, std::string_view policy_source, std::string& out);

 private:
  void WriterLoop();
  // Renders and writes what is queued, up to a batch; false when nothing was queued.
  bool WriteQueued(std::string& batch);
  // Waits until an entry is pushed, Stop is called, or a while has passed.
  void Sleep();
  void ReportProblems(bool final);

  std::unique_ptr<DecisionSink> sink_;
  const std::string policy_source_;
  EntryQueue<DecisionEntry> queue_;

  std::atomic<bool> stopping_{false};
  // Set while the writer waits on wake_; producers only take the mutex to wake it then.
  std::atomic<bool> writer_sleeping_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_;

  std::atomic<uint64_t> written_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> failed_{0};
  // Writer thread only: what was reported on stderr last, and when.
  uint64_t reported_dropped_ = 0;
  uint64_t reported_failed_ = 0;
  std::chrono::steady_clock::time_point reported_at_{};

  std::once_flag stopped_;
  std::thread writer_;
};

}  // namespace portcullis::audit
