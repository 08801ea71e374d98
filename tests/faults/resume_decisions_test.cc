// wf resume's decisions for a step whose outcome is unknown: --retry-step,
// --skip-step, and --set-output STEP.NAME=VALUE (it took effect: go on with
// the outputs found in the target system), each checked before anything runs.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/journal.h"
#include "faults/fault_run.h"
#include "faults/faults_support.h"

namespace wf {
namespace {

test::WfOptions WithToken() {
  test::WfOptions options;
  options.env = {{"SANDBOX_TOKEN", "sandbox-token"}};
  return options;
}

TEST_CASE("A step with an unknown outcome resumes with the outputs the user found") {
  test::SandboxProcess sandbox({"--drop-rate", "1"});
  test::TempDir dir;
  const std::string journal = dir.File("runs.db");
  test::FaultRun run = test::RunFaulted(dir, test::OneCreateWorkflow(dir), sandbox.url(), {}, false);
  REQUIRE(run.journaled.state == "unknown");
  sandbox.SetFaults(Json::object());
  Json conversations = sandbox.Conversations();
  REQUIRE(conversations.size() == 1);  // it took effect, though no answer came
  const std::string id = conversations[0]["id"];
  const std::string message_id = conversations[0]["message_id"];
  auto resume = [&](std::vector<std::string> decisions) {
    std::vector<std::string> args = {"resume", run.run_id, "--journal", journal};
    args.insert(args.end(), decisions.begin(), decisions.end());
    return test::RunWf(args, WithToken());
  };
  auto refused = [&](std::vector<std::string> decisions, const std::string& message) {
    test::WfResult result = resume(decisions);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "wf: " + message + "\n");
  };

  refused({"--set-output", "open.nope=1"},
          "--set-output open.nope=1: task intercom.create_conversation has no output 'nope'; declared: "
          "message_id, conversation_id, created_at, message_type, type, body, response");
  refused({"--set-output", "open.created_at=soon"}, "--set-output open.created_at is 'soon'; allowed: an integer");
  refused({"--set-output", "other.conversation_id=1"},
          "--set-output other.conversation_id=1: the workflow has no step 'other'");
  refused({"--set-output", "open"}, "--set-output 'open' must look like STEP.NAME=VALUE");
  refused({"--set-output", ".x=1"}, "--set-output '.x=1' must look like STEP.NAME=VALUE");
  refused({"--retry-step", "open", "--skip-step", "open"},
          "step 'open' is given both --retry-step and --skip-step; choose one");
  refused({"--skip-step", "open", "--set-output", "open.conversation_id=1"},
          "step 'open' is given both --skip-step and --set-output; choose one");
  refused({"--retry-step", "other"}, "--retry-step other: the workflow has no step 'other'");
  CHECK(sandbox.Requests().size() == 1);  // none of these sent anything

  test::WfResult resumed = resume({"--set-output", "open.conversation_id=" + id, "--set-output",
                                   "open.message_id=" + message_id, "--set-output", "open.created_at=1700000000"});
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.out == "conversation_id: " + id + "\n");
  CHECK(resumed.err == "resuming run " + run.run_id + ": one_conversation\n"
                       "step open  intercom.create_conversation  succeeded (outputs given with --set-output)\n");
  CHECK(sandbox.Conversations().size() == 1);  // nothing sent again
  CHECK(sandbox.Requests().size() == 1);

  Result<std::unique_ptr<Journal>> opened = Journal::Open(journal);
  REQUIRE(opened.ok());
  Result<JournalRun> recorded = (*opened)->LoadRun(run.run_id);
  REQUIRE(recorded.ok());
  CHECK(recorded->state == "succeeded");
  CHECK(recorded->steps[0].state == "succeeded");
  CHECK(recorded->steps[0].attempts == 1);
  CHECK(recorded->steps[0].outputs ==
        Json{{"conversation_id", id}, {"message_id", message_id}, {"created_at", 1700000000}});
  CHECK(recorded->outputs == Json{{"conversation_id", id}});

  test::WfResult again = resume({});
  CHECK(again.exit_code == 0);
  CHECK(again.err.rfind("wf: run " + run.run_id + " already succeeded; nothing to resume\n", 0) == 0);
}

TEST_CASE("A decision for a step whose outcome is known is refused") {
  test::TempDir dir;
  std::string refused_url;
  {
    test::SandboxProcess gone;
    refused_url = gone.url();
  }
  test::FaultRun run = test::RunFaulted(
      dir, test::OneCreateWorkflow(dir, "    retry: { max_attempts: 1 }\n"), refused_url, {}, false);
  REQUIRE(run.journaled.state == "failed");
  test::WfResult result =
      test::RunWf({"resume", run.run_id, "--journal", dir.File("runs.db"), "--skip-step", "open"}, WithToken());
  CHECK(result.exit_code == 2);
  CHECK(result.err == "wf: --skip-step open: step 'open' is failed in run " + run.run_id +
                          "; only a step whose outcome is unknown takes a decision\n");
}

}  // namespace
}  // namespace wf
