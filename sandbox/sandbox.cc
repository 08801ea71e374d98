#include "sandbox/sandbox.h"

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sandbox/connection.h"
#include "sandbox/contacts.h"
#include "sandbox/server_state.h"

namespace wf::sandbox {

struct Server::Impl {
  explicit Impl(Options o) : options(std::move(o)), state(options) {}

  const Options options;
  ServerState state;

  std::mutex serving_mutex;  // serializes Start and Stop
  std::unique_ptr<DroppingHttpServer> http;
  std::thread thread;
  std::atomic<int> port{0};

  std::mutex listening_mutex;  // guards `listening`, for Wait
  std::condition_variable listening_changed;
  bool listening = false;

  void SetListening(bool value) {
    {
      std::lock_guard<std::mutex> lock(listening_mutex);
      listening = value;
    }
    listening_changed.notify_all();
  }
};

Server::Server(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { Stop(); }

bool Server::Start(std::string* error) {
  auto fail = [error](const std::string& message) {
    if (error != nullptr) *error = message;
    return false;
  };
  std::lock_guard<std::mutex> serving_lock(impl_->serving_mutex);
  const Options& options = impl_->options;
  if (impl_->http) return fail("the sandbox is already running at " + base_url());
  if (options.tokens.empty()) return fail("the sandbox needs at least one access token");
  if (options.rate_limit_per_minute < 1) {
    return fail("the rate limit must be at least 1 request a minute; got " +
                std::to_string(options.rate_limit_per_minute));
  }
  if (std::string problem = CheckFaults(options.faults); !problem.empty()) {
    return fail("faults: " + problem);
  }
  std::vector<Contact> contacts = DefaultContacts();
  std::string problem;
  if (!options.contacts_file.empty() &&
      !LoadContactsFile(options.contacts_file, &contacts, &problem)) {
    return fail(problem);
  }
  impl_->state.SetContacts(std::move(contacts));

  auto http = std::make_unique<DroppingHttpServer>();
  // Without these, loopback POSTs wait on Nagle (~88 ms instead of ~0.1 ms)
  // and Debian's build closes a connection after 5 requests.
  http->set_tcp_nodelay(true);
  http->set_keep_alive_max_count(1000);
  // httplib's default sets SO_REUSEPORT, which lets a second server bind a
  // port already in use and share its connections; keep only SO_REUSEADDR so
  // that a taken port is an error.
  http->set_socket_options([](socket_t sock) {
    const int on = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  });
  impl_->state.RegisterRoutes(*http);
  int port = options.port;
  const bool bound = port == 0 ? (port = http->bind_to_any_port(options.host)) > 0
                               : http->bind_to_port(options.host, port);
  if (!bound) {
    return fail("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                ": the port is in use or the address is not available here");
  }
  impl_->port = port;
  impl_->SetListening(true);
  DroppingHttpServer* server = http.get();
  Impl* impl = impl_.get();
  impl_->thread = std::thread([server, impl] {
    server->listen_after_bind();
    impl->SetListening(false);
  });
  impl_->http = std::move(http);

  // cpp-httplib 0.11.4 has no wait_until_ready: poll is_running().
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server->is_running()) {
    bool still_listening;
    {
      std::lock_guard<std::mutex> lock(impl_->listening_mutex);
      still_listening = impl_->listening;
    }
    if (!still_listening || std::chrono::steady_clock::now() > deadline) {
      server->stop();
      impl_->thread.join();
      impl_->http.reset();
      impl_->port = 0;
      return fail("the sandbox on " + options.host + ":" + std::to_string(port) +
                  " did not start within 5 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

void Server::Stop() {
  std::lock_guard<std::mutex> serving_lock(impl_->serving_mutex);
  if (!impl_->http) return;
  impl_->http->stop();
  impl_->thread.join();
  impl_->http.reset();
  impl_->SetListening(false);
}

void Server::Wait() {
  std::unique_lock<std::mutex> lock(impl_->listening_mutex);
  impl_->listening_changed.wait(lock, [this] { return !impl_->listening; });
}

int Server::port() const { return impl_->port; }

std::string Server::base_url() const {
  const std::string& host = impl_->options.host;
  const bool is_ipv6 = host.find(':') != std::string::npos;
  return "http://" + (is_ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port());
}

nlohmann::json Server::Requests() const { return impl_->state.Requests(); }

nlohmann::json Server::Conversations() const { return impl_->state.Conversations(); }

void Server::SetFaults(const Faults& faults) { impl_->state.SetFaults(faults); }

}  // namespace wf::sandbox
