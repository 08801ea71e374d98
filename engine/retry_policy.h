// RetryPolicy: when a step's request is sent again, per step (`retry:`).
// Defaults are safe for requests that create things: only failures where the
// request was certainly not processed are retried (never sent, 429, 503).
#ifndef WF_ENGINE_RETRY_POLICY_H_
#define WF_ENGINE_RETRY_POLICY_H_

#include <string_view>

namespace wf {

// What a failed attempt says about sending the request again: the "retry"
// member of a task's error (include/wf/plugin.h), read once into this.
enum class RetryAdvice {
  kNever,           // sending the same request again cannot help
  kBackoff,         // it was not processed: send again after a backoff
  kAfterReset,      // rate limited: send again once the limit resets
  kUnknownOutcome,  // it may have taken effect: only with on_unknown_outcome
};

inline const char* RetryAdviceName(RetryAdvice advice) {
  switch (advice) {
    case RetryAdvice::kBackoff: return "backoff";
    case RetryAdvice::kAfterReset: return "after_reset";
    case RetryAdvice::kUnknownOutcome: return "unknown_outcome";
    case RetryAdvice::kNever: break;
  }
  return "never";
}

// The advice a "retry" member names; anything else is kNever.
inline RetryAdvice ParseRetryAdvice(std::string_view name) {
  if (name == "backoff") return RetryAdvice::kBackoff;
  if (name == "after_reset") return RetryAdvice::kAfterReset;
  if (name == "unknown_outcome") return RetryAdvice::kUnknownOutcome;
  return RetryAdvice::kNever;
}

struct RetryPolicy {
  int max_attempts = 3;          // including the first
  bool exponential = true;       // backoff: exponential | fixed
  int delay_ms = 500;            // first wait
  int max_delay_ms = 30000;      // cap on any one wait (a 429 reset is waited in full up to max_wait_ms)
  double jitter = 0.2;           // +- share of each wait, 0..1
  bool on_unknown_outcome = false;  // retry 500/502/504 and lost responses of non-idempotent requests
  int max_wait_ms = 120000;      // the longest single wait (e.g. for a rate-limit reset)
};

}  // namespace wf

#endif  // WF_ENGINE_RETRY_POLICY_H_
