#include "net/event_loop.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/event_loop_asio.h"

namespace portcullis::net {

namespace asio = boost::asio;

class EventLoop::Impl {
 public:
  // One thread runs the loop: Asio may skip some locking on its own queue.
  asio::io_context io{1};
};

struct TimerHandle::State {
  State(asio::io_context& io, std::function<void()> fn) : timer(io), fn(std::move(fn)) {}
  asio::steady_timer timer;
  std::function<void()> fn;  // empty once called or cancelled
};

void TimerHandle::Cancel() {
  std::shared_ptr<State> state = state_.lock();
  if (!state) return;
  state->fn = nullptr;
  state->timer.cancel();
}

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;

void EventLoop::Post(std::function<void()> fn) {
  asio::post(impl_->io, std::move(fn));
}

TimerHandle EventLoop::RunAfter(std::chrono::steady_clock::duration delay,
                                std::function<void()> fn) {
  auto state = std::make_shared<TimerHandle::State>(impl_->io, std::move(fn));
  state->timer.expires_after(delay);
  // The wait owns the state; the handle only observes it. A cancelled timer whose expiry was
  // already queued still finds `fn` empty.
  state->timer.async_wait([state](const boost::system::error_code&) {
    std::function<void()> fn = std::move(state->fn);
    state->fn = nullptr;
    if (fn) fn();
  });
  return TimerHandle(state);
}

void EventLoop::Run() {
  // Ready for the next Run, however this one ends (Stop, or an exception from a function).
  // Declared first, so it comes after releasing `work`, which stops the io_context when it is
  // the last work.
  struct RestartAfter {
    ~RestartAfter() { io.restart(); }
    asio::io_context& io;
  } restart{impl_->io};
  auto work = asio::make_work_guard(impl_->io);
  impl_->io.run();
}

void EventLoop::Stop() {
  impl_->io.stop();
}

bool EventLoop::RunningInThisThread() const {
  return impl_->io.get_executor().running_in_this_thread();
}

asio::io_context& EventLoopAccess::Context(EventLoop& loop) {
  return loop.impl_->io;
}

}  // namespace portcullis::net
