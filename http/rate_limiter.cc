#include "http/rate_limiter.h"

#include <thread>

namespace wf {

RateLimiter::RateLimiter(int per_minute, int window_seconds)
    : per_window_(std::max(1, per_minute * window_seconds / 60)),
      window_(std::chrono::milliseconds(window_seconds * 1000LL)) {}

long long RateLimiter::Acquire(const std::string& key, long long max_wait_ms) {
  long long waited = 0;
  while (true) {
    Clock::time_point now = Clock::now();
    Clock::time_point until;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      Bucket& bucket = buckets_[key];
      if (now - bucket.window_start >= window_) {
        bucket.window_start = now;
        bucket.used = 0;
      }
      until = std::max(bucket.blocked_until, bucket.used < per_window_
                                                 ? now
                                                 : bucket.window_start + window_);
      if (until <= now) {
        ++bucket.used;
        return waited;
      }
    }
    long long wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count() + 1;
    if (waited + wait > max_wait_ms) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    waited += wait;
  }
}

void RateLimiter::Observe(const std::string& key, const Json& headers) {
  if (!headers.is_object()) return;
  auto number = [&](const char* name) -> long long {
    auto found = headers.find(name);
    if (found == headers.end() || !found->is_string()) return -1;
    const std::string& text = found->get_ref<const std::string&>();
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) {
      return -1;
    }
    return std::stoll(text);
  };
  long long remaining = number("x-ratelimit-remaining");
  long long reset = number("x-ratelimit-reset");
  if (remaining != 0 || reset < 0) return;
  long long now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
  long long seconds = std::min<long long>(std::max<long long>(reset - now_unix, 0), 3600);
  std::lock_guard<std::mutex> lock(mutex_);
  Bucket& bucket = buckets_[key];
  bucket.blocked_until = std::max(bucket.blocked_until, Clock::now() + std::chrono::seconds(seconds));
}

}  // namespace wf
