#include "http/http_pool.h"

#include <utility>

namespace wf {

HttpPool::Lease::Lease(HttpPool* pool, std::string key, std::unique_ptr<httplib::Client> client)
    : pool_(pool), key_(std::move(key)), client_(std::move(client)) {}

HttpPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), key_(std::move(other.key_)), client_(std::move(other.client_)) {}

HttpPool::Lease::~Lease() = default;

void HttpPool::Lease::Release() {
  if (client_) pool_->Put(key_, std::move(client_));
}

HttpPool::Lease HttpPool::Acquire(const Url& url, const std::string& ca_file, int max_idle_ms) {
  // The CA file is part of the key: it is fixed into a client's TLS context.
  std::string key = url.OriginWithPort();
  key += '\n';
  key += ca_file;
  Idle idle;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = idle_.find(key);
    if (it != idle_.end() && !it->second.empty()) {
      idle = std::move(it->second.back());
      it->second.pop_back();
    }
  }
  if (idle.client) {
    if (std::chrono::steady_clock::now() - idle.since > std::chrono::milliseconds(max_idle_ms)) {
      // Keeps the client (and its loaded CA store) but not its connection.
      idle.client->stop();
    }
    return Lease(this, std::move(key), std::move(idle.client));
  }

  auto client = std::make_unique<httplib::Client>(url.OriginWithPort());
  client->set_keep_alive(true);
  // httplib leaves Nagle on: a keep-alive POST over loopback then takes ~88 ms
  // instead of ~0.1 ms (README.md, "Benchmark").
  client->set_tcp_nodelay(true);
  // Redirects are followed by HttpClient, which keeps credentials on their origin.
  client->set_follow_location(false);
  client->set_url_encode(false);
  if (url.is_https()) {
    client->enable_server_certificate_verification(true);
    if (!ca_file.empty()) client->set_ca_cert_path(ca_file);
  }
  return Lease(this, std::move(key), std::move(client));
}

void HttpPool::Put(const std::string& key, std::unique_ptr<httplib::Client> client) {
  std::unique_ptr<httplib::Client> evicted;  // closed outside the lock
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Idle>& clients = idle_[key];
  if (!clients.empty() && clients.size() >= max_idle_per_origin_) {
    evicted = std::move(clients.front().client);
    clients.erase(clients.begin());
  }
  clients.push_back(Idle{std::move(client), std::chrono::steady_clock::now()});
}

size_t HttpPool::IdleCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t count = 0;
  for (const auto& [key, clients] : idle_) count += clients.size();
  return count;
}

}  // namespace wf
