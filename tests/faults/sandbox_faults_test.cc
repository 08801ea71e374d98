// `wf run` against `wf sandbox` with its faults on: slow answers past the read
// timeout, connections dropped after the request, 500 and 503 answers. Each
// ends as the retry rules say, and the sandbox shows that nothing was created
// twice and nothing created was lost.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "faults/fault_run.h"
#include "faults/faults_support.h"

namespace wf {
namespace {

// Waits until the sandbox has stored `count` conversations (a request the
// client gave up on is still handled), then a little longer, and returns them.
Json SettledConversations(test::SandboxProcess& sandbox, size_t count, int settle_ms = 100) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (sandbox.Conversations().size() < count && std::chrono::steady_clock::now() < deadline) {
    test::SleepMs(10);
  }
  test::SleepMs(settle_ms);
  return sandbox.Conversations();
}

std::string Hint(const std::string& run_id) {
  return "    see `wf runs show " + run_id + "`; once you know whether step 'open' took effect, resume with\n"
         "    `wf resume " + run_id + " --set-output open.NAME=VALUE` (it did: go on with the outputs you found),\n"
         "    `--skip-step open` (it did: go on without its outputs) or `--retry-step open` (it did not: send it again)\n";
}

TEST_CASE("An answer slower than the read timeout is an unknown outcome, not sent again") {
  test::SandboxProcess sandbox({"--latency-ms", "700"});
  test::TempDir dir;
  std::string workflow = test::OneCreateWorkflow(dir, "    timeout: { read: 200ms }\n");
  test::FaultRun run = test::RunFaulted(dir, workflow, sandbox.url());
  CHECK(run.process.exit_code == 1);
  CHECK(run.elapsed_ms < 650);  // it did not wait for the answer
  const std::string error =
      "no response from " + sandbox.url() + "/conversations: no answer within the read timeout of 200 ms "
      "(the request may have reached the server); its outcome is unknown: check whether it took "
      "effect before sending it again (retry.on_unknown_outcome: true retries automatically)";
  CHECK(run.step["state"] == "unknown");
  CHECK(run.step["error"]["kind"] == "unknown_outcome");
  CHECK(run.step["error"]["message"] == error);
  REQUIRE(run.step["attempts"].size() == 1);
  CHECK(run.step["attempts"][0]["result"] == "no_response");
  CHECK(run.result["error"] == "step 'open' unknown: " + error);
  CHECK(run.process.err.rfind("run " + run.run_id + ": one_conversation (journal " + dir.File("runs.db") +
                              ")\nstep open  intercom.create_conversation  unknown  ", 0) == 0);
  CHECK(test::LinesStartingWith(run.process.err, "  ") == std::vector<std::string>{"  " + error});
  CHECK(run.journaled.state == "unknown");
  CHECK(run.journaled.attempts == 1);
  // The sandbox still handled the request: one conversation, never two.
  CHECK(SettledConversations(sandbox, 1).size() == 1);
  CHECK(sandbox.Requests().size() == 1);
}

TEST_CASE("A connection dropped after the request is an unknown outcome, and the conversation exists once") {
  test::SandboxProcess sandbox({"--drop-rate", "1"});
  test::TempDir dir;
  test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir), sandbox.url(), {}, false);
  CHECK(run.process.exit_code == 1);
  CHECK(run.process.out.empty());
  const std::string error =
      "no response from " + sandbox.url() + "/conversations: the connection closed before a complete "
      "response arrived (the request may have reached the server); its outcome is unknown: check "
      "whether it took effect before sending it again (retry.on_unknown_outcome: true retries "
      "automatically)";
  std::string err = run.process.err;
  size_t ms = err.find("  unknown  ");
  REQUIRE(ms != std::string::npos);
  err.replace(ms, err.find('\n', ms) - ms, "  unknown  N ms");  // the time varies
  CHECK(err == "run " + run.run_id + ": one_conversation (journal " + dir.File("runs.db") + ")\n"
               "step open  intercom.create_conversation  unknown  N ms\n"
               "  " + error + "\n"
               "wf: step 'open' unknown: " + error + "\n" + Hint(run.run_id));
  CHECK(run.journaled.state == "unknown");
  CHECK(run.journaled.attempts == 1);
  CHECK(run.journaled.error["message"] == error);
  Json requests = sandbox.Requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["dropped"] == true);
  CHECK(SettledConversations(sandbox, 1).size() == 1);
}

TEST_CASE("A 503 is retried after a backoff and creates exactly one conversation") {
  test::SandboxProcess sandbox({"--fail-first", "1", "--error-status", "503"});
  test::TempDir dir;
  std::string workflow = test::OneCreateWorkflow(dir, "    retry: { delay: 50ms, jitter: 0 }\n");
  test::FaultRun run = test::RunFaulted(dir, workflow, sandbox.url());
  INFO(run.process.err);
  CHECK(run.process.exit_code == 0);
  CHECK(run.step["state"] == "succeeded");
  REQUIRE(run.step["attempts"].size() == 2);
  CHECK(run.step["attempts"][0]["result"] == 503);
  CHECK(run.step["attempts"][0]["wait_ms"] == 50);
  CHECK(run.step["attempts"][0]["reason"] == "status 503");
  CHECK(run.step["attempts"][1]["result"] == 200);
  CHECK(test::LinesStartingWith(run.process.err, "  step open attempt") ==
        std::vector<std::string>{"  step open attempt 1: 503; retrying in 50 ms: status 503"});
  CHECK(run.journaled.state == "succeeded");
  CHECK(run.journaled.attempts == 2);
  Json conversations = sandbox.Conversations();
  REQUIRE(conversations.size() == 1);
  CHECK(run.journaled.outputs["conversation_id"] == conversations[0]["id"]);
  CHECK(run.result["outputs"]["conversation_id"] == conversations[0]["id"]);
  CHECK(sandbox.Requests().size() == 2);
}

TEST_CASE("A 500 is an unknown outcome: not retried unless on_unknown_outcome opts in") {
  test::SandboxProcess sandbox({"--fail-first", "1", "--error-status", "500"});
  test::TempDir dir;

  SECTION("by default the step stops, and the one conversation the sandbox stored is all there is") {
    test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir), sandbox.url());
    CHECK(run.process.exit_code == 1);
    CHECK(run.step["state"] == "unknown");
    CHECK(run.step["error"]["message"] ==
          "Intercom may or may not have created the conversation (500 server_error: Sandbox fault "
          "(HTTP 500): the server failed to handle the request); check the contact's conversations "
          "in Intercom before retrying");
    CHECK(run.step["attempts"].size() == 1);
    CHECK(run.journaled.state == "unknown");
    CHECK(sandbox.Requests().size() == 1);
    CHECK(sandbox.Conversations().size() == 1);
  }
  SECTION("with on_unknown_outcome the step is sent again: the user accepted a possible duplicate") {
    std::string workflow =
        test::OneCreateWorkflow(dir, "    retry: { on_unknown_outcome: true, delay: 10ms, jitter: 0 }\n");
    test::FaultRun run = test::RunFaulted(dir, workflow, sandbox.url());
    CHECK(run.process.exit_code == 0);
    REQUIRE(run.step["attempts"].size() == 2);
    CHECK(run.step["attempts"][0]["result"] == 500);
    CHECK(run.step["attempts"][0]["reason"] == "status 500 (on_unknown_outcome)");
    CHECK(test::LinesStartingWith(run.process.err, "  step open attempt") ==
          std::vector<std::string>{"  step open attempt 1: 500; retrying in 10 ms: status 500 (on_unknown_outcome)"});
    Json conversations = sandbox.Conversations();
    CHECK(conversations.size() == 2);  // the 500 had stored one: this is what the opt-in risks
    CHECK(run.result["outputs"]["conversation_id"] == conversations[1]["id"]);
  }
}

TEST_CASE("A refused connection is retried, then fails as not sent") {
  test::TempDir dir;
  std::string workflow = test::OneCreateWorkflow(dir, "    retry: { delay: 20ms, backoff: fixed, jitter: 0 }\n");
  std::string refused_url;
  {
    test::SandboxProcess gone;  // a port that was just free
    refused_url = gone.url();
  }
  test::FaultRun run = test::RunFaulted(dir, workflow, refused_url);
  CHECK(run.process.exit_code == 1);
  const std::string refused = "no response from " + refused_url + "/conversations: connection refused "
                              "(the request was not sent)";
  CHECK(run.step["state"] == "failed");
  CHECK(run.step["error"]["kind"] == "not_sent");
  CHECK(run.step["error"]["message"] == refused + " (after 3 attempts)");
  REQUIRE(run.step["attempts"].size() == 3);
  for (int i = 0; i < 3; ++i) CHECK(run.step["attempts"][i]["result"] == "not_sent");
  CHECK(test::LinesStartingWith(run.process.err, "  step open attempt") ==
        std::vector<std::string>{"  step open attempt 1: not_sent (" + refused + "); retrying in 20 ms: not_sent",
                                 "  step open attempt 2: not_sent (" + refused + "); retrying in 20 ms: not_sent"});
  CHECK(run.journaled.state == "failed");  // not unknown: a resume may send it without asking
  CHECK(run.journaled.attempts == 3);
  test::TempDir plain_dir;
  test::FaultRun plain = test::RunFaulted(plain_dir, workflow, refused_url, {}, false);
  CHECK(plain.process.exit_code == 1);
  CHECK(plain.process.err.find("\nwf: step 'open' failed: " + refused + " (after 3 attempts)\n"
                               "    see `wf runs show " + plain.run_id + "`; `wf resume " + plain.run_id +
                               "` continues after a fix\n") != std::string::npos);
}

}  // namespace
}  // namespace wf
