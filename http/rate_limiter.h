// RateLimiter: paces requests that share a key (an origin and its access
// token) to a limit in fixed windows, as Intercom documents its own limit
// (10,000 a minute, spread over 10-second windows), and follows what answers
// say (X-RateLimit-Remaining / X-RateLimit-Reset) so that a busy run stays
// under the limit instead of collecting 429s. Thread-safe; one limiter is
// shared by every step of every run in a process.
#ifndef WF_HTTP_RATE_LIMITER_H_
#define WF_HTTP_RATE_LIMITER_H_

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "base/json.h"

namespace wf {

class RateLimiter {
 public:
  // `per_minute` requests a minute, in windows of `window_seconds`.
  explicit RateLimiter(int per_minute = 10000, int window_seconds = 10);

  // Blocks until a request under `key` may be sent; returns the milliseconds
  // it waited. Never waits longer than `max_wait_ms` (then returns -1).
  long long Acquire(const std::string& key, long long max_wait_ms = 120000);

  // Learns from an answer's headers (lower-case names).
  void Observe(const std::string& key, const Json& headers);

  int per_window() const { return per_window_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Bucket {
    Clock::time_point window_start{};
    int used = 0;
    Clock::time_point blocked_until{};  // from the server's Remaining=0 / Reset
  };

  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
  int per_window_;
  std::chrono::milliseconds window_;
};

}  // namespace wf

#endif  // WF_HTTP_RATE_LIMITER_H_
