#include "sandbox/rate_limit.h"

#include <algorithm>

namespace wf::sandbox {

RateLimiter::RateLimiter(int per_minute)
    : per_minute_(std::max(1, per_minute)),
      // Intercom's docs give 167 per window for 1000 a minute: round up.
      window_limit_((per_minute_ + 5) / 6) {}

RateLimitVerdict RateLimiter::Take(const std::string& token, int64_t now) {
  const int64_t start = now - now % kRateLimitWindowSeconds;
  Window& window = windows_[token];
  if (window.start != start) window = {start, 0};
  RateLimitVerdict verdict;
  verdict.limit = window_limit_;
  verdict.reset_at = start + kRateLimitWindowSeconds;
  verdict.allowed = window.used < window_limit_;
  if (verdict.allowed) ++window.used;
  verdict.remaining = window_limit_ - window.used;
  return verdict;
}

}  // namespace wf::sandbox
