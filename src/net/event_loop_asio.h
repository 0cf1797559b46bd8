// The Asio side of EventLoop, for net/*.cpp only (the rest of the project sees no Asio): the
// io_context that a loop runs, to bind sockets, timers and coroutines to it.
#pragma once

#include <boost/asio/io_context.hpp>

#include "net/event_loop.h"

namespace portcullis::net {

struct EventLoopAccess {
  // The loop's io_context, valid as long as the loop. Running it directly (io_context::run)
  // returns when it has no more work, as a bare io_context does; EventLoop::Run keeps it running
  // until Stop.
  static boost::asio::io_context& Context(EventLoop& loop);
};

inline boost::asio::io_context& AsioContext(EventLoop& loop) {
  return EventLoopAccess::Context(loop);
}

}  // namespace portcullis::net
