// Intercom's error answers: an `error.list` with a request id and one or more
// entries of code, message and (optionally) the field at fault.
#ifndef WF_SANDBOX_ERRORS_H_
#define WF_SANDBOX_ERRORS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wf::sandbox {

struct ApiError {
  std::string code;     // e.g. "parameter_invalid"
  std::string message;  // human readable
  std::string field;    // dotted path of the field at fault; empty for none
};

// An answer the sandbox sends: the HTTP status and its JSON body.
struct Answer {
  int status = 200;
  nlohmann::json body;
};

// {"type":"error.list","request_id":ID,"errors":[{code,message[,field]}...]}.
nlohmann::json ErrorListJson(const std::vector<ApiError>& errors, const std::string& request_id);

// An error.list answer with a fresh request id.
Answer ErrorAnswer(int status, std::vector<ApiError> errors);

// A random version-4 UUID in its usual text form, like Intercom's request ids.
std::string NewRequestId();

// The entry an injected fault answers with: server_error for 500 and other
// 5xx, service_unavailable for 503, rate_limit_exceeded for 429, not_found for
// 404, client_error for other 4xx.
ApiError InjectedFaultError(int status);

// The entry for a status httplib produced without a handler (unknown route or
// method, malformed request): not_found for 404, else by status as above.
ApiError UnroutedError(int status);

}  // namespace wf::sandbox

#endif  // WF_SANDBOX_ERRORS_H_
