// journal: runs and steps recorded in a real SQLite file, runs whose process
// died detected as interrupted, and resuming without sending a create twice.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <string>

#include "engine/executor.h"
#include "engine/journal.h"
#include "engine/workflow_loader.h"
#include "engine_test_support.h"
#include "http/loopback_server.h"

namespace wf {
namespace {

std::unique_ptr<Journal> Open(const std::string& path) {
  Result<std::unique_ptr<Journal>> journal = Journal::Open(path);
  INFO(journal.status().message());
  REQUIRE(journal.ok());
  return std::move(*journal);
}

TEST_CASE("A run, its steps and its end are recorded and read back") {
  test::TempDir dir;
  std::string path = dir.File("nested/folder/runs.db");
  std::unique_ptr<Journal> journal = Open(path);
  CHECK(journal->path() == path);
  Result<std::string> id = journal->StartRun("w.yaml", "demo", {{"lead", "x"}});
  REQUIRE(id.ok());
  CHECK(std::regex_match(*id, std::regex("r-[0-9]{8}-[0-9]{6}-[0-9a-f]{4}")));

  JournalStep step;
  step.index = 0;
  step.id = "open";
  step.task = "intercom.create_conversation";
  step.state = "sending";
  step.attempts = 1;
  REQUIRE(journal->SetStep(*id, step).ok());
  step.state = "succeeded";
  step.outputs = {{"conversation_id", "c-1"}};
  REQUIRE(journal->SetStep(*id, step).ok());  // replaces the "sending" record
  JournalStep skipped;
  skipped.index = 1;
  skipped.id = "tell";
  skipped.task = "http";
  skipped.state = "skipped";
  REQUIRE(journal->SetStep(*id, skipped).ok());

  Result<JournalRun> running = journal->LoadRun(*id);
  REQUIRE(running.ok());
  CHECK(running->state == "running");  // this process is alive
  CHECK(running->workflow_file == "w.yaml");
  CHECK(running->workflow_name == "demo");
  CHECK(running->inputs == Json{{"lead", "x"}});
  REQUIRE(running->steps.size() == 2);
  CHECK(running->steps[0].state == "succeeded");
  CHECK(running->steps[0].outputs == Json{{"conversation_id", "c-1"}});
  CHECK(running->steps[0].error.is_null());
  CHECK(running->steps[0].attempts == 1);
  CHECK(running->steps[1].outputs.is_null());
  CHECK(running->finished_at.empty());

  REQUIRE(journal->FinishRun(*id, "succeeded", {{"cid", "c-1"}}, "").ok());
  journal.reset();
  Result<JournalRun> finished = Open(path)->LoadRun(*id);  // a new connection reads it from disk
  REQUIRE(finished.ok());
  CHECK(finished->state == "succeeded");
  CHECK(finished->outputs == Json{{"cid", "c-1"}});
  CHECK_FALSE(finished->finished_at.empty());
}

TEST_CASE("Runs are listed most recent first, without their steps") {
  test::TempDir dir;
  std::unique_ptr<Journal> journal = Open(dir.File("runs.db"));
  std::string first = *journal->StartRun("a.yaml", "a", Json::object());
  std::string second = *journal->StartRun("b.yaml", "b", Json::object());
  REQUIRE(journal->FinishRun(first, "failed", Json::object(), "step 'x' failed: boom").ok());
  Result<std::vector<JournalRun>> runs = journal->ListRuns();
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 2);
  CHECK((*runs)[0].id == second);
  CHECK((*runs)[1].id == first);
  CHECK((*runs)[1].state == "failed");
  CHECK((*runs)[1].error == "step 'x' failed: boom");
  CHECK((*journal->ListRuns(1)).size() == 1);
}

TEST_CASE("A run whose process died is reported as interrupted") {
  test::TempDir dir;
  std::string path = dir.File("runs.db");
  Open(path);  // creates the schema before the child writes
  int ids[2];
  REQUIRE(pipe(ids) == 0);
  pid_t child = fork();
  if (child == 0) {
    Result<std::unique_ptr<Journal>> journal = Journal::Open(path);
    std::string id = journal.ok() ? *(*journal)->StartRun("w.yaml", "w", Json::object()) : "";
    if (write(ids[1], id.data(), id.size()) < 0) _exit(1);
    _exit(0);  // dies without finishing the run
  }
  close(ids[1]);
  char buffer[64] = {};
  ssize_t n = read(ids[0], buffer, sizeof buffer - 1);
  close(ids[0]);
  waitpid(child, nullptr, 0);
  REQUIRE(n > 0);
  std::unique_ptr<Journal> journal = Open(path);
  CHECK(journal->LoadRun(buffer)->state == "interrupted");
  CHECK((*journal->ListRuns())[0].state == "interrupted");
}

TEST_CASE("Journal errors name the journal and what is wrong") {
  test::TempDir dir;
  std::unique_ptr<Journal> journal = Open(dir.File("runs.db"));
  Result<JournalRun> missing = journal->LoadRun("r-nope");
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message() == "journal " + dir.File("runs.db") + ": no run 'r-nope'");
  std::string blocker = test::WriteFile(dir.File("file"), "x");
  Result<std::unique_ptr<Journal>> bad = Journal::Open(blocker + "/runs.db");
  CHECK(bad.status().message() == "journal " + blocker + "/runs.db: cannot open: unable to open database file");
}

TEST_CASE("A journaled run resumes without sending a finished create again") {
  test::LoopbackServer server;
  std::atomic<int> creates{0};
  std::atomic<bool> fail_next{true};
  server.server().Post("/create", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"id\": " + std::to_string(++creates) + "}", "application/json");
  });
  server.server().Post("/notify", [&](const httplib::Request&, httplib::Response& res) {
    res.status = fail_next.exchange(false) ? 400 : 200;
  });
  server.Start();
  TaskRegistry registry;
  Result<Workflow> workflow = LoadWorkflowText(
      "name: w\ninputs: { base: {} }\nsteps:\n"
      "  - { id: create, task: http, with: { method: POST, url: \"${workflow.input.base}/create\" } }\n"
      "  - { id: notify, task: http, with: { method: POST, url: \"${workflow.input.base}/notify\", "
      "body: \"${create.output.body.id}\" } }\n",
      "w.yaml", registry);
  REQUIRE(workflow.ok());
  test::TempDir dir;
  std::unique_ptr<Journal> journal = Open(dir.File("runs.db"));
  Json inputs = {{"base", server.Url("")}};
  std::string id = *journal->StartRun("w.yaml", "w", inputs);
  HttpClient client;
  RunOptions options;
  options.inputs = inputs;
  options.client = &client;  // no secrets: the journal must not need them
  options.journal = journal.get();
  options.run_id = id;
  RunResult first = RunWorkflow(*workflow, options);
  CHECK(first.failed_step == "notify");
  Result<JournalRun> recorded = journal->LoadRun(id);
  REQUIRE(recorded.ok());
  REQUIRE(recorded->steps.size() == 2);
  CHECK(recorded->steps[0].state == "succeeded");
  CHECK(recorded->steps[0].attempts == 1);
  CHECK(recorded->steps[0].outputs["status"] == 200);
  CHECK(recorded->steps[1].state == "failed");
  CHECK(recorded->steps[1].attempts == 1);
  CHECK(recorded->steps[1].error["message"] == "POST " + server.Url("/notify") + " answered 400");

  SECTION("a finished step is taken from the journal") {
    options.resume = &*recorded;
    RunResult second = RunWorkflow(*workflow, options);
    INFO(second.status.message());
    CHECK(second.status.ok());
    CHECK(second.steps[0].resumed);
    CHECK(creates == 1);
  }
  SECTION("a step that may have been sent stops the resume until the user decides") {
    recorded->steps[0].state = "sending";
    options.resume = &*recorded;
    RunResult stopped = RunWorkflow(*workflow, options);
    CHECK(stopped.steps[0].state == "unknown");
    CHECK(stopped.status.message() ==
          "step 'create' unknown: its request may have been sent before the run stopped, so its "
          "outcome is unknown; check the target system, then resume with --retry-step create to "
          "send it again or --skip-step create to go on without it");
    CHECK(creates == 1);
    options.decisions["create"] = "retry";
    CHECK(RunWorkflow(*workflow, options).status.ok());
    CHECK(creates == 2);
  }
}

}  // namespace
}  // namespace wf
