// RateLimiter, through a clock it is given: time moves only when the limiter
// sleeps, so every wait is exact and nothing really waits.
#include "http/rate_limiter.h"

#include <vector>

#include <catch2/catch.hpp>

namespace wf {
namespace {

using std::chrono::milliseconds;

class FakeClock : public RateLimitClock {
 public:
  std::chrono::steady_clock::time_point Now() override { return start_ + elapsed_; }
  std::int64_t UnixMs() override { return kUnixStartMs + elapsed_.count(); }
  void SleepFor(milliseconds wait) override {
    sleeps.push_back(wait.count());
    elapsed_ += wait;
  }
  void Advance(milliseconds by) { elapsed_ += by; }

  // 1,700,000,000.000 s on the wall clock when the test starts.
  static constexpr std::int64_t kUnixStartMs = 1700000000LL * 1000;
  std::vector<long long> sleeps;

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  milliseconds elapsed_{0};
};

retry_timing::RateLimitHeaders Headers(std::optional<std::int64_t> limit, std::optional<std::int64_t> remaining,
                                       std::optional<std::int64_t> reset_at) {
  return retry_timing::RateLimitHeaders{limit, remaining, reset_at};
}

TEST_CASE("the limiter lets a window's allowance through, then waits for the next window", "[rate_limiter]") {
  FakeClock clock;
  RateLimiter limiter(12, 10, clock);  // 2 a 10-second window
  CHECK(limiter.Acquire("k") == 0);
  clock.Advance(milliseconds(3000));
  CHECK(limiter.Acquire("k") == 0);
  CHECK(clock.sleeps.empty());
  CHECK(limiter.Acquire("k") == 7001);  // the rest of the window, and a millisecond
  CHECK(clock.sleeps == std::vector<long long>{7001});
  SECTION("the new window has its full allowance") {
    CHECK(limiter.Acquire("k") == 0);
    CHECK(limiter.Acquire("k") > 0);
  }
}

TEST_CASE("keys are paced apart", "[rate_limiter]") {
  FakeClock clock;
  RateLimiter limiter(6, 10, clock);  // 1 a window
  CHECK(limiter.Acquire("origin-a#1") == 0);
  CHECK(limiter.Acquire("origin-a#2") == 0);
  CHECK(limiter.Acquire("origin-b#1") == 0);
  CHECK(clock.sleeps.empty());
}

TEST_CASE("a wait longer than max_wait is refused at once, without waiting", "[rate_limiter]") {
  FakeClock clock;
  RateLimiter limiter(6, 10, clock);
  CHECK(limiter.Acquire("k", 1000) == 0);
  CHECK(limiter.Acquire("k", 1000) == -1);
  CHECK(clock.sleeps.empty());
  CHECK(limiter.Acquire("k", 20000) == 10001);
}

TEST_CASE("X-RateLimit-Limit is read as one window's allowance", "[rate_limiter]") {
  FakeClock clock;
  RateLimiter limiter(600, 10, clock);  // 100 a window of ours
  CHECK(limiter.Acquire("k") == 0);
  SECTION("a server that allows 2 a window lowers ours") {
    limiter.Observe("k", Headers(2, 1, std::nullopt));
    CHECK(limiter.Acquire("k") == 0);
    CHECK(limiter.Acquire("k") == 10001);
  }
  SECTION("a server that allows more does not raise ours") {
    limiter.Observe("k", Headers(1000000, 999999, std::nullopt));
    for (int i = 1; i < 100; ++i) REQUIRE(limiter.Acquire("k") == 0);
    CHECK(limiter.Acquire("k") == 10001);
  }
  SECTION("headers that say nothing change nothing") {
    limiter.Observe("k", Headers(std::nullopt, std::nullopt, 1700000100));
    for (int i = 1; i < 100; ++i) REQUIRE(limiter.Acquire("k") == 0);
  }
}

TEST_CASE("X-RateLimit-Remaining: 0 holds the key until the reset, plus the margin", "[rate_limiter]") {
  FakeClock clock;
  RateLimiter limiter(10000, 10, clock);
  clock.Advance(milliseconds(400));  // 0.4 s into a wall-clock second
  limiter.Observe("k", Headers(167, 0, 1700000010));
  CHECK(limiter.Acquire("other") == 0);
  CHECK(limiter.Acquire("k") == 9600 + retry_timing::kResetMarginMs + 1);
  SECTION("a reset already past on our clock holds only the margin") {
    limiter.Observe("j", Headers(167, 0, 1699999000));
    CHECK(limiter.Acquire("j") == retry_timing::kResetMarginMs + 1);
  }
  SECTION("a reset a day away is not believed past an hour, and max_wait still applies") {
    limiter.Observe("j", Headers(167, 0, 1700000000 + 86400));
    CHECK(limiter.Acquire("j", 120000) == -1);
    CHECK(limiter.Acquire("j", 4000000) == 3600000 + 1);
  }
}

}  // namespace
}  // namespace wf
