#include "policy/directory_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace portcullis::policy {
namespace {

namespace fs = std::filesystem;

// Every change to the entries of a watched directory.
constexpr uint32_t kWatchMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
                                IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF |
                                IN_ONLYDIR;

enum class Wake { kEvents, kTimeout, kStop };

// Waits for inotify events or the stop signal, at most `timeout` (negative: no limit).
Wake WaitForEvents(int inotify_fd, int stop_fd, std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{.fd = inotify_fd, .events = POLLIN, .revents = 0},
                   {.fd = stop_fd, .events = POLLIN, .revents = 0}};
  for (;;) {
    int ready = poll(fds, 2, timeout.count() < 0 ? -1 : static_cast<int>(timeout.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || fds[1].revents != 0) return Wake::kStop;
    return ready == 0 ? Wake::kTimeout : Wake::kEvents;
  }
}

bool IsHidden(const fs::path& path) {
  std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

DirectoryWatcher::DirectoryWatcher(std::filesystem::path root, std::function<void()> on_change,
                                   Options options)
    : root_(std::move(root)), on_change_(std::move(on_change)), options_(options) {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (stop_fd_ < 0 || inotify_add_watch(inotify_fd_, root_.c_str(), kWatchMask) < 0) {
    std::system_error error(errno, std::generic_category(), root_.string());
    close(inotify_fd_);
    if (stop_fd_ >= 0) close(stop_fd_);
    throw error;
  }
  WatchTree();
  thread_ = std::thread([this] { Run(); });
}

DirectoryWatcher::~DirectoryWatcher() {
  Stop();
  close(inotify_fd_);
  close(stop_fd_);
}

void DirectoryWatcher::Stop() {
  uint64_t one = 1;
  [[maybe_unused]] ssize_t ignored = write(stop_fd_, &one, sizeof one);
  std::call_once(joined_, [this] { thread_.join(); });
}

void DirectoryWatcher::WatchDirectory(const std::filesystem::path& dir) {
  // Adding a watch twice keeps the first; a directory that vanished meanwhile is not an error.
  inotify_add_watch(inotify_fd_, dir.c_str(), kWatchMask);
}

void DirectoryWatcher::WatchTree() {
  WatchDirectory(root_);
  if (!options_.recursive) return;
  std::error_code error;
  fs::recursive_directory_iterator it(root_, error), end;
  for (; !error && it != end; it.increment(error)) {
    std::error_code type_error;
    if (!it->is_directory(type_error) || it->is_symlink(type_error)) continue;
    if (IsHidden(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    WatchDirectory(it->path());
  }
}

bool DirectoryWatcher::ReadEvents() {
  alignas(inotify_event) char buffer[16 * 1024];
  bool changed = false;
  bool new_directory = false;
  for (;;) {
    ssize_t size = read(inotify_fd_, buffer, sizeof buffer);
    if (size < 0 && errno == EINTR) continue;
    if (size <= 0) break;
    for (char* at = buffer; at < buffer + size;) {
      const auto* event = reinterpret_cast<const inotify_event*>(at);
      at += sizeof(inotify_event) + event->len;
      // A removed watch: its directory is gone, and that change has an event of its own.
      if (event->mask & IN_IGNORED) continue;
      changed = true;
      // Lost events, or a directory that appeared: watch what is not watched yet.
      if ((event->mask & IN_Q_OVERFLOW) ||
          ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))))
        new_directory = true;
    }
  }
  // Before the reload reads it, so that a change made in it afterwards is seen.
  if (new_directory) WatchTree();
  return changed;
}

void DirectoryWatcher::Run() {
  using Clock = std::chrono::steady_clock;
  for (;;) {
    Wake wake = WaitForEvents(inotify_fd_, stop_fd_, std::chrono::milliseconds(-1));
    if (wake == Wake::kStop) return;
    if (!ReadEvents()) continue;
    // Debounce: wait for a quiet period, but not longer than max_delay in all.
    Clock::time_point deadline = Clock::now() + options_.max_delay;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) break;
      wake = WaitForEvents(inotify_fd_, stop_fd_, std::min(left, options_.debounce));
      if (wake == Wake::kStop) return;
      if (wake == Wake::kTimeout) break;
      ReadEvents();
    }
    on_change_();
  }
}

}  // namespace portcullis::policy
