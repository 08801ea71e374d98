// Test requests: one task, run once outside any workflow, for `wf
// test-request` and the editor's "Test request" and "Preview" buttons.
// Writes nothing to any workflow or run history. The result is not redacted:
// the edge that shows it redacts it, once (the CLI, the API's replies); its
// curl command never holds a credential header's value.
#ifndef WF_ENGINE_TEST_REQUEST_H_
#define WF_ENGINE_TEST_REQUEST_H_

#include <string>
#include <vector>

#include "base/json.h"
#include "engine/executor.h"
#include "engine/secrets.h"
#include "engine/task_registry.h"
#include "http/http_client.h"

namespace wf {

struct TestRequestOptions {
  bool dry_run = false;
  HttpClient* client = nullptr;     // required unless dry_run
  const Secrets* secrets = nullptr; // required
  std::vector<StepOverride> overrides;
  std::string sandbox_url;          // set when --sandbox is in use
  // Stand-in values for references that only a workflow could resolve:
  // {"input": {...}, "variables": {...}, "steps": {"ID": {outputs}}}.
  Json stand_ins = Json::object();
};

// The result (README.md, "Test requests"):
// {"ok", "state", "task", "dry_run", "sandbox", "request", "curl", "response",
//  "outputs", "error", "errors", "warnings", "attempts", "elapsed_ms"}.
// `state` is "succeeded", "prepared" (dry run), "failed" or "invalid".
Json RunTestRequest(const TaskRegistry& registry, const std::string& task_id, const Json& with,
                    const TestRequestOptions& options);

// 0 succeeded or prepared, 2 invalid (or unknown task), 1 failed.
int TestRequestExitCode(const Json& result);

// How `--with PATH=TEXT` reads its text: as it is for a field the task's
// description declares `type: string` (a command line has no YAML to quote
// it in, so `intercom_version=2.12` is the text "2.12", as `--input` takes a
// string input), else as a YAML scalar or flow value (10 is a number, [a, b]
// a list). `what` names the value in an error.
Result<Json> ReadWithValue(const Json& description, const std::string& path, const std::string& text,
                           const std::string& what);

}  // namespace wf

#endif  // WF_ENGINE_TEST_REQUEST_H_
