// Injected faults: latency, error answers, fail_first and dropped connections.
#include "sandbox/faults.h"

#include <chrono>

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

using nlohmann::json;

Options WithFaults(const Faults& faults) {
  Options options;
  options.faults = faults;
  return options;
}

TEST_CASE("latency_ms delays every Intercom answer", "[sandbox][faults]") {
  Faults faults;
  faults.latency_ms = 150;
  RunningSandbox sandbox(WithFaults(faults));
  const auto start = std::chrono::steady_clock::now();
  httplib::Result result = sandbox.Create(kValidBody);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(elapsed >= std::chrono::milliseconds(150));

  SECTION("but not the inspection routes") {
    const auto health_start = std::chrono::steady_clock::now();
    CHECK(sandbox.client().Get("/__sandbox/health")->status == 200);
    CHECK(std::chrono::steady_clock::now() - health_start < std::chrono::milliseconds(150));
  }
}

TEST_CASE("error_rate 1 replaces every answer by error_status", "[sandbox][faults]") {
  Faults faults;
  faults.error_rate = 1;

  SECTION("a 500 is an unknown outcome: the conversation is stored") {
    faults.error_status = 500;
    RunningSandbox sandbox(WithFaults(faults));
    httplib::Result result = sandbox.Create(kValidBody);
    REQUIRE(result);
    CHECK(result->status == 500);
    CHECK(
        ErrorsOf(result) ==
        json::array({Error("server_error",
                           "Sandbox fault (HTTP 500): the server failed to handle the request")}));
    CHECK(result->has_header("X-RateLimit-Remaining"));
    CHECK(sandbox.server().Conversations().size() == 1);
  }

  SECTION("a 503 answers before anything is done: nothing is stored") {
    faults.error_status = 503;
    RunningSandbox sandbox(WithFaults(faults));
    httplib::Result result = sandbox.Create(kValidBody);
    REQUIRE(result);
    CHECK(result->status == 503);
    CHECK(
        ErrorsOf(result) ==
        json::array({Error("service_unavailable",
                           "Sandbox fault (HTTP 503): the service is unavailable; retry later")}));
    CHECK(sandbox.server().Conversations().empty());
  }

  SECTION("a 429 answers rate_limit_exceeded and stores nothing") {
    faults.error_status = 429;
    RunningSandbox sandbox(WithFaults(faults));
    httplib::Result result = sandbox.Create(kValidBody);
    REQUIRE(result);
    CHECK(result->status == 429);
    CHECK(ErrorsOf(result)[0]["code"] == "rate_limit_exceeded");
    CHECK(sandbox.server().Conversations().empty());
  }

  SECTION("an invalid request is not stored even under a 500") {
    faults.error_status = 500;
    RunningSandbox sandbox(WithFaults(faults));
    CHECK(sandbox.Create("{}")->status == 500);
    CHECK(sandbox.server().Conversations().empty());
  }

  SECTION("an unauthenticated request still gets its 401") {
    RunningSandbox sandbox(WithFaults(faults));
    CHECK(sandbox.Create(kValidBody, AuthHeaders("wrong"))->status == 401);
  }
}

TEST_CASE("fail_first answers error_status to the first N create requests only",
          "[sandbox][faults]") {
  Faults faults;
  faults.fail_first = 2;
  faults.error_status = 503;
  RunningSandbox sandbox(WithFaults(faults));

  // Neither a rejected token nor a GET counts towards the N.
  CHECK(sandbox.Create(kValidBody, AuthHeaders("wrong"))->status == 401);
  CHECK(sandbox.client().Get("/conversations/1", AuthHeaders())->status == 404);

  httplib::Result first = sandbox.Create(kValidBody);
  httplib::Result second = sandbox.Create(kValidBody);
  httplib::Result third = sandbox.Create(kValidBody);
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(third);
  CHECK(first->status == 503);
  CHECK(ErrorsOf(first)[0]["code"] == "service_unavailable");
  CHECK(second->status == 503);
  CHECK(third->status == 200);
  CHECK(sandbox.server().Conversations().size() == 1);

  SECTION("setting the faults again restarts the count") {
    sandbox.server().SetFaults(faults);
    CHECK(sandbox.Create(kValidBody)->status == 503);
    CHECK(sandbox.Create(kValidBody)->status == 503);
    CHECK(sandbox.Create(kValidBody)->status == 200);
  }
}

TEST_CASE("drop_rate 1 closes the connection without a byte of answer", "[sandbox][faults]") {
  Faults faults;
  faults.drop_rate = 1;
  RunningSandbox sandbox(WithFaults(faults));

  SECTION("the client sees no response, not an error status") {
    httplib::Result result = sandbox.Create(kValidBody);
    CHECK_FALSE(result);
    CHECK(result.error() == httplib::Error::Read);
  }

  SECTION("nothing at all comes back on the socket") {
    CHECK(RawExchange(sandbox.server().port(),
                      RawCreateRequest("Content-Type: application/json\r\n", kValidBody))
              .empty());
  }

  SECTION("a valid request was stored before the drop: a lost response") {
    CHECK_FALSE(sandbox.Create(kValidBody));
    CHECK(sandbox.server().Conversations().size() == 1);
    const json requests = sandbox.server().Requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0]["dropped"] == true);
    CHECK(requests[0]["status"].is_null());
  }

  SECTION("an invalid request is dropped and not stored") {
    CHECK_FALSE(sandbox.Create("{}"));
    CHECK(sandbox.server().Conversations().empty());
  }

  SECTION("the server goes on answering once the fault is gone") {
    CHECK_FALSE(sandbox.Create(kValidBody));
    sandbox.server().SetFaults(Faults{});
    httplib::Result result = sandbox.Create(kValidBody);
    REQUIRE(result);
    CHECK(result->status == 200);
  }
}

TEST_CASE("Rates between 0 and 1 fault about that share of requests", "[sandbox][faults]") {
  Faults faults;
  faults.error_rate = 0.5;
  faults.error_status = 503;
  RunningSandbox sandbox(WithFaults(faults));
  int failed = 0;
  for (int i = 0; i < 200; ++i) {
    httplib::Result result = sandbox.Create(kValidBody);
    REQUIRE(result);
    if (result->status == 503) ++failed;
  }
  // 200 draws at p=0.5: outside 50..150 has odds far below one in a billion.
  CHECK(failed > 50);
  CHECK(failed < 150);
}

TEST_CASE("POST /__sandbox/faults replaces the faults from another process", "[sandbox][faults]") {
  RunningSandbox sandbox;
  auto post_faults = [&](const std::string& body) {
    return sandbox.client().Post("/__sandbox/faults", body, "application/json");
  };

  SECTION("valid faults apply at once and are echoed") {
    httplib::Result result = post_faults(R"({"fail_first": 1, "error_status": 503})");
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(BodyOf(result) == json({{"latency_ms", 0},
                                  {"error_rate", 0.0},
                                  {"error_status", 503},
                                  {"drop_rate", 0.0},
                                  {"fail_first", 1}}));
    CHECK(BodyOf(sandbox.client().Get("/__sandbox/faults"))["fail_first"] == 1);
    CHECK(sandbox.Create(kValidBody)->status == 503);
    CHECK(sandbox.Create(kValidBody)->status == 200);
  }

  SECTION("wrong faults answer 400 and change nothing") {
    std::string body;
    std::string message;
    SECTION("an unknown field") {
      body = R"({"fail_frist": 1})";
      message =
          "faults: unknown field 'fail_frist'; allowed: latency_ms, error_rate, "
          "error_status, drop_rate, fail_first";
    }
    SECTION("a rate above 1") {
      body = R"({"drop_rate": 2})";
      message = "faults: drop_rate must be from 0 to 1; got 2.0";
    }
    SECTION("a status that is not an error") {
      body = R"({"error_status": 200})";
      message = "faults: error_status must be from 400 to 599; got 200";
    }
    SECTION("a count of the wrong type") {
      body = R"({"fail_first": "2"})";
      message = "faults: fail_first must be an integer; got \"2\"";
    }
    SECTION("not JSON") {
      body = "fail_first=1";
      message = "The request body is not valid JSON";
    }
    httplib::Result result = post_faults(body);
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(ErrorsOf(result) == json::array({Error("parameter_invalid", message)}));
    CHECK(sandbox.Create(kValidBody)->status == 200);
  }
}

TEST_CASE("Faults are checked before a server starts", "[sandbox][faults]") {
  Faults faults;
  faults.error_rate = 1.5;
  Server server(WithFaults(faults));
  std::string error;
  CHECK_FALSE(server.Start(&error));
  CHECK(error == "faults: error_rate must be from 0 to 1; got 1.5");
}

}  // namespace
}  // namespace wf::sandbox::testing
