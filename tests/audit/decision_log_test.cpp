#include "audit/decision_log.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <boost/json/parse.hpp>

#include "audit/file_sink.h"

namespace portcullis::audit {
namespace {

// An entry whose own member is its number.
class NumberedEntry : public DecisionEntry {
 public:
  explicit NumberedEntry(int number, bool fails = false) : number_(number), fails_(fails) {
    call_id = "call-" + std::to_string(number);
  }
  void WriteMembers(JsonWriter& json) const override {
    if (fails_) throw std::runtime_error("cannot render");
    json.Key("number");
    json.Raw(std::to_string(number_));
  }

 private:
  int number_;
  bool fails_;
};

std::unique_ptr<DecisionEntry> Entry(int number) {
  return std::make_unique<NumberedEntry>(number);
}

// Collects what is written; a closed gate holds the writer inside Write until it is opened.
class RecordingSink : public DecisionSink {
 public:
  bool Write(std::string_view lines) override {
    std::unique_lock lock(mutex_);
    ++writes_in_progress_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
    --writes_in_progress_;
    text_ += lines;
    return succeed_;
  }

  void CloseGate() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }
  void OpenGate() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void FailWrites() {
    std::lock_guard lock(mutex_);
    succeed_ = false;
  }
  // Waits until the writer is held at the gate.
  void AwaitBlockedWriter() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return writes_in_progress_ > 0; });
  }
  std::vector<boost::json::value> Lines() {
    std::lock_guard lock(mutex_);
    std::vector<boost::json::value> lines;
    std::istringstream in(text_);
    for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line));
    return lines;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
  bool succeed_ = true;
  int writes_in_progress_ = 0;
  std::string text_;
};

struct LogWithSink {
  explicit LogWithSink(size_t capacity = 16384)
      : sink(new RecordingSink),
        log(std::unique_ptr<DecisionSink>(sink),
            DecisionLogOptions{.queue_capacity = capacity, .policy_source = ""}) {}
  RecordingSink* sink;  // owned by log
  DecisionLog log;
};

TEST(DecisionLogTest, WritesEveryEntryInSubmitOrderAsOneJsonLine) {
  LogWithSink fixture;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(fixture.log.Submit(Entry(i)));
  fixture.log.Stop();
  std::vector<boost::json::value> lines = fixture.sink->Lines();
  ASSERT_EQ(lines.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(lines[i].at("number").as_int64(), i);
    EXPECT_EQ(lines[i].at("callId").as_string(), "call-" + std::to_string(i));
  }
  EXPECT_EQ(fixture.log.stats().written, 1000u);
  EXPECT_EQ(fixture.log.stats().dropped, 0u);
}

TEST(DecisionLogTest, StopWritesWhatIsStillQueued) {
  LogWithSink fixture;
  fixture.sink->CloseGate();
  ASSERT_TRUE(fixture.log.Submit(Entry(0)));
  fixture.sink->AwaitBlockedWriter();
  // Queued while the writer is busy: only Stop can still write them.
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(fixture.log.Submit(Entry(i)));
  fixture.sink->OpenGate();
  fixture.log.Stop();
  EXPECT_EQ(fixture.sink->Lines().size(), 11u);
  EXPECT_EQ(fixture.log.stats().written, 11u);
}

TEST(DecisionLogTest, AFullQueueDropsAndCountsWithoutBlocking) {
  LogWithSink fixture(/*capacity=*/4);
  fixture.sink->CloseGate();
  ASSERT_TRUE(fixture.log.Submit(Entry(0)));
  fixture.sink->AwaitBlockedWriter();  // entry 0 has left the queue
  for (int i = 1; i <= 4; ++i) EXPECT_TRUE(fixture.log.Submit(Entry(i)));
  for (int i = 5; i <= 7; ++i) EXPECT_FALSE(fixture.log.Submit(Entry(i)));
  EXPECT_EQ(fixture.log.stats().dropped, 3u);
  fixture.sink->OpenGate();
  fixture.log.Stop();
  std::vector<boost::json::value> lines = fixture.sink->Lines();
  ASSERT_EQ(lines.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(lines[i].at("number").as_int64(), i);
  EXPECT_EQ(fixture.log.stats().written, 5u);
  EXPECT_EQ(fixture.log.stats().dropped, 3u);
}

TEST(DecisionLogTest, EntriesAfterStopAreDroppedAndCounted) {
  LogWithSink fixture;
  fixture.log.Stop();
  fixture.log.Stop();  // idempotent
  EXPECT_FALSE(fixture.log.Submit(Entry(1)));
  EXPECT_EQ(fixture.log.stats().dropped, 1u);
  EXPECT_TRUE(fixture.sink->Lines().empty());
}

TEST(DecisionLogTest, CountsEntriesThatFailToRenderOrToBeWritten) {
  LogWithSink fixture;
  fixture.sink->CloseGate();
  ASSERT_TRUE(fixture.log.Submit(Entry(0)));
  fixture.sink->AwaitBlockedWriter();
  ASSERT_TRUE(fixture.log.Submit(std::make_unique<NumberedEntry>(1, /*fails=*/true)));
  ASSERT_TRUE(fixture.log.Submit(Entry(2)));
  fixture.sink->FailWrites();  // the write of entry 0 under way fails too
  fixture.sink->OpenGate();
  fixture.log.Stop();
  EXPECT_EQ(fixture.log.stats().written, 0u);
  EXPECT_EQ(fixture.log.stats().failed, 3u);
}

TEST(DecisionLogTest, RendersCerbosDecisionEntryMembers) {
  NumberedEntry entry(7);
  entry.call_id = "01HX";
  entry.timestamp = std::chrono::system_clock::time_point(std::chrono::seconds(1714557600));
  entry.peer = {.address = "127.0.0.1:5000", .user_agent = "", .forwarded_for = "127.0.0.1"};
  entry.metadata = {{"x-tenant", {"a", "b"}}};
  std::string line;
  DecisionLog::Render(entry, R"({"disk":{"directory":"/p"}})", line);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(boost::json::parse(line), boost::json::parse(R"({
    "log.logger": "cerbos.audit", "log.kind": "decision", "callId": "01HX",
    "timestamp": "2024-05-01T10:00:00Z",
    "peer": {"address": "127.0.0.1:5000", "forwardedFor": "127.0.0.1"},
    "number": 7,
    "metadata": {"x-tenant": {"values": ["a", "b"]}},
    "policySource": {"disk": {"directory": "/p"}}})"));
}

TEST(FileSinkTest, AppendsToTheFile) {
  std::filesystem::path path = std::filesystem::path(testing::TempDir()) / "decisions.log";
  std::filesystem::remove(path);
  {
    std::ofstream(path) << "earlier\n";
    auto sink = OpenFileSink(path);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<DecisionSink>>(sink));
    DecisionLog log(std::move(std::get<std::unique_ptr<DecisionSink>>(sink)));
    log.Submit(Entry(1));
    log.Submit(Entry(2));
  }  // the destructor stops the log
  std::ifstream in(path);
  std::string first, second, third;
  std::getline(in, first);
  std::getline(in, second);
  std::getline(in, third);
  EXPECT_EQ(first, "earlier");
  EXPECT_EQ(boost::json::parse(second).at("number").as_int64(), 1);
  EXPECT_EQ(boost::json::parse(third).at("number").as_int64(), 2);
}

TEST(FileSinkTest, AnUnopenableFileIsAnErrorNamingIt) {
  auto sink = OpenFileSink("/nonexistent-directory/decisions.log");
  ASSERT_TRUE(std::holds_alternative<std::string>(sink));
  EXPECT_EQ(std::get<std::string>(sink),
            "/nonexistent-directory/decisions.log: No such file or directory");
}

}  // namespace
}  // namespace portcullis::audit
