// Graceful stop on SIGTERM and SIGINT for the serving commands (pdp, serve): the signals are
// blocked in every thread (threads started later inherit the mask) and taken by one thread that
// begins the stop, so no handler runs at an arbitrary point of a worker.
//
//   BlockStopSignals();                       // first thing, before any thread starts
//   ... load, bind ...
//   std::thread waiter = WaitForStopSignal([&] { server.Stop(); });
//   server.Run();                             // returns once the stop has completed
//   waiter.join();
//
// Thread-safety: BlockStopSignals affects the calling thread (call it on the main thread first).
#pragma once

#include <functional>
#include <thread>

namespace portcullis::cli {

void BlockStopSignals();

// A thread that waits for SIGTERM or SIGINT, then calls `stop` once.
std::thread WaitForStopSignal(std::function<void()> stop);

}  // namespace portcullis::cli
