// HttpClient against servers that misbehave: each failure must say whether the
// server can have seen the request, and name the URL without its query.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "http/fault_server.h"
#include "http/http_client.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

using test::ClosedPort;
using test::FaultServer;
using test::LoopbackServer;
using test::UnansweredPort;

std::string Loopback(int port, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

HttpRequest Post(const std::string& url, std::string body = "{}") {
  return HttpRequest{"POST", url, {{"Content-Type", "application/json"}, {"Authorization", "Bearer s3cret"}},
                     std::move(body)};
}

TEST_CASE("A refused connection fails as not sent, naming the URL without its query") {
  ClosedPort port;
  HttpClient client;
  HttpOutcome outcome = client.Send(Post(Loopback(port.port(), "/conversations?token=s3cret")));
  CHECK(outcome.failure == SendFailure::kNotSent);
  CHECK(outcome.error == "no response from " + Loopback(port.port(), "/conversations") +
                             ": connection refused (the request was not sent)");
  CHECK(outcome.ToStatus().code() == StatusCode::kUnavailable);
  CHECK(std::string(SendFailureName(outcome.failure)) == "not_sent");
  CHECK(client.IdleConnections() == 0);
}

TEST_CASE("A connect that is never answered fails as not sent at the connect timeout") {
  UnansweredPort port;
  HttpOptions options;
  options.connect_timeout_ms = 300;
  HttpClient client(options);
  HttpOutcome outcome = client.Send(Post(Loopback(port.port(), "/conversations")));
  CHECK(outcome.failure == SendFailure::kNotSent);
  CHECK(outcome.error == "no response from " + Loopback(port.port(), "/conversations") +
                             ": could not connect within 300 ms (the request was not sent)");
  CHECK(outcome.elapsed_ms >= 250);
  CHECK(outcome.elapsed_ms < 3000);
}

TEST_CASE("A server that reads the request and closes fails as no response") {
  FaultServer server(FaultServer::CloseAfterRequest());
  HttpClient client;
  HttpOutcome outcome = client.Send(Post(server.Url("/conversations")));
  CHECK(outcome.failure == SendFailure::kNoResponse);
  CHECK(outcome.error == "no response from " + server.Url("/conversations") +
                             ": the connection closed before a complete response arrived "
                             "(the request may have reached the server)");
  CHECK(outcome.error.find("s3cret") == std::string::npos);
  CHECK(client.IdleConnections() == 0);  // the broken connection is not pooled
}

TEST_CASE("A server that never answers fails as no response after the read timeout") {
  FaultServer server(FaultServer::NeverAnswer());
  HttpOptions options;
  options.read_timeout_ms = 200;
  HttpClient client;
  HttpOutcome outcome = client.Send(Post(server.Url("/conversations")), &options);
  CHECK(outcome.failure == SendFailure::kNoResponse);
  CHECK(outcome.error == "no response from " + server.Url("/conversations") +
                             ": no answer within the read timeout of 200 ms "
                             "(the request may have reached the server)");
  CHECK(outcome.elapsed_ms >= 190);
  CHECK(outcome.elapsed_ms < 3000);
}

TEST_CASE("A body shorter than its Content-Length fails as no response") {
  FaultServer server(FaultServer::Respond(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"type\":"));
  HttpClient client;
  HttpOutcome outcome = client.Send(Post(server.Url("/conversations")));
  CHECK(outcome.failure == SendFailure::kNoResponse);
  CHECK(outcome.error == "no response from " + server.Url("/conversations") +
                             ": the connection closed before a complete response arrived "
                             "(the request may have reached the server)");
  CHECK(outcome.response.body.empty());
}

TEST_CASE("A connection that fails while the body is being written fails as no response") {
  FaultServer server(FaultServer::CloseAfterHead());
  HttpClient client;
  // Large enough to outlast the socket buffers, so the write itself fails; the
  // process must survive the broken pipe.
  HttpOutcome outcome = client.Send(Post(server.Url("/conversations"), std::string(32 << 20, 'x')));
  CHECK(outcome.failure == SendFailure::kNoResponse);
  CHECK_THAT(outcome.error, Catch::StartsWith("no response from " + server.Url("/conversations") + ": "));
  CHECK_THAT(outcome.error, Catch::EndsWith(" (the request may have reached the server)"));
}

TEST_CASE("An answer over max_response_bytes fails as too large without being read") {
  bool chunked = GENERATE(false, true);
  std::atomic<size_t> written{0};
  const size_t total = 20u << 20;
  FaultServer server(FaultServer::Flood(total, chunked, &written));
  HttpOptions options;
  options.max_response_bytes = 1u << 20;
  HttpClient client(options);

  HttpOutcome outcome = client.Send({"GET", server.Url("/export?all=1"), {}, ""});
  INFO((chunked ? "chunked" : "with Content-Length"));
  CHECK(outcome.failure == SendFailure::kTooLarge);
  CHECK(outcome.error == "response from " + server.Url("/export") +
                             " is larger than max_response_bytes (1048576 bytes)");
  CHECK(outcome.ToStatus().code() == StatusCode::kFailed);
  CHECK(outcome.response.status == 200);
  CHECK(outcome.response.body.empty());
  CHECK(outcome.elapsed_ms < 2000);
  CHECK(client.IdleConnections() == 0);
  // The client hung up, so the server could not write the whole answer.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.finished() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(written < total);
}

TEST_CASE("An answer at exactly max_response_bytes is accepted") {
  LoopbackServer server;
  server.server().Get("/exact", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(1000, 'x'), "text/plain");
  });
  server.Start();
  HttpOptions options;
  options.max_response_bytes = 1000;
  HttpClient client(options);
  HttpOutcome outcome = client.Send({"GET", server.Url("/exact"), {}, ""});
  REQUIRE(outcome.ok());
  CHECK(outcome.response.body.size() == 1000);
  options.max_response_bytes = 999;
  CHECK(client.Send({"GET", server.Url("/exact"), {}, ""}, &options).failure == SendFailure::kTooLarge);
}

TEST_CASE("An invalid request is refused before anything is sent") {
  FaultServer server(FaultServer::Respond("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  HttpClient client;
  auto error_of = [&](const HttpRequest& request, const HttpOptions* options = nullptr) {
    HttpOutcome outcome = client.Send(request, options);
    CHECK(outcome.failure == SendFailure::kInvalid);
    CHECK(outcome.ToStatus().code() == StatusCode::kInvalid);
    return outcome.error;
  };
  CHECK(error_of({"POST", "ftp://x", {}, ""}) == "url 'ftp://x' has scheme 'ftp'; allowed: http, https");
  CHECK(error_of({"FETCH", server.Url("/"), {}, ""}) ==
        "method 'FETCH' is not supported; allowed: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
  CHECK(error_of({"GET", server.Url("/"), {{"X-Token", "s3cret\r\nX-Injected: 1"}}, ""}) ==
        "header 'X-Token' has a line break or control character in its value");
  CHECK(error_of({"GET", server.Url("/"), {{"Bad Name", "v"}}, ""}) ==
        "header name 'Bad Name' is not a valid HTTP token");
  CHECK(error_of({"GET", server.Url("/"), {{"X-A\r\nB", "v"}}, ""}) ==
        "header name 'X-A\\x0d\\x0aB' is not a valid HTTP token");
  CHECK(error_of({"POST", server.Url("/"), {{"Content-Length", "5"}}, "{}"}) ==
        "header 'Content-Length' does not match the body, which has 2 bytes");
  CHECK(error_of({"POST", server.Url("/"), {{"Transfer-Encoding", "chunked"}}, "{}"}) ==
        "header 'Transfer-Encoding' is not allowed; the client frames the body itself");
  HttpOptions zero;
  zero.read_timeout_ms = 0;
  CHECK(error_of({"GET", server.Url("/"), {}, ""}, &zero) == "read_timeout_ms is 0; allowed: 1 or more");
  CHECK(server.connections() == 0);
}

}  // namespace
}  // namespace wf
