// EventLoop: posting from other threads, timers and their cancellation, stopping and running
// again.
#include "net/event_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace portcullis::net {
namespace {

using std::chrono::milliseconds;

TEST(EventLoopTest, RunsPostedFunctionsOnItsThreadInOrder) {
  EventLoop loop;
  std::vector<int> order;
  std::thread::id ran_on;
  bool inside_loop = false;
  std::thread poster([&] {
    loop.Post([&] { order.push_back(1); });
    loop.Post([&] {
      order.push_back(2);
      ran_on = std::this_thread::get_id();
      inside_loop = loop.RunningInThisThread();
      loop.Stop();
    });
  });
  loop.Run();
  poster.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_TRUE(inside_loop);
  EXPECT_FALSE(loop.RunningInThisThread());
}

TEST(EventLoopTest, PostNeverCallsInline) {
  EventLoop loop;
  bool called_inline = true;
  loop.Post([&] {
    bool ran = false;
    loop.Post([&] { ran = true; });
    called_inline = ran;
    loop.Post([&] { loop.Stop(); });
  });
  loop.Run();
  EXPECT_FALSE(called_inline);
}

TEST(EventLoopTest, TimersFireInDeadlineOrder) {
  EventLoop loop;
  std::vector<int> fired;
  loop.RunAfter(milliseconds(40), [&] {
    fired.push_back(40);
    loop.Stop();
  });
  loop.RunAfter(milliseconds(1), [&] { fired.push_back(1); });
  loop.RunAfter(milliseconds(20), [&] { fired.push_back(20); });
  loop.Run();
  EXPECT_EQ(fired, (std::vector<int>{1, 20, 40}));
}

TEST(EventLoopTest, CancelledTimerNeverFiresAndReleasesItsCaptures) {
  EventLoop loop;
  auto capture = std::make_shared<int>(0);
  std::weak_ptr<int> watch = capture;
  bool fired = false;
  TimerHandle timer = loop.RunAfter(milliseconds(1), [&fired, capture] { fired = true; });
  capture.reset();
  timer.Cancel();
  EXPECT_TRUE(watch.expired());
  // A later timer lets the cancelled one's expiry pass.
  loop.RunAfter(milliseconds(20), [&] { loop.Stop(); });
  loop.Run();
  EXPECT_FALSE(fired);
}

TEST(EventLoopTest, CancelAfterExpiryQueuedStillPreventsTheCall) {
  EventLoop loop;
  bool fired = false;
  TimerHandle late;
  // Both expire before the loop runs; the first one to run cancels the other.
  loop.RunAfter(milliseconds(0), [&] { late.Cancel(); });
  late = loop.RunAfter(milliseconds(1), [&] { fired = true; });
  std::this_thread::sleep_for(milliseconds(5));
  loop.RunAfter(milliseconds(10), [&] { loop.Stop(); });
  loop.Run();
  EXPECT_FALSE(fired);
}

TEST(EventLoopTest, CancelIsANoOpOnFiredAndEmptyHandles) {
  EventLoop loop;
  int fired = 0;
  TimerHandle timer = loop.RunAfter(milliseconds(0), [&] {
    ++fired;
    loop.Stop();
  });
  loop.Run();
  timer.Cancel();
  TimerHandle().Cancel();
  EXPECT_EQ(fired, 1);
}

TEST(EventLoopTest, StopFromAnotherThreadAndRunAgain) {
  EventLoop loop;
  std::atomic<bool> running = false;
  loop.Post([&] { running = true; });
  std::thread stopper([&] {
    while (!running) std::this_thread::yield();
    loop.Stop();
  });
  loop.Run();  // returns only through Stop: the loop has no other reason to end
  stopper.join();

  // Work queued while stopped runs on the next Run.
  bool ran = false;
  loop.Post([&] {
    ran = true;
    loop.Stop();
  });
  loop.Run();
  EXPECT_TRUE(ran);
}

TEST(EventLoopTest, StopBeforeRunMakesItReturnAtOnce) {
  EventLoop loop;
  bool ran = false;
  loop.Post([&] { ran = true; });
  loop.Stop();
  loop.Run();
  EXPECT_FALSE(ran);
}

TEST(EventLoopTest, ExceptionsPropagateOutOfRunAndTheLoopRunsOn) {
  EventLoop loop;
  bool ran = false;
  loop.Post([] { throw std::runtime_error("from a posted function"); });
  loop.Post([&] {
    ran = true;
    loop.Stop();
  });
  EXPECT_THROW(loop.Run(), std::runtime_error);
  EXPECT_FALSE(ran);
  loop.Run();
  EXPECT_TRUE(ran);
}

TEST(EventLoopTest, PendingWorkIsDestroyedWithTheLoop) {
  auto capture = std::make_shared<int>(0);
  std::weak_ptr<int> watch = capture;
  {
    EventLoop loop;
    loop.Post([capture] {});
    loop.RunAfter(std::chrono::hours(1), [capture] {});
    capture.reset();
    EXPECT_FALSE(watch.expired());
  }
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace portcullis::net
