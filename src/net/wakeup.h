// Wakeup: lets one coroutine sleep until code on the same io_context has something for it, for
// net/*.cpp only. Used on the io_context's thread only.
//
//   while (!ready) co_await wakeup.Wait();   // in the coroutine
//   ready = true; wakeup.Notify();            // elsewhere, on the same thread
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>
#include <utility>

namespace portcullis::net {

class Wakeup {
 public:
  explicit Wakeup(boost::asio::io_context& io) : io_(io) {}
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  // Completes once Notify has been called since the previous Wait completed (at once if it
  // already was). REQUIRES: no other Wait is pending.
  boost::asio::awaitable<void> Wait() {
    if (!notified_) {
      co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void()>(
          // Constructed in place: Boost 1.81's move assignment of any_completion_handler recurses
          // without end.
          [this](auto handler) { waiter_.emplace(std::move(handler)); },
          boost::asio::use_awaitable);
    }
    notified_ = false;
  }

  // Resumes the pending Wait, if any, from the io_context (never inline).
  void Notify() {
    notified_ = true;
    if (!waiter_) return;
    boost::asio::any_completion_handler<void()> waiter = std::move(*waiter_);
    waiter_.reset();
    boost::asio::post(io_, std::move(waiter));
  }

 private:
  boost::asio::io_context& io_;
  std::optional<boost::asio::any_completion_handler<void()>> waiter_;
  bool notified_ = false;
};

}  // namespace portcullis::net
