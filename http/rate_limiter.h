// RateLimiter: paces requests that share a key (a plain string; the engine
// makes one of an origin and a hash of its credential) to an allowance per
// window, as Intercom documents its own limit (10,000 a minute, spread over
// 10-second windows), and follows what answers say so that a busy run stays
// under the limit instead of collecting 429s: X-RateLimit-Limit is read as
// one window's allowance (Intercom's 167 for an app allowed 1,000 a minute),
// and X-RateLimit-Remaining: 0 holds every request until X-RateLimit-Reset.
//
// Time comes from a RateLimitClock the limiter is given (tests give one that
// only moves when told to). Thread-safe; one limiter is shared by every step
// of every run in a process.
#ifndef WF_HTTP_RATE_LIMITER_H_
#define WF_HTTP_RATE_LIMITER_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "wf/retry_timing.hpp"

namespace wf {

// What the limiter reads the time from and waits with.
class RateLimitClock {
 public:
  virtual ~RateLimitClock() = default;
  virtual std::chrono::steady_clock::time_point Now() = 0;
  // Wall-clock milliseconds since the Unix epoch (X-RateLimit-Reset is Unix time).
  virtual std::int64_t UnixMs() = 0;
  virtual void SleepFor(std::chrono::milliseconds wait) = 0;
};

// The real clocks and a real sleep; shared, stateless.
RateLimitClock& SystemRateLimitClock();

class RateLimiter {
 public:
  // `per_minute` requests a minute, in windows of `window_seconds`
  // (per_minute * window_seconds / 60 a window, at least 1). `clock` must
  // outlive the limiter.
  explicit RateLimiter(int per_minute = 10000, int window_seconds = 10,
                       RateLimitClock& clock = SystemRateLimitClock());

  // Blocks until a request under `key` may be sent; returns the milliseconds
  // it waited. Never waits longer than `max_wait_ms` (then returns -1 at once,
  // having waited nothing).
  long long Acquire(const std::string& key, long long max_wait_ms = 120000);

  // Learns from an answer's X-RateLimit-* headers (see the top of this file).
  // A server's allowance lowers the window's, never raises it above what the
  // limiter was made with.
  void Observe(const std::string& key, const retry_timing::RateLimitHeaders& headers);

 private:
  using Clock = std::chrono::steady_clock;
  struct Bucket {
    Clock::time_point window_start{};
    int used = 0;
    int allowance = 0;                  // this key's allowance a window
    Clock::time_point blocked_until{};  // from the server's Remaining=0 / Reset
  };

  // When a request under `bucket` may go; counts it when that is now.
  Clock::time_point Take(Bucket& bucket, Clock::time_point now);

  RateLimitClock& clock_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
  const int per_window_;
  const std::chrono::milliseconds window_;
};

}  // namespace wf

#endif  // WF_HTTP_RATE_LIMITER_H_
