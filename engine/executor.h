// The executor: runs a loaded workflow. For each step in order: evaluate
// `if:`, render `with:`, call the task (CallTask: prepare -> send ->
// interpret, with retries), then copy `set:` into workflow variables. At the
// end the workflow's `outputs:` are rendered. Steps that already finished in
// an earlier, interrupted run (see journal.h) are not run again: their outputs
// are reused.
#ifndef WF_ENGINE_EXECUTOR_H_
#define WF_ENGINE_EXECUTOR_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "engine/secrets.h"
#include "engine/workflow.h"
#include "http/http_client.h"
#include "http/rate_limiter.h"

namespace wf {

class Journal;

// Values forced into the `with:` of every step whose task id starts with
// `task_prefix` (the sandbox points Intercom steps at itself this way).
struct StepOverride {
  std::string task_prefix;
  Json values = Json::object();
  std::vector<std::string> remove;  // keys dropped first (e.g. region)
};

// Applies every override whose prefix matches `task_id` to `with`.
void ApplyOverrides(const std::string& task_id, const std::vector<StepOverride>& overrides, Json* with);
// The keys that the overrides for `task_id` replace or remove.
std::vector<std::string> OverriddenKeys(const std::string& task_id, const std::vector<StepOverride>& overrides);

struct StepResult {
  std::string id;
  std::string task;
  std::string state;    // succeeded, failed, skipped, invalid, unknown
  Json outputs;         // null unless succeeded (or failed with a kept response)
  Json error;           // null unless failed
  Json request;         // the prepared request, unredacted
  Json attempts = Json::array();
  Json warnings = Json::array();
  double elapsed_ms = 0;
  bool resumed = false;  // taken from the journal, not run again
  bool given = false;    // outputs given by the user on resume, not received
};

struct RunOptions {
  Json inputs = Json::object();   // already typed (see ResolveInputs)
  const Secrets* secrets = nullptr;
  HttpClient* client = nullptr;
  RateLimiter* limiter = nullptr;
  std::vector<StepOverride> overrides;
  Journal* journal = nullptr;     // optional
  std::string run_id;             // with a journal
  // Resuming: the journal's record of the interrupted run. Steps it shows as
  // succeeded or skipped are not run again. A step it shows as sending or
  // unknown stops the run, unless `decisions` says "retry" (send again),
  // "skip" (treat as not needed) or "outputs" (it was processed: take its
  // outputs from `given_outputs`, found by the user in the target system) for
  // that step id.
  const struct JournalRun* resume = nullptr;
  std::map<std::string, std::string> decisions;
  std::map<std::string, Json> given_outputs;  // step id -> outputs, for "outputs"
  // Called when a step ends, with its result (for progress lines); and after
  // each attempt of a step, with its record.
  std::function<void(const StepResult&)> on_step_end;
  std::function<void(const Json& attempt, const std::string& step)> on_attempt;
};

struct RunResult {
  Status status;            // ok, or why the run failed
  std::string failed_step;  // the step that failed the run, if any
  Json outputs = Json::object();
  Json variables = Json::object();
  std::vector<StepResult> steps;
  double elapsed_ms = 0;
};

// Checks and types the given inputs: unknown names, missing required inputs
// and values of the wrong type are errors (all of them, one per line);
// defaults fill what is not given.
Result<Json> ResolveInputs(const Workflow& workflow, const Json& given);

RunResult RunWorkflow(const Workflow& workflow, const RunOptions& options);

// A run's result as JSON, not redacted: the edge that shows it redacts it,
// once (the CLI's --json, the API's replies).
Json RunResultJson(const Workflow& workflow, const RunResult& result);
Json StepResultJson(const StepResult& step);

}  // namespace wf

#endif  // WF_ENGINE_EXECUTOR_H_
