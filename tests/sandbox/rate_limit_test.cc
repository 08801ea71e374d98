// Intercom's rate limit: per token, ceil(per_minute / 6) requests per 10 s window.
#include "sandbox/rate_limit.h"

#include <chrono>
#include <ctime>
#include <thread>

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

using nlohmann::json;

// Sleeps into a fresh 10 s window when the current one has under 2 s left, so
// that a few quick requests all fall into one window.
void WaitForRoomInWindow() {
  const int64_t now = std::time(nullptr);
  if (now % kRateLimitWindowSeconds >= kRateLimitWindowSeconds - 2) {
    std::this_thread::sleep_for(
        std::chrono::seconds(kRateLimitWindowSeconds - now % kRateLimitWindowSeconds));
  }
}

TEST_CASE("The rate limiter allows a sixth of the minute's limit per 10-second window",
          "[sandbox][rate_limit]") {
  SECTION("12 a minute is 2 a window; the third request is refused") {
    RateLimiter limiter(12);
    CHECK(limiter.window_limit() == 2);
    const RateLimitVerdict first = limiter.Take("t", 1000);
    CHECK(first.allowed);
    CHECK(first.limit == 2);  // the window's allowance, as Intercom reports it
    CHECK(first.remaining == 1);
    CHECK(first.reset_at == 1010);
    CHECK(limiter.Take("t", 1005).remaining == 0);
    const RateLimitVerdict third = limiter.Take("t", 1009);
    CHECK_FALSE(third.allowed);
    CHECK(third.remaining == 0);
    CHECK(third.reset_at == 1010);
  }

  SECTION("windows are aligned on Unix time and refill when the next begins") {
    RateLimiter limiter(12);
    limiter.Take("t", 1008);
    limiter.Take("t", 1009);
    const RateLimitVerdict next = limiter.Take("t", 1010);
    CHECK(next.allowed);
    CHECK(next.remaining == 1);
    CHECK(next.reset_at == 1020);
  }

  SECTION("tokens have windows of their own") {
    RateLimiter limiter(6);
    CHECK(limiter.Take("a", 1000).allowed);
    CHECK_FALSE(limiter.Take("a", 1000).allowed);
    CHECK(limiter.Take("b", 1000).allowed);
  }

  SECTION("the window share rounds up, as in Intercom's 1000 -> 167") {
    CHECK(RateLimiter(1000).window_limit() == 167);
    CHECK(RateLimiter(10000).window_limit() == 1667);
    CHECK(RateLimiter(1).window_limit() == 1);
  }
}

TEST_CASE("Authenticated answers carry X-RateLimit headers and the excess gets 429",
          "[sandbox][rate_limit]") {
  Options options;
  options.rate_limit_per_minute = 12;
  options.tokens = {"first", "second"};
  RunningSandbox sandbox(options);
  WaitForRoomInWindow();

  httplib::Result one = sandbox.Create(kValidBody, AuthHeaders("first"));
  httplib::Result two = sandbox.Create(kValidBody, AuthHeaders("first"));
  httplib::Result three = sandbox.Create(kValidBody, AuthHeaders("first"));
  httplib::Result other = sandbox.Create(kValidBody, AuthHeaders("second"));
  REQUIRE(one);
  REQUIRE(two);
  REQUIRE(three);
  REQUIRE(other);

  const int64_t reset = std::stoll(one->get_header_value("X-RateLimit-Reset"));
  CHECK(reset % kRateLimitWindowSeconds == 0);
  CHECK(reset > std::time(nullptr) - 1);
  CHECK(reset <= std::time(nullptr) + kRateLimitWindowSeconds);

  CHECK(one->status == 200);
  CHECK(one->get_header_value("X-RateLimit-Limit") == "2");
  CHECK(one->get_header_value("X-RateLimit-Remaining") == "1");
  CHECK(two->status == 200);
  CHECK(two->get_header_value("X-RateLimit-Remaining") == "0");

  CHECK(three->status == 429);
  CHECK(three->get_header_value("X-RateLimit-Limit") == "2");
  CHECK(three->get_header_value("X-RateLimit-Remaining") == "0");
  CHECK(three->get_header_value("X-RateLimit-Reset") == std::to_string(reset));
  CHECK(ErrorsOf(three) ==
        json::array({Error("rate_limit_exceeded", "Exceeded rate limit of 2 in 10_seconds")}));

  CHECK(other->status == 200);
  CHECK(other->get_header_value("X-RateLimit-Remaining") == "1");
  CHECK(sandbox.server().Conversations().size() == 3);
}

TEST_CASE("Error answers to authenticated requests carry X-RateLimit headers too",
          "[sandbox][rate_limit]") {
  Options options;
  options.rate_limit_per_minute = 600;
  RunningSandbox sandbox(options);
  httplib::Result result = sandbox.Create("{}");
  REQUIRE(result);
  CHECK(result->status == 400);
  CHECK(result->get_header_value("X-RateLimit-Limit") == "100");
  CHECK(result->has_header("X-RateLimit-Remaining"));
  CHECK(result->has_header("X-RateLimit-Reset"));
}

}  // namespace
}  // namespace wf::sandbox::testing
