// One worker's event loop: a queue of functions and timers run by one thread (Asio underneath,
// kept out of this header; net/*.cpp reach the io_context through net/event_loop_asio.h).
//
//   EventLoop loop;
//   std::thread runner([&] { loop.Run(); });
//   loop.Post([&] { client.Fetch(...); });            // from any thread
//   ...
//   loop.Stop();
//   runner.join();
//
// Thread-safety: Post and Stop may be called from any thread. Everything else (RunAfter, a
// TimerHandle's Cancel, and every object bound to the loop, such as an HttpClient) is used only
// on the loop's thread: the thread inside Run, or any one thread while Run is not running.
// Run is called from one thread at a time.
//
// Lifetimes: functions still queued or timers still pending when the loop is destroyed are
// destroyed without being called. The loop must outlive everything bound to it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace portcullis::net {

class EventLoop;

// A timer started by EventLoop::RunAfter. Destroying or overwriting the handle does not cancel
// the timer; Cancel does. An empty (default-constructed) handle is valid and does nothing.
class TimerHandle {
 public:
  TimerHandle() = default;

  // The function will not be called (a no-op when it has already been called or cancelled).
  // Its captures are released. REQUIRES: called on the loop's thread.
  void Cancel();

 private:
  friend class EventLoop;
  struct State;
  explicit TimerHandle(std::weak_ptr<State> state) : state_(std::move(state)) {}
  std::weak_ptr<State> state_;
};

class EventLoop {
 public:
  EventLoop();
  ~EventLoop();  // REQUIRES: Run is not running
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Queues `fn` to be called on the loop's thread, after the functions already queued; never
  // calls it inline. Thread-safe.
  void Post(std::function<void()> fn);

  // Calls `fn` on the loop's thread once `delay` has passed, unless cancelled through the
  // returned handle first. REQUIRES: called on the loop's thread.
  TimerHandle RunAfter(std::chrono::steady_clock::duration delay, std::function<void()> fn);

  // Runs queued functions, timers and I/O completions on the calling thread until Stop. May be
  // called again after it returned; each Stop ends one Run (a Stop before Run makes it return
  // at once). An exception thrown by a function propagates out of Run; the rest stays queued.
  void Run();
  // Makes Run return as soon as the function it is running (if any) returns; what is pending
  // stays queued for the next Run. Thread-safe.
  void Stop();

  // Whether the calling thread is inside this loop's Run.
  bool RunningInThisThread() const;

 private:
  friend class EventLoopAccess;
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace portcullis::net
