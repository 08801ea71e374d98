// A real httplib server on a free 127.0.0.1 port, listening in a thread.
//
// Configure routes through server() before Start(). Start() waits for the server
// with a deadline (httplib 0.11.4 has no wait_until_ready: is_running() is polled).
// The server has TCP_NODELAY on and a keep-alive cap high enough that clients keep
// their connections (README.md, "Benchmark"). Header-only.
#ifndef WF_TESTS_HTTP_LOOPBACK_SERVER_H_
#define WF_TESTS_HTTP_LOOPBACK_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

namespace wf::test {

class LoopbackServer {
 public:
  explicit LoopbackServer(std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>())
      : server_(std::move(server)) {
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_max_count(1000);
  }

  ~LoopbackServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Server& server() { return *server_; }

  void Start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("LoopbackServer: cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_->is_running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("LoopbackServer: not running after 5 s");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" + path (https:// if `https`).
  std::string Url(const std::string& path = "/", bool https = false) const {
    return std::string(https ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
  }

  // Call from handlers: records the client's port, one per TCP connection.
  void NoteConnection(const httplib::Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    client_ports_.insert(request.remote_port);
  }
  size_t connections() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return client_ports_.size();
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::set<int> client_ports_;
};

}  // namespace wf::test

#endif  // WF_TESTS_HTTP_LOOPBACK_SERVER_H_
