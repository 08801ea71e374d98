// What the Intercom task says when a rate-limited answer tells when a retry
// may succeed (the arithmetic itself: tests/http/retry_timing_test.cc).
#include <string>

#include <catch2/catch.hpp>

#include "interpret.h"
#include "plugin_test_util.h"

namespace wf::intercom {
namespace {

Json Answer429(Json headers) {
  Json response = {{"status", 429},
                   {"headers", std::move(headers)},
                   {"body", R"({"type":"error.list","errors":[{"code":"rate_limit_exceeded",)"
                            R"("message":"Exceeded rate limit"}]})"}};
  return testing::InterpretResponse(Json(nullptr), response).at("error");
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

}  // namespace
}  // namespace wf::intercom
