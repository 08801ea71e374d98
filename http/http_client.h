// The engine's HTTP client: sends one request and says precisely how it ended.
//
// Every request the engine makes (test requests, live steps, the `http` task) goes
// through HttpClient::Send. It tells apart the outcomes a workflow engine must not
// confuse: the server never saw the request (safe to retry anything), the request may
// have been processed but no complete answer came (a create must not be blindly
// re-sent), the answer was too large, and the request was invalid. An answer with
// any status, 4xx and 5xx included, is a response, not a failure.
//
// HTTPS verifies the server certificate and host name against the system CA store,
// or against `ca_file`; verification cannot be turned off. Keep-alive connections
// are pooled per origin, with TCP_NODELAY set (README.md, "Benchmark").
//
// Thread-safe: one HttpClient may be shared by any number of threads; concurrent
// sends to one origin use different connections. Constructing an HttpClient sets
// SIGPIPE to ignored if it was at its default, because a peer that resets a
// connection would otherwise kill the process in the middle of a write.
#ifndef WF_HTTP_HTTP_CLIENT_H_
#define WF_HTTP_HTTP_CLIENT_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/url.h"

namespace wf {

class HttpPool;

struct HttpRequest {
  std::string method;  // GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; any case
  std::string url;     // absolute http or https URL (see ParseUrl)
  // Sent as given, in order. The client adds only what HTTP needs and the request
  // lacks: Host, Content-Length, Accept: */*, User-Agent, and (httplib's doing)
  // Content-Type: text/plain for a body without a Content-Type.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpOptions {
  int connect_timeout_ms = 10000;
  int read_timeout_ms = 30000;   // per read: the longest silence while waiting
  int write_timeout_ms = 30000;  // per write
  // The largest (decoded) body accepted; reading stops as soon as it is passed.
  size_t max_response_bytes = 10 * 1024 * 1024;
  // Follow 301/302/303/307/308 for GET and HEAD only (at most 10 hops). Other
  // methods always get the 3xx itself. Authorization, Proxy-Authorization and
  // Cookie headers are not carried to another origin.
  bool follow_redirects = false;
  // PEM file of CAs to trust instead of the system store; empty = system store.
  std::string ca_file;
  // A pooled connection idle longer than this is closed and a new one opened, so
  // that a request never races a server closing its idle connection (many servers
  // do so after 5 s); such a race would end as kNoResponse.
  int keep_alive_idle_ms = 4000;
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;  // decoded if the server compressed it

  // The first value of header `lower_name` (lower case), or nullptr.
  const std::string* FindHeader(std::string_view lower_name) const;
};

enum class SendFailure {
  kNone,
  // The server never saw the request: refused, DNS, TLS handshake or certificate,
  // connect timeout. Safe to retry, whatever the method.
  kNotSent,
  // The request was (or may have been) sent but no complete answer came: read
  // timeout, connection closed or reset, truncated body, failure mid-write.
  // The outcome on the server is unknown.
  kNoResponse,
  // The answer exceeded max_response_bytes; status and headers are kept.
  kTooLarge,
  // Bad URL, method, header or option: nothing was sent.
  kInvalid,
};

// "none", "not_sent", "no_response", "too_large", "invalid": for journals and JSON.
const char* SendFailureName(SendFailure failure);

struct HttpOutcome {
  SendFailure failure = SendFailure::kNone;
  // When failure != kNone, what happened, naming the URL without its query and
  // never a header value, e.g.
  //   no response from http://127.0.0.1:5/conversations: connection refused (the request was not sent)
  std::string error;
  HttpResponse response;  // complete when ok(); see kTooLarge
  double elapsed_ms = 0;  // the whole send, redirects included

  bool ok() const { return failure == SendFailure::kNone; }
  // Ok, Invalid (kInvalid), Failed (kTooLarge) or Unavailable (kNotSent,
  // kNoResponse), carrying `error`.
  Status ToStatus() const;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions defaults = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` with `per_request` options if given (not retained), else the
  // defaults. Never throws; every failure is described in the outcome.
  HttpOutcome Send(const HttpRequest& request, const HttpOptions* per_request = nullptr);

  // Idle pooled connections, all origins together (for tests and diagnostics).
  size_t IdleConnections() const;

 private:
  HttpOptions defaults_;
  std::unique_ptr<HttpPool> pool_;
};

}  // namespace wf

#endif  // WF_HTTP_HTTP_CLIENT_H_
