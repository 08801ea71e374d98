// Intercom's rate limit: a per-minute allowance enforced per token in fixed
// 10-second windows (aligned on Unix time), ceil(per_minute / 6) requests each.
// The headers speak of the window, as Intercom's do: an app allowed 1,000 a
// minute sees X-RateLimit-Limit: 167 and a Remaining counted in the same
// window.
// Not thread-safe: the server calls it under its lock.
#ifndef WF_SANDBOX_RATE_LIMIT_H_
#define WF_SANDBOX_RATE_LIMIT_H_

#include <cstdint>
#include <map>
#include <string>

namespace wf::sandbox {

// What the X-RateLimit-* headers of one answer say.
struct RateLimitVerdict {
  bool allowed = true;
  int limit = 0;             // X-RateLimit-Limit: this window's allowance
  int remaining = 0;         // X-RateLimit-Remaining: left in this window
  int64_t reset_at = 0;      // X-RateLimit-Reset: Unix seconds when it refills
};

inline constexpr int kRateLimitWindowSeconds = 10;

class RateLimiter {
 public:
  // `per_minute` below 1 is taken as 1.
  explicit RateLimiter(int per_minute);

  // Counts one request of `token` at `now` (Unix seconds) and says whether it
  // is within the limit. Refused requests do not use up the window.
  RateLimitVerdict Take(const std::string& token, int64_t now);

  // Requests allowed per 10-second window.
  int window_limit() const { return window_limit_; }

  // Forgets every window.
  void Clear() { windows_.clear(); }

 private:
  struct Window {
    int64_t start = 0;
    int used = 0;
  };
  int per_minute_;
  int window_limit_;
  std::map<std::string, Window> windows_;
};

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_RATE_LIMIT_H_
