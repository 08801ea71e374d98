// `wf run` against raw socket servers for the answers no real server gives on
// demand: a truncated body, a body that is not JSON, a 20 MB answer, 429s that
// say when the limit resets, and a failure after an attempt whose outcome is
// unknown. Each ends as the retry rules say, every attempt in the step's
// result and on stderr.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "faults/fault_run.h"
#include "http/fault_server.h"

namespace wf {
namespace {

using test::FaultServer;

const std::string kMessage =
    R"({"type":"user_message","id":"400000077","created_at":1700000000,"body":"Hello from the fault tests",)"
    R"("message_type":"inapp","conversation_id":"77"})";

std::string Answer(const std::string& status_line, const std::string& body, const std::string& headers = "") {
  return "HTTP/1.1 " + status_line + "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n" + headers + "\r\n" + body;
}

long long NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string Utc(long long unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string RateLimited(long long reset) {
  return Answer("429 Too Many Requests",
                R"({"type":"error.list","request_id":"r-429","errors":[{"code":"rate_limit_exceeded",)"
                R"("message":"Exceeded rate limit of 167 in 10_seconds"}]})",
                "X-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: " +
                    std::to_string(reset) + "\r\n");
}

// "no response ... : WHAT (the request may have reached the server); its outcome is unknown: ..."
std::string Unknown(const std::string& what) {
  return what + "; its outcome is unknown: check whether it took effect before sending it again "
                "(retry.on_unknown_outcome: true retries automatically)";
}

TEST_CASE("A truncated body is an unknown outcome and is not sent again") {
  FaultServer server(FaultServer::Respond("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                          "Content-Length: 500\r\n\r\n{\"type\":\"user_message\",\"id\""));
  test::TempDir dir;
  test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir), server.Url(""));
  CHECK(run.process.exit_code == 1);
  CHECK(run.step["state"] == "unknown");
  CHECK(run.step["error"]["message"] ==
        Unknown("no response from " + server.Url("/conversations") + ": the connection closed before a "
                "complete response arrived (the request may have reached the server)"));
  CHECK(run.step["attempts"].size() == 1);
  CHECK(run.journaled.state == "unknown");
  CHECK(server.connections() == 1);
}

TEST_CASE("A 200 whose body is not JSON is an unknown outcome: the conversation may exist") {
  FaultServer server(FaultServer::Respond(Answer("200 OK", "<html><body>Welcome!</body></html>")));
  test::TempDir dir;
  test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir), server.Url(""));
  CHECK(run.process.exit_code == 1);
  CHECK(run.step["state"] == "unknown");
  CHECK(run.step["error"]["kind"] == "bad_response");
  CHECK(run.step["error"]["message"] ==
        "Intercom answered without a conversation_id (200, non-JSON body: 'Welcome!'); the conversation "
        "may exist, so "
        "check the contact's conversations in Intercom before retrying");
  CHECK(run.step["attempts"].size() == 1);
  CHECK(run.step["outputs"]["body"] == "<html><body>Welcome!</body></html>");  // the answer is kept
  CHECK(run.journaled.state == "unknown");
  CHECK(server.connections() == 1);
}

TEST_CASE("A 20 MB answer is refused as too large, without reading it all, and not sent again") {
  std::atomic<size_t> written{0};
  FaultServer server(FaultServer::Flood(20 * 1024 * 1024, false, &written));
  test::TempDir dir;
  test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir), server.Url(""));
  CHECK(run.process.exit_code == 1);
  CHECK(run.step["state"] == "unknown");
  CHECK(run.step["error"]["kind"] == "too_large");
  CHECK(run.step["error"]["message"] ==
        Unknown("response from " + server.Url("/conversations") +
                " is larger than max_response_bytes (10485760 bytes)"));
  REQUIRE(run.step["attempts"].size() == 1);
  CHECK(run.step["attempts"][0]["result"] == "too_large");
  CHECK(run.journaled.state == "unknown");
  CHECK(server.connections() == 1);
  CHECK(written < 20u * 1024 * 1024);
}

TEST_CASE("A 429 waits until X-RateLimit-Reset, then the request is sent again once") {
  const long long reset = NowUnix() + 1;
  std::atomic<int> seen{0};
  std::mutex mutex;
  std::vector<long long> received_ms;  // Unix milliseconds when each request arrived
  FaultServer server([&](int fd) {
    test::ReadRequest(fd);
    {
      std::lock_guard<std::mutex> lock(mutex);
      received_ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count());
    }
    test::WriteAll(fd, seen++ == 0 ? RateLimited(reset) : Answer("200 OK", kMessage));
  });
  test::TempDir dir;
  test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir), server.Url(""));
  INFO(run.process.err);
  CHECK(run.process.exit_code == 0);
  CHECK(run.result["outputs"]["conversation_id"] == "77");
  REQUIRE(run.step["attempts"].size() == 2);
  const Json& first = run.step["attempts"][0];
  CHECK(first["result"] == 429);
  CHECK(first["reason"] == "rate limited (429)");
  CHECK(first["wait_ms"].get<long long>() >= 250);
  CHECK(first["wait_ms"].get<long long>() <= 2250);
  CHECK(run.step["attempts"][1]["result"] == 200);
  std::vector<std::string> lines = test::LinesStartingWith(run.process.err, "  step open attempt");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "  step open attempt 1: 429; retrying in " + first["wait_ms"].dump() +
                        " ms: rate limited (429)");
  REQUIRE(received_ms.size() == 2);
  CHECK(received_ms[1] >= reset * 1000);  // not before the limit reset
  CHECK(run.journaled.state == "succeeded");
  CHECK(run.journaled.attempts == 2);
  CHECK(run.journaled.outputs["conversation_id"] == "77");
}

TEST_CASE("A storm of 429s ends in a rate-limit failure after max_attempts, and nothing was created") {
  const long long reset = NowUnix() + 1;
  FaultServer server(FaultServer::Respond(RateLimited(reset)));
  test::TempDir dir;
  test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir, "    retry: { max_attempts: 2 }\n"),
                                        server.Url(""));
  CHECK(run.process.exit_code == 1);
  CHECK(run.step["state"] == "failed");  // refused without being processed: safe to resume
  CHECK(run.step["error"]["kind"] == "rate_limited");
  CHECK(run.step["error"]["message"] ==
        "Intercom's rate limit was reached (429 rate_limit_exceeded: Exceeded rate limit of 167 in "
        "10_seconds); wait until " + Utc(reset) + " (X-RateLimit-Reset) before retrying (after 2 attempts)");
  REQUIRE(run.step["attempts"].size() == 2);
  CHECK(run.step["attempts"][0]["result"] == 429);
  CHECK(run.step["attempts"][1]["result"] == 429);
  CHECK(test::LinesStartingWith(run.process.err, "  step open attempt").size() == 1);
  CHECK(run.journaled.state == "failed");
  CHECK(server.connections() == 2);
}

TEST_CASE("After an attempt with an unknown outcome, a later plain failure keeps the step unknown") {
  std::atomic<int> seen{0};
  FaultServer server([&](int fd) {
    std::string request = test::ReadRequest(fd);
    if (seen++ == 0) return;  // read, then close: the first attempt may have been processed
    test::WriteAll(fd, Answer("401 Unauthorized",
                              R"({"type":"error.list","request_id":"r-401","errors":[{"code":"unauthorized",)"
                              R"("message":"Access Token Invalid"}]})"));
  });
  test::TempDir dir;
  test::FaultRun run = test::RunFaulted(
      dir, test::OneCreateWorkflow(dir, "    retry: { on_unknown_outcome: true, delay: 10ms, jitter: 0 }\n"),
      server.Url(""));
  CHECK(run.process.exit_code == 1);
  REQUIRE(run.step["attempts"].size() == 2);
  CHECK(run.step["attempts"][0]["result"] == "no_response");
  CHECK(run.step["attempts"][0]["reason"] == "no_response");
  CHECK(run.step["attempts"][1]["result"] == 401);
  CHECK(run.step["state"] == "unknown");
  CHECK(run.step["error"]["message"] ==
        "Intercom refused the access token (401 unauthorized: Access Token Invalid); check the token and "
        "its workspace region; an earlier attempt may have taken effect, so check before retrying it "
        "(after 2 attempts)");
  CHECK(run.journaled.state == "unknown");  // a resume will not send it again unasked
  CHECK(server.connections() == 2);
}

}  // namespace
}  // namespace wf
