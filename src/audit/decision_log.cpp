#include "audit/decision_log.h"

#include <cstdio>
#include <exception>
#include <thread>

namespace portcullis::audit {
namespace {

// Entries rendered into one write at most.
constexpr size_t kMaxBatch = 256;
// How long the idle writer sleeps before it looks again (a missed wake-up costs this much).
constexpr auto kIdleWait = std::chrono::milliseconds(500);
// How long the writer waits, unannounced, for more entries before it sleeps (see WriterLoop).
constexpr auto kLinger = std::chrono::milliseconds(5);
constexpr auto kReportInterval = std::chrono::seconds(1);

void WritePeer(const Peer& peer, JsonWriter& json) {
  json.Key("peer");
  json.BeginObject();
  if (!peer.address.empty()) json.Member("address", peer.address);
  if (!peer.user_agent.empty()) json.Member("userAgent", peer.user_agent);
  if (!peer.forwarded_for.empty()) json.Member("forwardedFor", peer.forwarded_for);
  json.EndObject();
}

void WriteMetadata(const DecisionEntry& entry, JsonWriter& json) {
  if (entry.metadata.empty()) return;
  json.Key("metadata");
  json.BeginObject();
  for (const auto& [name, values] : entry.metadata) {
    json.Key(name);
    json.BeginObject();
    json.Key("values");
    json.BeginArray();
    for (const std::string& value : values) json.String(value);
    json.EndArray();
    json.EndObject();
  }
  json.EndObject();
}

}  // namespace

DecisionLog::DecisionLog(std::unique_ptr<DecisionSink> sink, DecisionLogOptions options)
    : sink_(std::move(sink)),
      policy_source_(std::move(options.policy_source)),
      queue_(options.queue_capacity),
      writer_([this] { WriterLoop(); }) {}

DecisionLog::~DecisionLog() {
  Stop();
}

bool DecisionLog::Submit(std::unique_ptr<DecisionEntry> entry) noexcept {
  if (stopping_.load(std::memory_order_relaxed) || !queue_.TryPush(entry)) {
    CountDropped();
    return false;
  }
  // Pairs with the fence in Sleep: either the writer sees this entry before it waits, or this
  // thread sees that it waits and wakes it.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (writer_sleeping_.load(std::memory_order_relaxed)) {
    std::lock_guard lock(wake_mutex_);
    wake_.notify_one();
  }
  return true;
}

void DecisionLog::Stop() {
  std::call_once(stopped_, [this] {
    {
      std::lock_guard lock(wake_mutex_);
      stopping_.store(true);
      wake_.notify_one();
    }
    writer_.join();
    // Entries whose push raced with the stop: never written.
    while (queue_.TryPop()) CountDropped();
    ReportProblems(true);
  });
}

DecisionLog::Stats DecisionLog::stats() const {
  return {.written = written_.load(std::memory_order_relaxed),
          .dropped = dropped_.load(std::memory_order_relaxed),
          .failed = failed_.load(std::memory_order_relaxed)};
}

void DecisionLog::Render(const DecisionEntry& entry, std::string_view policy_source,
                         std::string& out) {
  JsonWriter json(out);
  json.BeginObject();
  json.Member("log.logger", "cerbos.audit");
  json.Member("log.kind", "decision");
  json.Member("callId", entry.call_id);
  json.Key("timestamp");
  json.Time(entry.timestamp);
  WritePeer(entry.peer, json);
  entry.WriteMembers(json);
  WriteMetadata(entry, json);
  if (!policy_source.empty()) {
    json.Key("policySource");
    json.Raw(policy_source);
  }
  json.EndObject();
  out += '\n';
}

void DecisionLog::WriterLoop() {
  std::string batch;
  for (;;) {
    if (WriteQueued(batch)) continue;
    // Nothing queued. When stopping, one more look (an entry submitted before Stop may have been
    // published after the look above); the queue found empty after the flag was seen means that
    // everything submitted before Stop has been written.
    if (stopping_.load()) {
      if (!WriteQueued(batch)) break;
      continue;
    }
    ReportProblems(false);
    // A short wait producers do not know of before the announced sleep: under load entries keep
    // arriving and are written in batches every kLinger without any producer waking the writer
    // (a wakeup per decision would cost a context switch per request).
    std::this_thread::sleep_for(kLinger);
    if (!queue_.Empty()) continue;
    Sleep();
  }
}

bool DecisionLog::WriteQueued(std::string& batch) {
  batch.clear();
  size_t rendered = 0;
  size_t taken = 0;
  while (taken < kMaxBatch) {
    std::unique_ptr<DecisionEntry> entry = queue_.TryPop();
    if (!entry) break;
    ++taken;
    size_t mark = batch.size();
    try {
      Render(*entry, policy_source_, batch);
      ++rendered;
    } catch (const std::exception&) {
      batch.resize(mark);
      failed_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (taken == 0) return false;
  if (rendered > 0) {
    if (sink_->Write(batch)) {
      written_.fetch_add(rendered, std::memory_order_relaxed);
    } else {
      failed_.fetch_add(rendered, std::memory_order_relaxed);
    }
  }
  return true;
}

void DecisionLog::Sleep() {
  std::unique_lock lock(wake_mutex_);
  writer_sleeping_.store(true, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (queue_.Empty() && !stopping_.load()) wake_.wait_for(lock, kIdleWait);
  writer_sleeping_.store(false, std::memory_order_relaxed);
}

void DecisionLog::ReportProblems(bool final) {
  auto now = std::chrono::steady_clock::now();
  if (!final && now - reported_at_ < kReportInterval) return;
  uint64_t dropped = dropped_.load(std::memory_order_relaxed);
  uint64_t failed = failed_.load(std::memory_order_relaxed);
  if (dropped == reported_dropped_ && failed == reported_failed_) return;
  std::fprintf(stderr,
               "portcullis audit: decision log entries lost so far: %llu dropped (queue full), "
               "%llu failed to write\n",
               static_cast<unsigned long long>(dropped), static_cast<unsigned long long>(failed));
  reported_dropped_ = dropped;
  reported_failed_ = failed;
  reported_at_ = now;
}

}  // namespace portcullis::audit
