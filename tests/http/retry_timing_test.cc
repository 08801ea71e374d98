// wf/retry_timing.hpp: the one place that reads when a refused request may be
// sent again, and how long to wait for it.
#include "wf/retry_timing.hpp"

#include <map>
#include <string>

#include <catch2/catch.hpp>

namespace wf::retry_timing {
namespace {

// A lookup over lower-case header names, as HttpResponse::FindHeader is.
struct Headers {
  std::map<std::string, std::string> values;
  const std::string* operator()(std::string_view name) const {
    auto found = values.find(std::string(name));
    return found == values.end() ? nullptr : &found->second;
  }
};

RetryTiming Read(std::map<std::string, std::string> values) { return ReadRetryTiming(Headers{std::move(values)}); }

TEST_CASE("HTTP dates and UTC times convert both ways", "[retry_timing]") {
  CHECK(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
  CHECK(ParseHttpDate("Tue, 29 Feb 2000 12:00:00 GMT") == 951825600);
  CHECK_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
  CHECK_FALSE(ParseHttpDate("Sun, 06 Nox 1994 08:49:37 GMT"));
  CHECK_FALSE(ParseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT"));
  CHECK_FALSE(ParseHttpDate("Sun,  6 Nov 1994 08:49:37 GMT"));
  CHECK(FormatUtc(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatUtc(951825600) == "2000-02-29T12:00:00Z");
  CHECK(FormatUtc(4102444800) == "2100-01-01T00:00:00Z");
  CHECK(FormatUtc(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("seconds are plain decimal digits, nothing else", "[retry_timing]") {
  CHECK(ParseSeconds("30") == 30);
  CHECK(ParseSeconds(" 30 ") == 30);
  CHECK(ParseSeconds("0") == 0);
  CHECK_FALSE(ParseSeconds(""));
  CHECK_FALSE(ParseSeconds("-5"));
  CHECK_FALSE(ParseSeconds("1.5e9"));
  CHECK_FALSE(ParseSeconds("soon"));
  CHECK_FALSE(ParseSeconds("1234567890123456"));  // 16 digits
}

TEST_CASE("an answer says when to retry by X-RateLimit-Reset, else Retry-After", "[retry_timing]") {
  SECTION("X-RateLimit-Reset is absolute Unix seconds") {
    RetryTiming timing = Read({{"x-ratelimit-reset", "1700000000"}});
    CHECK(timing.retry_at == 1700000000);
    CHECK_FALSE(timing.retry_after);
    CHECK(std::string(timing.source) == "X-RateLimit-Reset");
  }
  SECTION("it wins over Retry-After") {
    RetryTiming timing = Read({{"x-ratelimit-reset", "1700000000"}, {"retry-after", "30"}});
    CHECK(timing.retry_at == 1700000000);
    CHECK_FALSE(timing.retry_after);
  }
  SECTION("an unreadable reset falls back to Retry-After") {
    RetryTiming timing = Read({{"x-ratelimit-reset", "soon"}, {"retry-after", "30"}});
    CHECK(timing.retry_after == 30);
    CHECK_FALSE(timing.retry_at);
  }
  SECTION("Retry-After in seconds, counted from the Date header") {
    RetryTiming timing = Read({{"retry-after", "30"}, {"date", "Tue, 14 Nov 2023 22:13:20 GMT"}});
    CHECK(timing.retry_at == 1700000030);
    CHECK(timing.retry_after == 30);
    CHECK(std::string(timing.source) == "Retry-After");
  }
  SECTION("Retry-After as an HTTP date") {
    RetryTiming timing = Read({{"retry-after", "Tue, 14 Nov 2023 22:13:20 GMT"}});
    CHECK(timing.retry_at == 1700000000);
    CHECK_FALSE(timing.retry_after);
  }
  SECTION("nothing usable") {
    RetryTiming timing = Read({{"retry-after", "later"}});
    CHECK_FALSE(timing.retry_at);
    CHECK_FALSE(timing.retry_after);
    CHECK(std::string(timing.source).empty());
  }
}

TEST_CASE("the wait for a reset is its distance from now plus a quarter second", "[retry_timing]") {
  const std::int64_t now_ms = 1700000000LL * 1000 + 400;  // 0.4 s into a second
  SECTION("a reset 10 s ahead (whole seconds on the server's clock)") {
    RetryTiming timing;
    timing.retry_at = 1700000010;
    CHECK(WaitMs(timing, now_ms) == 9600 + kResetMarginMs);
  }
  SECTION("a reset already past on our clock still waits the margin, never less") {
    RetryTiming timing;
    timing.retry_at = 1699999990;
    CHECK(WaitMs(timing, now_ms) == kResetMarginMs);
    timing.retry_at = 1700000000;
    CHECK(WaitMs(timing, now_ms) == kResetMarginMs);
  }
  SECTION("Retry-After seconds count from the answer, whatever the clocks say") {
    RetryTiming timing = Read({{"retry-after", "30"}, {"date", "Thu, 01 Jan 1970 00:00:00 GMT"}});
    CHECK(WaitMs(timing, now_ms) == 30000);
  }
  SECTION("an answer that says nothing gives no wait") {
    CHECK_FALSE(WaitMs(RetryTiming{}, now_ms));
  }
}

TEST_CASE("X-RateLimit-* read as one window's allowance, what is left and when it refills", "[retry_timing]") {
  RateLimitHeaders read = ReadRateLimitHeaders(
      Headers{{{"x-ratelimit-limit", "167"}, {"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000010"}}});
  CHECK(read.limit == 167);
  CHECK(read.remaining == 0);
  CHECK(read.reset_at == 1700000010);
  RateLimitHeaders none = ReadRateLimitHeaders(Headers{{{"x-ratelimit-limit", "many"}}});
  CHECK_FALSE(none.limit);
  CHECK_FALSE(none.remaining);
  CHECK_FALSE(none.reset_at);
}

}  // namespace
}  // namespace wf::retry_timing
