// Raw TCP servers on 127.0.0.1 for the faults a real HTTP server will not produce
// on demand: closing mid-exchange, never answering, a body shorter than its
// Content-Length, an answer too large to accept, a port where nothing listens.
//
// FaultServer accepts connections in a thread and runs a Behavior on each, in a
// thread of its own, with the connected socket; the server closes the socket when
// the behavior returns. Destruction stops accepting, shuts down connections still
// open (a blocked behavior then reads end-of-file) and joins every thread.
// Header-only, for any test binary. Writes use MSG_NOSIGNAL, so a client that goes
// away never raises SIGPIPE here.
#ifndef WF_TESTS_HTTP_FAULT_SERVER_H_
#define WF_TESTS_HTTP_FAULT_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace wf::test {

// Reads one HTTP request (head, then a Content-Length body) from `fd`. Returns the
// bytes read, possibly short if the peer closed or `timeout_ms` passed in silence.
inline std::string ReadRequest(int fd, int timeout_ms = 5000) {
  std::string data;
  size_t wanted = std::string::npos;  // total size, once the head is known
  char buffer[16384];
  while (data.size() < wanted) {
    pollfd waiting{fd, POLLIN, 0};
    if (poll(&waiting, 1, timeout_ms) <= 0) break;
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
    size_t head_end = data.find("\r\n\r\n");
    if (wanted == std::string::npos && head_end != std::string::npos) {
      std::string head = data.substr(0, head_end);
      std::transform(head.begin(), head.end(), head.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      size_t length = 0;
      size_t at = head.find("\r\ncontent-length:");
      if (at != std::string::npos) length = std::stoul(head.substr(at + 17));
      wanted = head_end + 4 + length;
    }
  }
  return data;
}

// Reads only the request's head (up to the blank line).
inline std::string ReadHead(int fd, int timeout_ms = 5000) {
  std::string data;
  char c;
  while (data.find("\r\n\r\n") == std::string::npos) {
    pollfd waiting{fd, POLLIN, 0};
    if (poll(&waiting, 1, timeout_ms) <= 0 || recv(fd, &c, 1, 0) != 1) break;
    data += c;
  }
  return data;
}

// Writes all of `data`; false once the peer is gone.
inline bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// A TCP socket bound to a free port on 127.0.0.1, listening with `backlog`
// unless it is negative (then only bound); `*address` gets where. Throws with
// `who` in the message when the kernel refuses.
inline int BindLoopback(int backlog, sockaddr_in* address, const char* who) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  *address = sockaddr_in{};
  address->sin_family = AF_INET;
  address->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof *address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(address), length) != 0 ||
      (backlog >= 0 && listen(fd, backlog) != 0) ||
      getsockname(fd, reinterpret_cast<sockaddr*>(address), &length) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error(std::string(who) + ": cannot bind 127.0.0.1");
  }
  return fd;
}

class FaultServer {
 public:
  using Behavior = std::function<void(int fd)>;

  explicit FaultServer(Behavior behavior) : behavior_(std::move(behavior)) {
    sockaddr_in address;
    listener_ = BindLoopback(64, &address, "FaultServer");
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~FaultServer() {
    stopping_ = true;
    acceptor_.join();
    close(listener_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (int fd : open_) shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& handler : handlers_) handler.join();
  }

  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string Url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_; }
  // Connections whose behavior has returned.
  int finished() const { return finished_; }
  bool stopping() const { return stopping_; }

  // --- Behaviors ---------------------------------------------------------------

  // Reads the request, then closes without a word.
  static Behavior CloseAfterRequest() {
    return [](int fd) { ReadRequest(fd); };
  }
  // Reads only the head, then closes: a client still writing a large body fails.
  static Behavior CloseAfterHead() {
    return [](int fd) { ReadHead(fd); };
  }
  // Reads the request and keeps the connection open, silent, until the server stops.
  static Behavior NeverAnswer() {
    return [](int fd) {
      ReadRequest(fd);
      char c;
      while (recv(fd, &c, 1, 0) > 0) {
      }
    };
  }
  // Reads the request, writes `raw` as the whole answer, then closes.
  static Behavior Respond(std::string raw) {
    return [raw](int fd) {
      ReadRequest(fd);
      WriteAll(fd, raw);
    };
  }
  // Like Respond, but hands the request's raw text to `seen` first.
  static Behavior Capture(std::function<void(const std::string&)> seen, std::string raw) {
    return [seen, raw](int fd) {
      seen(ReadRequest(fd));
      WriteAll(fd, raw);
    };
  }
  // Answers 200 with `total` bytes of body, with a Content-Length or chunked, and
  // adds each byte written to `*written` until the client stops reading.
  static Behavior Flood(size_t total, bool chunked, std::atomic<size_t>* written) {
    return [total, chunked, written](int fd) {
      ReadRequest(fd);
      std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n";
      head += chunked ? "Transfer-Encoding: chunked\r\n\r\n"
                      : "Content-Length: " + std::to_string(total) + "\r\n\r\n";
      if (!WriteAll(fd, head)) return;
      const std::string piece(64 * 1024, 'x');
      char size_line[32];
      std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
      for (size_t sent = 0; sent < total; sent += piece.size()) {
        if (chunked && !WriteAll(fd, size_line)) return;
        if (!WriteAll(fd, piece)) return;
        if (chunked && !WriteAll(fd, "\r\n")) return;
        *written += piece.size();
      }
      if (chunked) WriteAll(fd, "0\r\n\r\n");
    };
  }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      pollfd waiting{listener_, POLLIN, 0};
      if (poll(&waiting, 1, 20) <= 0) continue;
      int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      std::lock_guard<std::mutex> lock(mutex_);
      open_.insert(fd);
      handlers_.emplace_back([this, fd] {
        behavior_(fd);
        std::lock_guard<std::mutex> lock(mutex_);
        open_.erase(fd);
        close(fd);
        ++finished_;
      });
    }
  }

  Behavior behavior_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> finished_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::set<int> open_;                  // connections whose behavior still runs
  std::vector<std::thread> handlers_;   // joined at destruction
};

// A loopback port where nothing listens: the socket is bound, so no other program
// takes the port while this lives, but not listening, so connects are refused.
class ClosedPort {
 public:
  ClosedPort() {
    sockaddr_in address;
    fd_ = BindLoopback(-1, &address, "ClosedPort");  // bound, never listening
    port_ = ntohs(address.sin_port);
  }
  ~ClosedPort() { close(fd_); }
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;

  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A loopback port whose accept queue is full and never drained: the kernel drops
// further SYNs, so a connect hangs until the client's connect timeout.
class UnansweredPort {
 public:
  UnansweredPort() {
    sockaddr_in address;
    listener_ = BindLoopback(0, &address, "UnansweredPort");
    port_ = ntohs(address.sin_port);
    for (int i = 0; i < 4; ++i) {  // a backlog of 0 admits one; fill it with margin
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
      fillers_.push_back(fd);
    }
    usleep(50 * 1000);  // let the handshakes of the fillers settle
  }
  ~UnansweredPort() {
    for (int fd : fillers_) close(fd);
    close(listener_);
  }
  UnansweredPort(const UnansweredPort&) = delete;
  UnansweredPort& operator=(const UnansweredPort&) = delete;

  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

}  // namespace wf::test

#endif  // WF_TESTS_HTTP_FAULT_SERVER_H_
