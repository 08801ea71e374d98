// The engine's rate limiter is shared by every call with the same token: with
// a small limit, calls are paced (or refused before sending when the wait is
// too long), never answered 429 by the sandbox; another token is not held up.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "engine/call_task.h"
#include "engine/engine_test_support.h"
#include "faults/fault_run.h"
#include "faults/faults_support.h"
#include "sandbox/sandbox.h"

namespace wf {
namespace {

Json CreateInputs(const std::string& base_url, const std::string& token, const std::string& body) {
  return {{"base_url", base_url}, {"access_token", token},
          {"from", {{"type", "user"}, {"id", test::kAda}}}, {"body", body}};
}

TEST_CASE("Concurrent calls with one token share its limit, and another token is not held up") {
  sandbox::Options options;
  options.tokens = {"token-a", "token-b"};
  options.rate_limit_per_minute = 12;  // 2 a 10-second window, per token
  sandbox::Server server(options);
  std::string error;
  REQUIRE(server.Start(&error));
  std::unique_ptr<TaskRegistry> registry = test::BuildTreeRegistry();
  const TaskType* task = registry->Find("intercom.create_conversation");
  REQUIRE(task != nullptr);

  HttpClient client;
  RateLimiter limiter(12);
  CallOptions call;
  call.client = &client;
  call.limiter = &limiter;
  call.retry.max_wait_ms = 1000;  // waiting for the next window takes longer: refuse instead

  const std::vector<std::string> tokens = {"token-a", "token-a", "token-a", "token-b"};
  std::vector<CallResult> results(tokens.size());
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < tokens.size(); ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      results[i] = CallTask(*task, CreateInputs(server.base_url(), tokens[i], "call " + std::to_string(i)), call);
    });
  }
  go = true;
  for (std::thread& t : threads) t.join();

  int succeeded_a = 0;
  for (size_t i = 0; i < 3; ++i) {
    INFO("call " << i << ": " << results[i].error.dump());
    if (results[i].state == "succeeded") {
      ++succeeded_a;
      continue;
    }
    CHECK(results[i].state == "failed");
    CHECK(results[i].error["kind"] == "rate_limited");
    CHECK(results[i].error["message"] ==
          "the rate limit of this token allows no request within retry.max_wait (1000 ms); nothing was sent");
    CHECK_FALSE(results[i].unknown_outcome);
    REQUIRE(results[i].attempts.size() == 1);
    CHECK(results[i].attempts[0]["result"] == "not_sent");
  }
  CHECK(succeeded_a == 2);
  CHECK(results[3].state == "succeeded");
  CHECK_FALSE(results[3].attempts[0].contains("paced_ms"));

  Json requests = server.Requests();
  CHECK(requests.size() == 3);
  for (const Json& request : requests) CHECK(request["status"] == 200);  // no 429
  CHECK(server.Conversations().size() == 3);
}

TEST_CASE("wf run --rate-limit paces the steps that share a token instead of collecting 429s") {
  test::SandboxProcess sandbox({"--rate-limit", "12", "--token", "token-a", "--token", "token-b"});
  test::TempDir dir;
  std::string step_template =
      "  - id: ID\n"
      "    task: intercom.create_conversation\n"
      "    with:\n"
      "      base_url: \"${workflow.input.base_url}\"\n"
      "      access_token: \"${workflow.secrets.TOKEN}\"\n"
      "      from: { type: user, id: \"6762f0a21bb69f9f2193bb01\" }\n"
      "      body: \"from step ID\"\n";
  std::string yaml = "name: paced\ninputs:\n  base_url: { type: string, required: true }\nsteps:\n";
  for (const auto& [id, token] : std::vector<std::pair<std::string, std::string>>{
           {"a1", "TOKEN_A"}, {"a2", "TOKEN_A"}, {"b1", "TOKEN_B"}, {"a3", "TOKEN_A"}}) {
    std::string step = step_template;
    for (size_t at; (at = step.find("ID")) != std::string::npos;) step.replace(at, 2, id);
    step.replace(step.find("TOKEN"), 5, token);
    yaml += step;
  }
  std::string workflow = test::WriteFile(dir.File("paced.yaml"), yaml);
  test::WfOptions options;
  options.env = {{"TOKEN_A", "token-a"}, {"TOKEN_B", "token-b"}};
  options.timeout_ms = 60000;
  test::WfResult run = test::RunWf({"run", workflow, "--input", "base_url=" + sandbox.url(), "--no-journal",
                                    "--rate-limit", "12", "--json"},
                                   options);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Json result = Json::parse(run.out);
  std::map<std::string, Json> attempts;
  for (const Json& step : result["steps"]) {
    CHECK(step["state"] == "succeeded");
    REQUIRE(step["attempts"].size() == 1);  // paced before sending, never refused
    attempts[step["id"]] = step["attempts"][0];
  }
  CHECK_FALSE(attempts["a1"].contains("paced_ms"));
  CHECK_FALSE(attempts["a2"].contains("paced_ms"));
  CHECK_FALSE(attempts["b1"].contains("paced_ms"));  // another token has its own window
  REQUIRE(attempts["a3"].contains("paced_ms"));     // the third of token-a waits for a new window
  CHECK(attempts["a3"]["paced_ms"].get<long long>() > 5000);
  CHECK(test::LinesStartingWith(run.err, "  step") ==
        std::vector<std::string>{"  step a3 attempt 1: waited " + attempts["a3"]["paced_ms"].dump() +
                                 " ms for the rate limit of its token, then 200"});
  Json requests = sandbox.Requests();
  CHECK(requests.size() == 4);
  for (const Json& request : requests) CHECK(request["status"] == 200);  // no 429
  CHECK(sandbox.Conversations().size() == 4);
}

}  // namespace
}  // namespace wf
