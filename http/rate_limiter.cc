#include "http/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace wf {
namespace {

class SystemClock : public RateLimitClock {
 public:
  std::chrono::steady_clock::time_point Now() override { return std::chrono::steady_clock::now(); }
  std::int64_t UnixMs() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void SleepFor(std::chrono::milliseconds wait) override { std::this_thread::sleep_for(wait); }
};

// A reset further away than this is not believed (a server's clock, or its
// header, is wrong): the hold is cut to it.
constexpr std::int64_t kLongestHoldMs = 3600 * 1000;

}  // namespace

RateLimitClock& SystemRateLimitClock() {
  static SystemClock clock;
  return clock;
}

RateLimiter::RateLimiter(int per_minute, int window_seconds, RateLimitClock& clock)
    : clock_(clock),
      per_window_(std::max(1, static_cast<int>(static_cast<long long>(per_minute) * window_seconds / 60))),
      window_(std::chrono::milliseconds(window_seconds * 1000LL)) {}

RateLimiter::Clock::time_point RateLimiter::Take(Bucket& bucket, Clock::time_point now) {
  if (bucket.allowance == 0) bucket.allowance = per_window_;
  if (now - bucket.window_start >= window_) {
    bucket.window_start = now;
    bucket.used = 0;
  }
  Clock::time_point until =
      std::max(bucket.blocked_until, bucket.used < bucket.allowance ? now : bucket.window_start + window_);
  if (until <= now) ++bucket.used;
  return until;
}

long long RateLimiter::Acquire(const std::string& key, long long max_wait_ms) {
  long long waited = 0;
  while (true) {
    Clock::time_point now = clock_.Now();
    Clock::time_point until;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      until = Take(buckets_[key], now);
    }
    if (until <= now) return waited;
    long long wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count() + 1;
    if (waited + wait > max_wait_ms) return -1;
    clock_.SleepFor(std::chrono::milliseconds(wait));
    waited += wait;
  }
}

void RateLimiter::Observe(const std::string& key, const retry_timing::RateLimitHeaders& headers) {
  if (!headers.limit && !headers.remaining) return;
  Clock::time_point now = clock_.Now();
  std::int64_t hold_ms = -1;
  if (headers.remaining == 0 && headers.reset_at) {
    retry_timing::RetryTiming timing;
    timing.retry_at = headers.reset_at;
    hold_ms = std::min(*retry_timing::WaitMs(timing, clock_.UnixMs()), kLongestHoldMs);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  Bucket& bucket = buckets_[key];
  if (headers.limit && *headers.limit > 0) {
    bucket.allowance = static_cast<int>(std::min<std::int64_t>(*headers.limit, per_window_));
  }
  if (hold_ms >= 0) bucket.blocked_until = std::max(bucket.blocked_until, now + std::chrono::milliseconds(hold_ms));
}

}  // namespace wf
