#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/random.h"

namespace wf {

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  size_t slash = path.rfind('/');
  std::string folder = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temporary = folder + "/." + base + ".tmp-" + RandomToken(6);
  mode_t mode = 0644;
  struct stat existing;
  if (stat(path.c_str(), &existing) == 0) mode = existing.st_mode & 07777;
  auto fail = [&](const std::string& what) {
    std::string message = "cannot save " + path + ": " + what + ": " + std::strerror(errno);
    unlink(temporary.c_str());
    return Status::Failed(message);
  };
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Failed("cannot save " + path + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return fail("write");
    }
    written += static_cast<size_t>(n);
  }
  if (fchmod(fd, mode) != 0 || fsync(fd) != 0) {
    close(fd);
    return fail("flush");
  }
  if (close(fd) != 0) return fail("close");
  if (rename(temporary.c_str(), path.c_str()) != 0) return fail("rename");
  int dir = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);  // makes the rename itself durable; best effort
    close(dir);
  }
  return Status::Ok();
}

}  // namespace wf
