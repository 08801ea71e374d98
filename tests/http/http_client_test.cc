// HttpClient against a real httplib server on loopback: answers, headers, methods,
// redirects and connection reuse. Faults are in http_client_failure_test.cc.
#include "http/http_client.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "http/fault_server.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

using test::FaultServer;
using test::LoopbackServer;

HttpRequest Get(const std::string& url) { return HttpRequest{"GET", url, {}, ""}; }

TEST_CASE("Any status is an answer that keeps its status, headers and body") {
  LoopbackServer server;
  server.server().Get(R"(/status/(\d+))", [](const httplib::Request& request, httplib::Response& response) {
    response.status = std::stoi(request.matches[1]);
    response.set_header("X-Request-Id", "r-42");
    response.set_content(R"({"type":"error.list"})", "application/json");
  });
  server.Start();
  HttpClient client;

  for (int status : {200, 404, 422, 429, 500, 503}) {
    HttpOutcome outcome = client.Send(Get(server.Url("/status/" + std::to_string(status))));
    INFO(outcome.error);
    REQUIRE(outcome.ok());
    CHECK(outcome.error.empty());
    CHECK(outcome.response.status == status);
    CHECK(outcome.response.body == R"({"type":"error.list"})");
    REQUIRE(outcome.response.FindHeader("x-request-id") != nullptr);
    CHECK(*outcome.response.FindHeader("x-request-id") == "r-42");
    CHECK(*outcome.response.FindHeader("content-type") == "application/json");
    CHECK(outcome.response.FindHeader("X-Request-Id") == nullptr);  // names are lower case
    CHECK(outcome.elapsed_ms > 0);
  }
}

TEST_CASE("Every method reaches the server with its body") {
  LoopbackServer server;
  auto echo = [](const httplib::Request& request, httplib::Response& response) {
    response.set_header("X-Method", request.method);
    response.set_content(request.method + ":" + request.body, "text/plain");
  };
  server.server().Get("/echo", echo).Post("/echo", echo).Put("/echo", echo).Patch("/echo", echo);
  server.server().Delete("/echo", echo).Options("/echo", echo);
  server.Start();
  HttpClient client;

  // httplib's server reads no body for GET and OPTIONS, so those go without one.
  for (std::string method : {"GET", "OPTIONS"}) {
    HttpOutcome outcome = client.Send({method, server.Url("/echo"), {}, ""});
    INFO(method << ": " << outcome.error);
    REQUIRE(outcome.ok());
    CHECK(outcome.response.body == method + ":");
  }
  for (std::string method : {"POST", "PUT", "PATCH", "DELETE"}) {
    HttpOutcome outcome = client.Send({method, server.Url("/echo"), {{"Content-Type", "text/plain"}}, "b"});
    INFO(method << ": " << outcome.error);
    REQUIRE(outcome.ok());
    CHECK(outcome.response.body == method + ":b");
  }
  SECTION("HEAD gets the headers and no body") {
    HttpOutcome outcome = client.Send({"HEAD", server.Url("/echo"), {}, ""});
    REQUIRE(outcome.ok());
    CHECK(outcome.response.status == 200);
    CHECK(*outcome.response.FindHeader("x-method") == "HEAD");
    CHECK(outcome.response.body.empty());
  }
  SECTION("the method may be given in lower case") {
    HttpOutcome outcome = client.Send({"post", server.Url("/echo"), {}, ""});
    REQUIRE(outcome.ok());
    CHECK(outcome.response.body == "POST:");
  }
}

TEST_CASE("The request's headers arrive exactly, with a single Content-Type") {
  std::string seen;
  std::mutex mutex;
  FaultServer server(FaultServer::Capture(
      [&](const std::string& request) {
        std::lock_guard<std::mutex> lock(mutex);
        seen = request;
      },
      "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
  HttpClient client;
  HttpRequest request{"POST",
                      server.Url("/conversations?page=2"),
                      {{"Content-Type", "application/json"},
                       {"Authorization", "Bearer tok"},
                       {"Intercom-Version", "2.12"},
                       {"X-Twice", "1"},
                       {"X-Twice", "2"}},
                      R"({"body":"hi"})"};
  HttpOutcome outcome = client.Send(request);
  INFO(outcome.error);
  REQUIRE(outcome.ok());
  CHECK(outcome.response.status == 201);

  std::lock_guard<std::mutex> lock(mutex);
  CHECK(seen.rfind("POST /conversations?page=2 HTTP/1.1\r\n", 0) == 0);
  CHECK(seen.find("\r\nContent-Type: application/json\r\n") != std::string::npos);
  CHECK(seen.find("Content-Type") == seen.rfind("Content-Type"));  // exactly once
  CHECK(seen.find("\r\nAuthorization: Bearer tok\r\n") != std::string::npos);
  CHECK(seen.find("\r\nIntercom-Version: 2.12\r\n") != std::string::npos);
  CHECK(seen.find("\r\nX-Twice: 1\r\nX-Twice: 2\r\n") != std::string::npos);
  CHECK(seen.find("\r\nContent-Length: 13\r\n") != std::string::npos);
  CHECK(seen.substr(seen.size() - 13) == R"({"body":"hi"})");
}

TEST_CASE("Sequential requests to one origin reuse one keep-alive connection") {
  LoopbackServer server;
  server.server().Post("/conversations", [&](const httplib::Request& request, httplib::Response& response) {
    server.NoteConnection(request);
    response.set_content("{}", "application/json");
  });
  server.Start();
  HttpClient client;

  for (int i = 0; i < 10; ++i) {
    HttpOutcome outcome = client.Send({"POST", server.Url("/conversations"), {{"Content-Type", "application/json"}}, "{}"});
    REQUIRE(outcome.ok());
  }
  CHECK(server.connections() == 1);
  CHECK(client.IdleConnections() == 1);

  SECTION("unless the connection has been idle longer than keep_alive_idle_ms") {
    HttpOptions options;
    options.keep_alive_idle_ms = 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(client.Send({"POST", server.Url("/conversations"), {}, "{}"}, &options).ok());
    CHECK(server.connections() == 2);
  }
}

TEST_CASE("A connection the server closed while idle is replaced, not reused") {
  LoopbackServer server;
  server.server().set_keep_alive_timeout(1);
  server.server().Post("/conversations", [&](const httplib::Request& request, httplib::Response& response) {
    server.NoteConnection(request);
    response.set_content("{}", "application/json");
  });
  server.Start();
  HttpOptions options;
  options.keep_alive_idle_ms = 60000;  // so that only the server's close is at play
  HttpClient client(options);

  REQUIRE(client.Send({"POST", server.Url("/conversations"), {}, "{}"}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  HttpOutcome outcome = client.Send({"POST", server.Url("/conversations"), {}, "{}"});
  INFO(outcome.error);
  CHECK(outcome.ok());
  CHECK(server.connections() == 2);
}

TEST_CASE("Concurrent sends to one origin all succeed on separate connections") {
  LoopbackServer server;
  server.server().Post("/conversations", [&](const httplib::Request& request, httplib::Response& response) {
    server.NoteConnection(request);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // let the sends overlap
    response.set_content(request.body, "application/json");
  });
  server.Start();
  HttpClient client;

  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string body = std::to_string(t * 100 + i);
        HttpOutcome outcome = client.Send({"POST", server.Url("/conversations"), {}, body});
        if (outcome.ok() && outcome.response.body == body) ++succeeded;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(succeeded == 40);
  CHECK(server.connections() >= 2);  // no single client shared behind a lock
  CHECK(server.connections() <= 4);  // and each connection kept alive
}

TEST_CASE("Redirects are returned as they are unless a GET asks to follow them") {
  LoopbackServer other;
  other.server().Get("/landing", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content("authorization=" + request.get_header_value("Authorization"), "text/plain");
  });
  other.Start();
  LoopbackServer server;
  std::atomic<int> target_hits{0};
  server.server().Post("/conversations", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/elsewhere", 302);
  });
  server.server().Get("/elsewhere", [&](const httplib::Request& request, httplib::Response& response) {
    ++target_hits;
    response.set_content("authorization=" + request.get_header_value("Authorization"), "text/plain");
  });
  server.server().Get("/same-origin", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/elsewhere", 301);
  });
  server.server().Get("/other-origin", [&](const httplib::Request&, httplib::Response& response) {
    response.set_redirect(other.Url("/landing"), 307);
  });
  server.Start();
  HttpOptions follow;
  follow.follow_redirects = true;
  HttpClient client(follow);

  SECTION("a POST's 302 is the answer, even with follow_redirects") {
    HttpOutcome outcome = client.Send({"POST", server.Url("/conversations"), {}, "{}"});
    REQUIRE(outcome.ok());
    CHECK(outcome.response.status == 302);
    CHECK(*outcome.response.FindHeader("location") == "/elsewhere");
    CHECK(target_hits == 0);
  }
  SECTION("a GET without follow_redirects gets the 3xx") {
    HttpOptions options;
    HttpOutcome outcome = client.Send(Get(server.Url("/same-origin")), &options);
    REQUIRE(outcome.ok());
    CHECK(outcome.response.status == 301);
    CHECK(target_hits == 0);
  }
  SECTION("a GET follows within its origin, keeping credentials") {
    HttpOutcome outcome = client.Send({"GET", server.Url("/same-origin"), {{"Authorization", "Bearer t"}}, ""});
    REQUIRE(outcome.ok());
    CHECK(outcome.response.status == 200);
    CHECK(outcome.response.body == "authorization=Bearer t");
  }
  SECTION("a GET follows to another origin, without credentials") {
    HttpOutcome outcome = client.Send({"GET", server.Url("/other-origin"), {{"Authorization", "Bearer t"}}, ""});
    REQUIRE(outcome.ok());
    CHECK(outcome.response.status == 200);
    CHECK(outcome.response.body == "authorization=");
  }
}

}  // namespace
}  // namespace wf
