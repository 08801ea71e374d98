// How a failed httplib exchange is classified and worded for the user.
//
// Internal to the HTTP client. httplib::Error says what broke; this module decides
// whether the server can have seen the request (SendFailure) and writes the message:
//   no response from URL: REASON (the request was not sent)
//   no response from URL: REASON (the request may have reached the server)
//   response from URL is larger than max_response_bytes (N bytes)
// URL is Url::WithoutQuery(); no header value ever appears. Thread-safe.
#ifndef WF_HTTP_HTTP_FAILURE_H_
#define WF_HTTP_HTTP_FAILURE_H_

#include <httplib.h>

#include <cstddef>
#include <string>

#include "http/http_client.h"
#include "http/url.h"

namespace wf {

// What is known about the failed exchange besides the error itself.
struct FailureContext {
  const Url* url = nullptr;               // required
  const HttpOptions* options = nullptr;   // required
  double elapsed_ms = 0;                  // of the failed exchange
  long tls_verify_result = 0;             // httplib's get_openssl_verify_result()
};

struct ClassifiedFailure {
  SendFailure failure = SendFailure::kNoResponse;
  std::string error;  // the full message
};

// Classifies a failed exchange. For Error::Connection it resolves and connects
// once more, without sending anything, to name the cause (refused, unknown host,
// unreachable): httplib keeps no errno.
ClassifiedFailure ClassifyFailure(httplib::Error error, const FailureContext& context);

// The message for an answer larger than `limit` bytes.
std::string TooLargeMessage(const Url& url, size_t limit);

}  // namespace wf

#endif  // WF_HTTP_HTTP_FAILURE_H_
