// Watching a directory for changes with inotify, bursts debounced: `on_change` is called once no
// event has arrived for `debounce`, or at the latest `max_delay` after the first event of a burst
// (an editor saving, `git checkout`, a Kubernetes ConfigMap swapping its `..data` link). With
// `recursive`, every non-hidden directory below is watched too, directories created later
// included. PolicyWatcher reloads policies on it; the gateway reloads its config file.
//
// Thread-safety: a DirectoryWatcher owns one thread; `on_change` is called on it, one call at a
// time, never after Stop has returned. Stop may be called from any thread except that one,
// repeatedly; the destructor calls it.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

namespace portcullis::policy {

class DirectoryWatcher {
 public:
  struct Options {
    std::chrono::milliseconds debounce{200};
    std::chrono::milliseconds max_delay{2000};
    bool recursive = true;
  };

  // Starts watching `root`; throws std::system_error when inotify cannot watch it.
  DirectoryWatcher(std::filesystem::path root, std::function<void()> on_change, Options options);
  ~DirectoryWatcher();
  DirectoryWatcher(const DirectoryWatcher&) = delete;
  DirectoryWatcher& operator=(const DirectoryWatcher&) = delete;

  // Ends watching: returns once the thread has finished (an on_change call in progress completes
  // first; a burst still being debounced is dropped).
  void Stop();

 private:
  void Run();
  // Adds a watch on root_ and, when recursive, every non-hidden directory under it not watched
  // yet.
  void WatchTree();
  void WatchDirectory(const std::filesystem::path& dir);
  // Reads the pending events; true when any of them is a change (not just a removed watch).
  bool ReadEvents();

  const std::filesystem::path root_;
  const std::function<void()> on_change_;
  const Options options_;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;  // an eventfd: readable once Stop was called
  std::once_flag joined_;
  std::thread thread_;
};

}  // namespace portcullis::policy
