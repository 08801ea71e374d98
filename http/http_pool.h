// A pool of keep-alive httplib clients, per origin and CA file.
//
// One httplib::Client carries one request at a time, so Acquire hands a client to
// one sender exclusively (a Lease); concurrent senders to one origin get different
// clients, and no lock is held while a request is in flight. A lease that is not
// Released drops its client, so a connection that failed is never reused.
// Thread-safe.
#ifndef WF_HTTP_HTTP_POOL_H_
#define WF_HTTP_HTTP_POOL_H_

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/url.h"

namespace wf {

class HttpPool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();  // drops the client unless Release() was called

    httplib::Client& client() { return *client_; }
    // Puts the client back for the next request to its origin. Call only after a
    // complete exchange; after a failure let the lease drop the client instead.
    void Release();

   private:
    friend class HttpPool;
    Lease(HttpPool* pool, std::string key, std::unique_ptr<httplib::Client> client);

    HttpPool* pool_;  // not owned; outlives the lease
    std::string key_;
    std::unique_ptr<httplib::Client> client_;
  };

  explicit HttpPool(size_t max_idle_per_origin = 8) : max_idle_per_origin_(max_idle_per_origin) {}

  // A client for url's origin with keep-alive and TCP_NODELAY on, redirects and
  // httplib's URL encoding off (ParseUrl has encoded the path), and for https
  // certificate verification against `ca_file` (empty: the system store). A pooled
  // client idle longer than `max_idle_ms` has its connection closed first.
  // Timeouts are the caller's to set on each use.
  Lease Acquire(const Url& url, const std::string& ca_file, int max_idle_ms);

  size_t IdleCount() const;

 private:
  struct Idle {
    std::unique_ptr<httplib::Client> client;
    std::chrono::steady_clock::time_point since;
  };

  void Put(const std::string& key, std::unique_ptr<httplib::Client> client);

  const size_t max_idle_per_origin_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<Idle>> idle_;  // most recent last
};

}  // namespace wf

#endif  // WF_HTTP_HTTP_POOL_H_
