#include "audit/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace portcullis::audit {
namespace {

class FileSink : public DecisionSink {
 public:
  FileSink(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FileSink() override {
    if (owned_) close(fd_);
  }
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  bool Write(std::string_view lines) override {
    while (!lines.empty()) {
      ssize_t written = write(fd_, lines.data(), lines.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      lines.remove_prefix(static_cast<size_t>(written));
    }
    return true;
  }

 private:
  int fd_;
  bool owned_;
};

}  // namespace

std::variant<std::unique_ptr<DecisionSink>, std::string> OpenFileSink(
    const std::filesystem::path& path) {
  if (path == "stdout") return std::make_unique<FileSink>(STDOUT_FILENO, false);
  if (path == "stderr") return std::make_unique<FileSink>(STDERR_FILENO, false);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return path.string() + ": " + std::strerror(errno);
  return std::make_unique<FileSink>(fd, true);
}

}  // namespace portcullis::audit
