// The built-in tasks: `http` (a generic HTTP request) and `set` (assign
// values; its outputs are its inputs). They follow the same JSON contract as
// plugin tasks (see task.h); `set` answers Prepare with {"outputs"} since it
// sends nothing.
#ifndef WF_ENGINE_BUILTIN_TASKS_H_
#define WF_ENGINE_BUILTIN_TASKS_H_

#include <memory>

#include "engine/retry_policy.h"
#include "engine/task.h"

namespace wf {

std::shared_ptr<const TaskType> MakeHttpTask();
std::shared_ptr<const TaskType> MakeSetTask();

// The retry advice for an HTTP status: kAfterReset (429), kBackoff (503, or
// any 5xx of an idempotent method), kUnknownOutcome (another 5xx of a method
// that creates), else kNever.
RetryAdvice RetryAdviceForStatus(int status, bool idempotent);

}  // namespace wf

#endif  // WF_ENGINE_BUILTIN_TASKS_H_
