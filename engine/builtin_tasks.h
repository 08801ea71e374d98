// The built-in tasks: `http` (a generic HTTP request) and `set` (assign
// values; its outputs are its inputs). They follow the same JSON contract as
// plugin tasks (see task.h); `set` answers Prepare with {"outputs"} since it
// sends nothing.
#ifndef WF_ENGINE_BUILTIN_TASKS_H_
#define WF_ENGINE_BUILTIN_TASKS_H_

#include <memory>

#include "engine/task.h"

namespace wf {

std::shared_ptr<const TaskType> MakeHttpTask();
std::shared_ptr<const TaskType> MakeSetTask();

// The retry advice for an HTTP status, as the `retry` member of an error:
// "never", "after_reset" (429), "backoff" (503, or any 5xx of an idempotent
// method), or "unknown_outcome" (500/502/504 of a method that creates).
std::string RetryAdviceForStatus(int status, bool idempotent);

}  // namespace wf

#endif  // WF_ENGINE_BUILTIN_TASKS_H_
