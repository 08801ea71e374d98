// Starting, stopping and waiting for a sandbox, and how it treats connections.
#include <chrono>
#include <future>

#include "sandbox_test_support.h"

namespace wf::sandbox::testing {
namespace {

TEST_CASE("A sandbox started on port 0 listens on a free loopback port", "[sandbox][server]") {
  Server server(Options{});
  CHECK(server.port() == 0);
  std::string error;
  REQUIRE(server.Start(&error));
  CHECK(server.port() > 0);
  CHECK(server.base_url() == "http://127.0.0.1:" + std::to_string(server.port()));
  httplib::Client client("127.0.0.1", server.port());
  client.set_tcp_nodelay(true);
  CHECK(client.Get("/__sandbox/health")->status == 200);

  SECTION("starting it twice is refused") {
    CHECK_FALSE(server.Start(&error));
    CHECK(error == "the sandbox is already running at " + server.base_url());
  }

  SECTION("after Stop it no longer answers; Stop twice is harmless") {
    server.Stop();
    server.Stop();
    httplib::Client after("127.0.0.1", server.port());
    CHECK_FALSE(after.Get("/__sandbox/health"));
  }
}

TEST_CASE("A port that is taken makes Start fail with the address", "[sandbox][server]") {
  RunningSandbox first;
  Options options;
  options.port = first.server().port();
  Server second(options);
  std::string error;
  CHECK_FALSE(second.Start(&error));
  CHECK(error == "cannot listen on 127.0.0.1:" + std::to_string(options.port) +
                     ": the port is in use or the address is not available here");
}

TEST_CASE("Options a server cannot run with make Start fail", "[sandbox][server]") {
  Options options;
  std::string error;
  SECTION("no token") {
    options.tokens.clear();
    CHECK_FALSE(Server(options).Start(&error));
    CHECK(error == "the sandbox needs at least one access token");
  }
  SECTION("a rate limit below 1") {
    options.rate_limit_per_minute = 0;
    CHECK_FALSE(Server(options).Start(&error));
    CHECK(error == "the rate limit must be at least 1 request a minute; got 0");
  }
}

TEST_CASE("Wait returns once another thread stops the server", "[sandbox][server]") {
  RunningSandbox sandbox;
  std::future<void> waiting = std::async(std::launch::async, [&] { sandbox.server().Wait(); });
  CHECK(waiting.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
  sandbox.server().Stop();
  CHECK(waiting.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
}

TEST_CASE("Stop does not wait for idle keep-alive connections", "[sandbox][server]") {
  RunningSandbox sandbox;
  REQUIRE(sandbox.Create(kValidBody)->status == 200);
  REQUIRE(sandbox.client().is_socket_open());
  const auto start = std::chrono::steady_clock::now();
  sandbox.server().Stop();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("One keep-alive connection carries many quick requests", "[sandbox][server]") {
  RunningSandbox sandbox;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    INFO("request " << i);
    httplib::Result result = sandbox.Create(kValidBody);
    REQUIRE(result);
    CHECK(result->status == 200);
    // Debian's httplib would close after 5 requests without the raised limit.
    CHECK(sandbox.client().is_socket_open());
  }
  // With Nagle on, each would take ~88 ms on loopback.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("Answers keep request bytes that are not UTF-8 without failing", "[sandbox][server]") {
  RunningSandbox sandbox;
  httplib::Headers headers = AuthHeaders();
  headers.emplace("Intercom-Version", "2.\xff");
  httplib::Result result = sandbox.Create(kValidBody, headers);
  REQUIRE(result);
  CHECK(result->status == 400);
  CHECK(ErrorsOf(result)[0]["code"] == "intercom_version_invalid");
  CHECK(sandbox.client().Get("/__sandbox/requests")->status == 200);
}

}  // namespace
}  // namespace wf::sandbox::testing
