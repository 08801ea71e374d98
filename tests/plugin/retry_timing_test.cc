// When a rate-limited or unavailable answer says a retry may succeed.
#include <string>

#include <catch2/catch.hpp>

#include "interpret.h"
#include "retry_timing.h"

namespace wf::intercom {
namespace {

Json Answer429(Json headers) {
  Json response = {{"status", 429},
                   {"headers", std::move(headers)},
                   {"body", R"({"type":"error.list","errors":[{"code":"rate_limit_exceeded",)"
                            R"("message":"Exceeded rate limit"}]})"}};
  return InterpretResponse(Json(nullptr), response).at("error");
}

const std::string kHead = "Intercom's rate limit was reached (429 rate_limit_exceeded: Exceeded rate limit); ";

TEST_CASE("a 429 waits for X-RateLimit-Reset", "[interpret][retry]") {
  SECTION("with the reset header") {
    Json error = Answer429({{"x-ratelimit-limit", "10000"}, {"x-ratelimit-remaining", "0"},
                            {"x-ratelimit-reset", "1700000000"}});
    CHECK(error.at("kind") == "rate_limited");
    CHECK(error.at("retry") == "after_reset");
    CHECK(error.at("retry_at") == 1700000000);
    CHECK(error.at("message") == kHead + "wait until 2023-11-14T22:13:20Z (X-RateLimit-Reset) before retrying");
  }
  SECTION("header names in any case") {
    CHECK(Answer429({{"X-RateLimit-Reset", "1700000000"}}).at("retry_at") == 1700000000);
  }
  SECTION("without the reset header") {
    Json error = Answer429(Json::object());
    CHECK(error.at("retry") == "after_reset");
    CHECK(error.at("retry_at").is_null());
    CHECK(error.at("message") ==
          kHead + "wait for the limit to reset before retrying (the answer did not say when)");
  }
  SECTION("with an unreadable reset header") {
    CHECK(Answer429({{"x-ratelimit-reset", "soon"}}).at("retry_at").is_null());
    CHECK(Answer429({{"x-ratelimit-reset", "-5"}}).at("retry_at").is_null());
    CHECK(Answer429({{"x-ratelimit-reset", "1.5e9"}}).at("retry_at").is_null());
  }
  SECTION("Retry-After in seconds, counted from the Date header") {
    Json error = Answer429({{"retry-after", "30"}, {"date", "Tue, 14 Nov 2023 22:13:20 GMT"}});
    CHECK(error.at("retry_at") == 1700000030);
    CHECK(error.at("retry_after") == 30);
    CHECK(error.at("message") == kHead + "wait until 2023-11-14T22:13:50Z (Retry-After) before retrying");
  }
  SECTION("Retry-After in seconds without a Date") {
    Json error = Answer429({{"retry-after", "30"}});
    CHECK(error.at("retry_at").is_null());
    CHECK(error.at("retry_after") == 30);
    CHECK(error.at("message") == kHead + "wait 30 seconds (Retry-After) before retrying");
  }
  SECTION("Retry-After as an HTTP date") {
    CHECK(Answer429({{"retry-after", "Tue, 14 Nov 2023 22:13:20 GMT"}}).at("retry_at") == 1700000000);
  }
  SECTION("X-RateLimit-Reset wins over Retry-After") {
    CHECK(Answer429({{"retry-after", "30"}, {"x-ratelimit-reset", "1700000000"}}).at("retry_at") ==
          1700000000);
  }
}

TEST_CASE("HTTP dates and UTC times convert both ways", "[retry]") {
  CHECK(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
  CHECK(ParseHttpDate("Tue, 29 Feb 2000 12:00:00 GMT") == 951825600);
  CHECK_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
  CHECK_FALSE(ParseHttpDate("Sun, 06 Nox 1994 08:49:37 GMT"));
  CHECK_FALSE(ParseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT"));
  CHECK(FormatUtc(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatUtc(951825600) == "2000-02-29T12:00:00Z");
  CHECK(FormatUtc(4102444800) == "2100-01-01T00:00:00Z");
}

}  // namespace
}  // namespace wf::intercom
