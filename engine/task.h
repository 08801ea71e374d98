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
#include "http/http_client.h"

namespace wf {


class TaskType {
 public:
  virtual ~TaskType() = default;
  virtual const std::string& id() const = 0;
  virtual const std::string& title() const = 0;
  // "built-in", or the name of the plugin that registered the task.
  virtual const std::string& source() const = 0;
  // The static description; parsed once.
  virtual const Json& Describe() const = 0;
  virtual Json Prepare(const Json& inputs) const = 0;
  // `request` is what Prepare returned under "request", headers included.
  // The answer comes twice: `raw` as received (body as text), and `response`
  // as steps keep it, {"status", "headers" (lower-case names, first value of
  // each), "body" (parsed when it is JSON, else the text)}, given to keep:
  // a plugin task's outputs and error carry it as their member "response"
  // (the host adds it, so that it is exactly what arrived).
  virtual Json Interpret(const Json& request, const HttpResponse& raw, Json response) const = 0;
};

}  // namespace wf

#endif  // WF_ENGINE_TASK_H_
