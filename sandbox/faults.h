// Fault injection: decides, request by request, whether an answer is replaced by
// an error status or its connection dropped, from the Faults a server runs with.
// Not thread-safe: the server calls it under its lock.
#ifndef WF_SANDBOX_FAULTS_H_
#define WF_SANDBOX_FAULTS_H_

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "sandbox/sandbox.h"

namespace wf::sandbox {

struct FaultDecision {
  int error_status = 0;  // 0: answer normally; else answer this status
  bool drop = false;     // close the connection without answering
};

// Whether a request is handled (and stored) before an injected `status` is
// answered: yes for an unknown outcome (5xx other than 503), no for 503 and 4xx.
bool HandledBeforeInjectedError(int status);

class FaultInjector {
 public:
  explicit FaultInjector(const Faults& faults);

  // Replaces the faults and restarts the fail_first count.
  void Set(const Faults& faults);
  const Faults& faults() const { return faults_; }

  // Decides the fate of one request. `is_create` marks a POST /conversations,
  // the only request fail_first counts. fail_first wins over the random faults;
  // then drop_rate is drawn, then error_rate.
  FaultDecision Decide(bool is_create);

 private:
  Faults faults_;
  int creates_seen_ = 0;
  std::mt19937_64 generator_;
};

// Reads the body of POST /__sandbox/faults: an object with any of latency_ms,
// error_rate, error_status, drop_rate, fail_first; fields left out take their
// defaults. Returns false with `error` naming the field when something is wrong.
bool FaultsFromJson(const nlohmann::json& json, Faults* faults, std::string* error);

// Checks ranges: latency_ms 0..600000, rates 0..1, error_status 400..599,
// fail_first >= 0. Returns an empty string when valid, else what is wrong.
std::string CheckFaults(const Faults& faults);

nlohmann::json FaultsToJson(const Faults& faults);

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_FAULTS_H_
