// CallTask: the one path every task call takes, for test requests and live
// steps alike: prepare (validate and build the request) -> pace (rate limit)
// -> send -> interpret, with the retry rules of a RetryPolicy.
//
// Retry rules (README.md, "Retries"): a request that was never sent, a 429
// (waiting until X-RateLimit-Reset) and a 503 are retried; 400/401/403/404/422
// never; 500/502/504 and a lost response after sending are *unknown outcomes*
// for a request that creates something, retried only with on_unknown_outcome.
// Thread-safe when its collaborators are (HttpClient and RateLimiter are).
#ifndef WF_ENGINE_CALL_TASK_H_
#define WF_ENGINE_CALL_TASK_H_

#include <functional>
#include <string>

#include "base/json.h"
#include "engine/retry_policy.h"
#include "engine/task.h"
#include "http/http_client.h"
#include "http/rate_limiter.h"

namespace wf {

struct CallOptions {
  bool dry_run = false;             // prepare only: nothing is sent
  HttpClient* client = nullptr;     // required unless dry_run
  RateLimiter* limiter = nullptr;   // optional
  RetryPolicy retry;
  int connect_timeout_ms = 0;       // > 0 overrides the request's and the default
  int read_timeout_ms = 0;
  // Called before each attempt is sent, with the attempt number; a non-ok
  // status stops the call before sending (the journal uses it to make
  // "sending" durable first).
  std::function<Status(int attempt)> before_send;
  // Called after each attempt with its record (see CallResult::attempts).
  std::function<void(const Json& attempt)> after_attempt;
  // Keep the last answer in CallResult::response too (test requests show it;
  // a live step finds it in its outputs or error, so it is not copied).
  bool keep_response = false;
  // Sleeps for waits; tests may shorten it. Defaults to a real sleep.
  std::function<void(long long ms)> sleep;
};

struct CallResult {
  // "succeeded", "failed", "invalid" (field errors: nothing was sent) or
  // "prepared" (dry run).
  std::string state;
  Json request;                    // as prepared, unredacted: redact before showing
  Json outputs;                    // when succeeded
  Json error;                      // when failed: {kind, message, retry, status?, response?}
  Json field_errors = Json::array();
  Json warnings = Json::array();
  // With keep_response: the last answer {status, headers: {lower-case name:
  // first value}, body: parsed when JSON, else text}, or null.
  Json response;
  // One record per attempt: {attempt, elapsed_ms, result, wait_ms?, reason?}
  Json attempts = Json::array();
  double elapsed_ms = 0;
  bool unknown_outcome = false;    // the request may have been processed
};

CallResult CallTask(const TaskType& task, const Json& inputs, const CallOptions& options);

// The HTTP request a prepared request describes (headers in order, body text).
HttpRequest ToHttpRequest(const Json& request);

// A prepared request as a person reads it: a body sent as text that is JSON
// is shown parsed, as "body"; any other stays "body_text".
Json ShownRequest(const Json& request);

// A copy-paste curl command for a prepared request. Credential headers
// (Authorization, Cookie, X-Api-Key, ...) show only their scheme and "***";
// redact the command's other text where it is shown.
std::string CurlCommand(const Json& request);

}  // namespace wf

#endif  // WF_ENGINE_CALL_TASK_H_
