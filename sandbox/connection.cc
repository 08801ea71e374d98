#include "sandbox/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace wf::sandbox {

namespace {

thread_local bool drop_requested = false;

// Waits until `sock` is ready for `events` or the timeout passes. Hang-ups and
// errors count as ready: the read or write that follows reports them.
bool WaitForSocket(socket_t sock, short events, int timeout_ms) {
  pollfd descriptor{sock, events, 0};
  int ready;
  do {
    ready = poll(&descriptor, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

int ToMilliseconds(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

void AddressText(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

// A buffered socket stream, like httplib's own SocketStream (its request-line
// reader reads one byte at a time), that swallows writes once a drop is asked.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t sock, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  bool has_buffered_data() const { return begin_ < end_; }

  bool is_readable() const override {
    return has_buffered_data() || WaitForSocket(sock_, POLLIN, read_timeout_ms_);
  }

  bool is_writable() const override {
    return drop_requested || WaitForSocket(sock_, POLLOUT, write_timeout_ms_);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!has_buffered_data()) {
      if (!is_readable()) return -1;
      ssize_t received;
      do {
        received = recv(sock_, buffer_, sizeof buffer_, 0);
      } while (received < 0 && errno == EINTR);
      if (received <= 0) return received;
      begin_ = 0;
      end_ = static_cast<size_t>(received);
    }
    const size_t count = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, count);
    begin_ += count;
    return static_cast<ssize_t>(count);
  }

  ssize_t write(const char* ptr, size_t size) override {
    // The response the handler dropped goes nowhere; report success so that
    // httplib finishes its bookkeeping normally.
    if (drop_requested) return static_cast<ssize_t>(size);
    if (!WaitForSocket(sock_, POLLOUT, write_timeout_ms_)) return -1;
    ssize_t sent;
    do {
      // MSG_NOSIGNAL: a peer that went away gives EPIPE, not a SIGPIPE.
      sent = send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      AddressText(address, ip, port);
    }
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      AddressText(address, ip, port);
    }
  }

  socket_t socket() const override { return sock_; }

 private:
  socket_t sock_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  char buffer_[4096];
  size_t begin_ = 0;
  size_t end_ = 0;
};

}  // namespace

void DroppingHttpServer::DropCurrentResponse() { drop_requested = true; }

bool DroppingHttpServer::WaitForNextRequest(socket_t sock) const {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  // Short slices, so that Stop() does not wait for idle keep-alive clients.
  while (svr_sock_ != INVALID_SOCKET) {
    if (WaitForSocket(sock, POLLIN, 50)) return true;
    if (Clock::now() >= deadline) return false;
  }
  return false;
}

bool DroppingHttpServer::process_and_close_socket(socket_t sock) {
  const int on = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  ConnectionStream stream(sock, ToMilliseconds(read_timeout_sec_, read_timeout_usec_),
                          ToMilliseconds(write_timeout_sec_, write_timeout_usec_));
  bool ok = false;
  for (size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
    if (!stream.has_buffered_data() && !WaitForNextRequest(sock)) break;
    bool connection_closed = false;
    drop_requested = false;
    ok = process_request(stream, /*close_connection=*/left == 1, connection_closed, nullptr);
    if (drop_requested) {
      drop_requested = false;
      ok = false;
      break;
    }
    if (!ok || connection_closed) break;
  }
  shutdown(sock, SHUT_RDWR);
  close(sock);
  return ok;
}

}  // namespace wf::sandbox
