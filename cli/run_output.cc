#include "cli/run_output.h"

#include <cstdio>

#include "cli/common.h"

namespace wf::cli {

void PrintStepLine(const StepResult& step, const Redactor& redactor) {
  std::string line = "step " + step.id + "  " + step.task + "  " + step.state;
  if (step.resumed) line += " (from the journal)";
  if (step.given) line += " (outputs given with --set-output)";
  char ms[32];
  std::snprintf(ms, sizeof ms, "  %.1f ms", step.elapsed_ms);
  if (!step.resumed && !step.given) line += ms;
  if (step.state != "succeeded" && step.state != "skipped" && step.error.is_object()) {
    line += "\n  " + step.error.value("message", std::string("failed"));
  }
  for (const Json& warning : step.warnings) {
    line += "\n  warning: " + warning.value("message", DumpJson(warning));
  }
  std::fprintf(stderr, "%s\n", redactor.Redact(line).c_str());
}

void PrintAttemptLine(const std::string& step, const Json& attempt, const Redactor& redactor) {
  if (!attempt.contains("wait_ms") && !attempt.contains("gave_up") && !attempt.contains("paced_ms")) return;
  std::string line = "  step " + step + " attempt " + DumpJson(attempt["attempt"]) + ": ";
  if (attempt.contains("paced_ms")) {
    line += "waited " + DumpJson(attempt["paced_ms"]) + " ms for the rate limit of its token, then ";
  }
  line += Plain(attempt.value("result", Json("?")));
  if (attempt.contains("error")) line += " (" + Plain(attempt["error"]) + ")";
  if (attempt.contains("wait_ms")) {
    line += "; retrying in " + DumpJson(attempt["wait_ms"]) + " ms: " + Plain(attempt["reason"]);
  }
  if (attempt.contains("gave_up")) line += "; not retrying: " + Plain(attempt["gave_up"]);
  std::fprintf(stderr, "%s\n", redactor.Redact(line).c_str());
}

void PrintRunResult(const Workflow& workflow, const RunResult& result, const std::string& run_id,
                    bool json, const Redactor& redactor) {
  if (json) {
    Json out = redactor.Redact(RunResultJson(workflow, result));
    if (!run_id.empty()) out["run_id"] = run_id;
    std::printf("%s\n", DumpJson(out, 2).c_str());
    return;
  }
  if (!result.status.ok()) {
    std::fprintf(stderr, "wf: %s\n", redactor.Redact(result.status.message()).c_str());
    if (run_id.empty()) return;
    const StepResult* failed = result.steps.empty() ? nullptr : &result.steps.back();
    if (failed != nullptr && failed->state == "unknown") {
      // The one case where resuming needs a decision: say which ones there are.
      const char* id = failed->id.c_str();
      std::fprintf(stderr,
                   "    see `wf runs show %s`; once you know whether step '%s' took effect, resume "
                   "with\n"
                   "    `wf resume %s --set-output %s.NAME=VALUE` (it did: go on with the outputs you "
                   "found),\n"
                   "    `--skip-step %s` (it did: go on without its outputs) or `--retry-step %s` (it "
                   "did not: send it again)\n",
                   run_id.c_str(), id, run_id.c_str(), id, id, id);
    } else {
      std::fprintf(stderr, "    see `wf runs show %s`; `wf resume %s` continues after a fix\n",
                   run_id.c_str(), run_id.c_str());
    }
    return;
  }
  Json outputs = redactor.Redact(result.outputs);
  for (const auto& [name, value] : workflow.outputs) {  // in the definition's order
    if (outputs.contains(name)) std::printf("%s: %s\n", name.c_str(), Plain(outputs[name]).c_str());
  }
}

Json JournalRunJson(const JournalRun& run) {
  Json steps = Json::array();
  for (const JournalStep& step : run.steps) {
    steps.push_back({{"index", step.index}, {"id", step.id}, {"task", step.task}, {"state", step.state},
                     {"outputs", step.outputs}, {"error", step.error}, {"attempts", step.attempts},
                     {"updated_at", step.updated_at}});
  }
  return Json{{"id", run.id}, {"workflow", run.workflow_name}, {"file", run.workflow_file},
              {"state", run.state}, {"inputs", run.inputs}, {"outputs", run.outputs},
              {"error", run.error}, {"started_at", run.started_at},
              {"finished_at", run.finished_at}, {"steps", steps}};
}

void PrintJournalRun(const JournalRun& run, bool json) {
  if (json) {
    std::printf("%s\n", DumpJson(JournalRunJson(run), 2).c_str());
    return;
  }
  std::printf("run %s  %s  %s\n  file: %s\n  started: %s  finished: %s\n", run.id.c_str(),
              run.workflow_name.c_str(), run.state.c_str(), run.workflow_file.c_str(),
              run.started_at.c_str(), run.finished_at.empty() ? "-" : run.finished_at.c_str());
  if (!run.error.empty()) std::printf("  error: %s\n", run.error.c_str());
  for (const JournalStep& step : run.steps) {
    std::printf("  step %s  %s  %s  attempts %d\n", step.id.c_str(), step.task.c_str(),
                step.state.c_str(), step.attempts);
    if (step.error.is_object()) std::printf("    %s\n", step.error.value("message", "").c_str());
  }
  if (run.outputs.is_object()) {
    for (const auto& [name, value] : run.outputs.items()) {
      std::printf("  output %s: %s\n", name.c_str(), Plain(value).c_str());
    }
  }
}

}  // namespace wf::cli
