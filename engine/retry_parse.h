// Reads a step's `retry:` mapping into a RetryPolicy.
#ifndef WF_ENGINE_RETRY_PARSE_H_
#define WF_ENGINE_RETRY_PARSE_H_

#include <string>

#include "base/json.h"
#include "engine/retry_policy.h"

namespace wf {

// Fills `policy` from `value` (keys: max_attempts, backoff, delay, max_delay,
// jitter, on_unknown_outcome, max_wait). Durations are milliseconds or text
// such as "500ms", "2s", "1m". Returns "" or the first problem found.
std::string ParseRetryPolicy(const Json& value, RetryPolicy* policy);

// "500ms" -> 500, "2s" -> 2000, "1m" -> 60000, 250 -> 250; -1 when invalid.
long long ParseDurationMs(const Json& value);

}  // namespace wf

#endif  // WF_ENGINE_RETRY_PARSE_H_
