// The JSON API behind `wf serve`, as plain functions from a parsed request to
// a reply, independent of the HTTP library (api_server.cc routes to them and
// guards them). Every reply that can carry a secret passes through the
// redactor of `ApiContext::secrets`. Thread-safe when the context's members
// are: the handlers share only what the context points to.
#ifndef WF_SERVER_API_HANDLERS_H_
#define WF_SERVER_API_HANDLERS_H_

#include <mutex>
#include <string>
#include <vector>

#include "base/json.h"
#include "engine/executor.h"
#include "engine/secrets.h"
#include "engine/task_registry.h"
#include "http/http_client.h"
#include "http/rate_limiter.h"

namespace wf {

class Journal;

// What the handlers work with; every pointer is owned by the caller and must
// outlive the handlers' use of it.
struct ApiContext {
  const TaskRegistry* registry = nullptr;  // required
  const Secrets* secrets = nullptr;        // required
  HttpClient* client = nullptr;            // required
  RateLimiter* limiter = nullptr;          // required for runs
  Journal* journal = nullptr;              // optional: runs are journaled when set
  std::vector<StepOverride> overrides;     // the sandbox's, when --sandbox
  std::string sandbox_url;                 // set when --sandbox
  std::string intercom_base_url;           // --intercom-base-url, or empty
  std::string workflows_dir;               // the folder of the workflow files
  std::mutex* files_mutex = nullptr;       // required: serialises writes of workflow files
};

struct ApiReply {
  int status = 200;
  Json body;
};

// {"error": message} with `status`.
ApiReply ErrorReply(int status, const std::string& message);

// GET /api/tasks?q= : {"tasks": [{id, title, category, summary, tags, source,
// available, testable, reason?}]}, best matches first; every word of `query`
// must appear in the id, title, category, tags or summary.
ApiReply ListTasksReply(const ApiContext& context, const std::string& query);
// GET /api/tasks/{id} : the task's description plus "source" and "testable".
ApiReply DescribeTaskReply(const ApiContext& context, const std::string& id);
// POST /api/test-request {task, with, dry_run, stand_ins} : RunTestRequest's
// result (200, or 422 when the inputs are invalid); 403 when the request would
// go to a host that is not the task's own (see AllowedTestOrigins).
ApiReply TestRequestReply(const ApiContext& context, const Json& body);

// The origins a test request from the editor may reach for `task`: its
// describe's request.base_urls, the sandbox and --intercom-base-url.
std::vector<std::string> AllowedTestOrigins(const ApiContext& context, const TaskType& task);

// GET /api/workflows : {"folder", "workflows": [summary...]}.
ApiReply ListWorkflowsReply(const ApiContext& context);
// GET /api/workflows/{name} : summary plus "yaml".
ApiReply ReadWorkflowReply(const ApiContext& context, const std::string& name);
// PUT /api/workflows/{name} {"yaml"} : validated, then written atomically.
ApiReply SaveWorkflowReply(const ApiContext& context, const std::string& name, const Json& body);
// POST /api/workflows/{name}/steps {id, task, with?, set?, if?} (raw JSON text,
// so that the order of keys is kept in the YAML).
ApiReply AddStepReply(const ApiContext& context, const std::string& name, const std::string& body);
// POST /api/workflows/{name}/runs {"inputs"} : RunResultJson plus "run_id".
ApiReply RunWorkflowReply(const ApiContext& context, const std::string& name, const Json& body);

}  // namespace wf

#endif  // WF_SERVER_API_HANDLERS_H_
