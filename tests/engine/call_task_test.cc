// CallTask: one attempt sent, then the decision about the next, against a
// real loopback server; waits are recorded by the sleep CallOptions is given
// (nothing really waits), and the rate limiter is the engine's own.
#include "engine/call_task.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <vector>

#include "base/clock.h"
#include "engine/builtin_tasks.h"
#include "http/loopback_server.h"
#include "wf/retry_timing.hpp"

namespace wf {
namespace {

// Answers /status/N with N; /reset answers 429 with X-RateLimit-Reset `reset_at`
// until `refusals` run out, then 200.
class Server {
 public:
  Server() {
    auto status = [this](const httplib::Request& req, httplib::Response& res) {
      ++calls;
      res.status = std::stoi(req.matches[1]);
      res.set_content(R"({"n":1})", "application/json");
    };
    server.server().Post(R"(/status/(\d+))", status);
    server.server().Get(R"(/status/(\d+))", status);
    server.server().Post("/reset", [this](const httplib::Request&, httplib::Response& res) {
      ++calls;
      if (refusals-- > 0) {
        res.status = 429;
        res.set_header("X-RateLimit-Reset", std::to_string(reset_at));
        res.set_header("X-RateLimit-Remaining", "0");
      }
      res.set_content("{}", "application/json");
    });
    server.Start();
  }
  test::LoopbackServer server;
  std::atomic<int> calls{0};
  std::atomic<int> refusals{0};
  std::atomic<long long> reset_at{0};
};

struct Call {
  HttpClient client;
  CallOptions options;
  std::vector<long long> waits;
  Call() {
    options.client = &client;
    options.retry.jitter = 0;
    options.sleep = [this](long long ms) { waits.push_back(ms); };
  }
};

Json Post(const std::string& url) { return Json{{"method", "POST"}, {"url", url}}; }
Json Get(const std::string& url) { return Json{{"method", "GET"}, {"url", url}}; }

TEST_CASE("a 503 is sent again after exponential backoff, up to max_attempts", "[call_task]") {
  Server server;
  Call call;
  call.options.retry.max_attempts = 3;
  call.options.retry.delay_ms = 100;
  CallResult result = CallTask(*MakeHttpTask(), Post(server.server.Url("/status/503")), call.options);
  CHECK(result.state == "failed");
  CHECK(server.calls == 3);
  CHECK(call.waits == std::vector<long long>{100, 200});
  REQUIRE(result.attempts.size() == 3);
  CHECK(result.attempts[0]["reason"] == "status 503");
  CHECK(result.error["message"] == "POST " + server.server.Url("/status/503") + " answered 503 (after 3 attempts)");
  CHECK_FALSE(result.unknown_outcome);
}

TEST_CASE("a 500 to a create is an unknown outcome: not sent again unless asked", "[call_task]") {
  Server server;
  Call call;
  SECTION("by default") {
    CallResult result = CallTask(*MakeHttpTask(), Post(server.server.Url("/status/500")), call.options);
    CHECK(server.calls == 1);
    CHECK(result.unknown_outcome);
    CHECK(call.waits.empty());
  }
  SECTION("with on_unknown_outcome") {
    call.options.retry.on_unknown_outcome = true;
    call.options.retry.max_attempts = 2;
    CallResult result = CallTask(*MakeHttpTask(), Post(server.server.Url("/status/500")), call.options);
    CHECK(server.calls == 2);
    CHECK(result.attempts[0]["reason"] == "status 500 (on_unknown_outcome)");
  }
  SECTION("a GET is idempotent: its 500 is retried") {
    call.options.retry.max_attempts = 2;
    CallResult result = CallTask(*MakeHttpTask(), Get(server.server.Url("/status/500")), call.options);
    CHECK(result.state == "failed");
    CHECK(server.calls == 2);
  }
}

TEST_CASE("a 400 is never sent again", "[call_task]") {
  Server server;
  Call call;
  CallResult result = CallTask(*MakeHttpTask(), Post(server.server.Url("/status/400")), call.options);
  CHECK(server.calls == 1);
  CHECK(result.attempts.size() == 1);
  CHECK(result.error["retry"] == "never");
}

TEST_CASE("a 429 waits for X-RateLimit-Reset, plus the margin, then succeeds", "[call_task]") {
  Server server;
  Call call;
  server.refusals = 1;
  server.reset_at = NowUnixSeconds() + 5;
  CallResult result = CallTask(*MakeHttpTask(), Post(server.server.Url("/reset")), call.options);
  CHECK(result.state == "succeeded");
  CHECK(server.calls == 2);
  REQUIRE(call.waits.size() == 1);
  // Up to 5 s to the reset second, and the quarter second past it.
  CHECK(call.waits[0] > 3000);
  CHECK(call.waits[0] <= 5000 + retry_timing::kResetMarginMs);
  CHECK(result.attempts[0]["reason"] == "rate limited (429)");
  SECTION("a reset further away than max_wait is not waited for") {
    Call again;
    again.options.retry.max_wait_ms = 1000;
    server.refusals = 1;
    server.reset_at = NowUnixSeconds() + 60;
    CallResult refused = CallTask(*MakeHttpTask(), Post(server.server.Url("/reset")), again.options);
    CHECK(refused.state == "failed");
    CHECK(again.waits.empty());
    CHECK(refused.attempts[0]["gave_up"].get<std::string>().rfind("the wait of ", 0) == 0);
  }
}

TEST_CASE("a request that was never sent is retried whatever its method", "[call_task]") {
  Call call;
  call.options.retry.max_attempts = 2;
  call.options.retry.delay_ms = 10;
  CallResult result = CallTask(*MakeHttpTask(), Post("http://127.0.0.1:1/nothing-listens"), call.options);
  CHECK(result.state == "failed");
  CHECK(result.error["kind"] == "not_sent");
  CHECK(result.attempts.size() == 2);
  CHECK_FALSE(result.unknown_outcome);
}

TEST_CASE("a dry run prepares and sends nothing; field errors send nothing either", "[call_task]") {
  Server server;
  Call call;
  call.options.dry_run = true;
  CallResult dry = CallTask(*MakeHttpTask(), Post(server.server.Url("/status/200")), call.options);
  CHECK(dry.state == "prepared");
  CHECK(dry.request["url"] == server.server.Url("/status/200"));
  call.options.dry_run = false;
  CallResult invalid = CallTask(*MakeHttpTask(), Json{{"method", "FETCH"}}, call.options);
  CHECK(invalid.state == "invalid");
  CHECK(invalid.field_errors.size() == 2);
  CHECK(server.calls == 0);
}

TEST_CASE("before_send can stop an attempt before it leaves", "[call_task]") {
  Server server;
  Call call;
  call.options.before_send = [](int) { return Status::Failed("journal full"); };
  CallResult result = CallTask(*MakeHttpTask(), Post(server.server.Url("/status/200")), call.options);
  CHECK(result.state == "failed");
  CHECK(result.error["kind"] == "journal");
  CHECK(server.calls == 0);
}

}  // namespace
}  // namespace wf
