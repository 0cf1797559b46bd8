#include "cli/stop_signals.h"

#include <pthread.h>
#include <signal.h>

#include <utility>

namespace portcullis::cli {
namespace {

sigset_t StopSignalSet() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void BlockStopSignals() {
  sigset_t signals = StopSignalSet();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

std::thread WaitForStopSignal(std::function<void()> stop) {
  return std::thread([stop = std::move(stop)] {
    sigset_t signals = StopSignalSet();
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    stop();
  });
}

}  // namespace portcullis::cli
