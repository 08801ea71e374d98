// TaskType: what the executor runs. Plugin tasks and the built-in `http` task
// share one JSON contract (the one in include/wf/plugin.h): Describe, then
// Prepare(inputs) -> {"request"} | {"errors"}, then, after the host sent the
// request, Interpret(request, answer) -> {"outputs"} | {"error"}.
// Implementations are immutable after construction and safe to call from
// several threads.
#ifndef WF_ENGINE_TASK_H_
#define WF_ENGINE_TASK_H_

#include <string>

#include "base/json.h"

namespace wf {

// An answer as the HTTP client received it (http/http_client.h). The task
// contract names it without depending on the client that produced it.
struct HttpResponse;

class TaskType {
 public:
  virtual ~TaskType() = default;
  virtual const std::string& id() const = 0;
  virtual const std::string& title() const = 0;
  // "built-in", or the name of the plugin that registered the task. For
  // people (catalogs, messages); no policy depends on it.
  virtual const std::string& source() const = 0;
  // Whether the task's requests share the process's rate limiter (one key per
  // origin and credential). A plugin's tasks do: they speak to one vendor's
  // API under its documented limit. The built-in http task does not: it may
  // send anywhere, and no limit applies unless one is asked for.
  virtual bool SharesRateLimit() const = 0;
  // The static description; parsed once.
  virtual const Json& Describe() const = 0;
  // {"request": {...}}, {"errors": [...]} or, for a task that sends nothing,
  // {"outputs": {...}} (such a task is never interpreted).
  virtual Json Prepare(const Json& inputs) const = 0;
  // Only for a task whose Prepare gave a request: by default, that it sends
  // nothing is an internal error.
  // `request` is what Prepare returned under "request", headers included.
  // The answer comes twice: `raw` as received (body as text), and `response`
  // as steps keep it, {"status", "headers" (lower-case names, first value of
  // each), "body" (parsed when it is JSON, else the text)}, given to keep:
  // a plugin task's outputs and error carry it as their member "response"
  // (the host adds it, so that it is exactly what arrived).
  virtual Json Interpret(const Json& /*request*/, const HttpResponse& /*raw*/, Json /*response*/) const {
    return Json{{"error", {{"kind", "internal"}, {"message", "task '" + id() + "' sends no request"}}}};
  }
};

}  // namespace wf

#endif  // WF_ENGINE_TASK_H_
