// A one-step workflow (`open`: intercom.create_conversation) run by `wf run
// --json` against a server, with what it printed, what it answered and what
// its journal recorded, for the fault tests. Header-only.
#ifndef WF_TESTS_FAULTS_FAULT_RUN_H_
#define WF_TESTS_FAULTS_FAULT_RUN_H_

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/journal.h"
#include "faults/faults_support.h"

namespace wf::test {

// Writes one.yaml into `dir`: one create step, whose extra keys (`retry:`,
// `timeout:` ...) are `step_options`, each line indented by four spaces.
inline std::string OneCreateWorkflow(const TempDir& dir, const std::string& step_options = "") {
  return WriteFile(dir.File("one.yaml"),
                   "name: one_conversation\n"
                   "inputs:\n"
                   "  base_url: { type: string, required: true }\n"
                   "  body: { type: string, default: \"Hello from the fault tests\" }\n"
                   "steps:\n"
                   "  - id: open\n"
                   "    task: intercom.create_conversation\n" +
                       step_options +
                       "    with:\n"
                       "      base_url: \"${workflow.input.base_url}\"\n"
                       "      access_token: \"${workflow.secrets.SANDBOX_TOKEN}\"\n"
                       "      from: { type: user, id: \"6762f0a21bb69f9f2193bb01\" }\n"
                       "      body: \"${workflow.input.body}\"\n"
                       "outputs:\n"
                       "  conversation_id: \"${open.output.conversation_id}\"\n");
}

struct FaultRun {
  WfResult process;
  Json result;     // what --json printed
  Json step;       // result.steps[0]
  JournalStep journaled;
  std::string run_id;
  double elapsed_ms = 0;
};

// Runs `workflow` with base_url `base_url` (and `extra` arguments), journaled
// in `dir`, and reads back what it printed and recorded. Without `json`, the
// result and step are left null: stderr has what a person reads.
inline FaultRun RunFaulted(const TempDir& dir, const std::string& workflow, const std::string& base_url,
                           const std::vector<std::string>& extra = {}, bool json = true) {
  FaultRun run;
  std::vector<std::string> args = {"run", workflow, "--input", "base_url=" + base_url,
                                   "--journal", dir.File("runs.db")};
  if (json) args.push_back("--json");
  args.insert(args.end(), extra.begin(), extra.end());
  WfOptions options;
  options.env = {{"SANDBOX_TOKEN", "sandbox-token"}};
  auto start = std::chrono::steady_clock::now();
  run.process = RunWf(args, options);
  run.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  INFO(run.process.out << run.process.err);
  REQUIRE(Exited(run.process));
  Result<std::unique_ptr<Journal>> journal = Journal::Open(dir.File("runs.db"));
  REQUIRE(journal.ok());
  Result<std::vector<JournalRun>> runs = (*journal)->ListRuns();
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 1);
  run.run_id = (*runs)[0].id;
  if (json) {
    run.result = Json::parse(run.process.out, nullptr, false);
    REQUIRE(run.result.is_object());
    REQUIRE(run.result["steps"].size() == 1);
    run.step = run.result["steps"][0];
    CHECK(run.result["run_id"] == run.run_id);
  }
  Result<JournalRun> recorded = (*journal)->LoadRun(run.run_id);
  REQUIRE(recorded.ok());
  REQUIRE(recorded->steps.size() == 1);
  run.journaled = recorded->steps[0];
  return run;
}

// The lines of `text` that start with `prefix`.
inline std::vector<std::string> LinesStartingWith(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

}  // namespace wf::test

#endif  // WF_TESTS_FAULTS_FAULT_RUN_H_
