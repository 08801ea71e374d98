// The editor server's guards (see docs/editor.md, "Safety"):
//  - RequestGuard checks every request before it is routed: the Host header
//    must name this server (against DNS rebinding), the API token must come
//    with it when one is set, and a state-changing request (POST, PUT, PATCH,
//    DELETE) must carry the per-server CSRF token and, when the browser sends
//    an Origin, come from this server's own origin.
//  - ValidWorkflowName keeps workflow names inside the workflows folder.
// Immutable after construction; thread-safe.
#ifndef WF_SERVER_API_SECURITY_H_
#define WF_SERVER_API_SECURITY_H_

#include <string>
#include <vector>

namespace wf {

// The header the page sends the CSRF token in, and the cookie that carries the
// API token once the page was opened with ?token=.
inline constexpr const char* kCsrfHeader = "X-WF-CSRF";
inline constexpr const char* kTokenCookie = "wf_api_token";

// 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

// What the guard sees of a request (header values, empty when absent).
struct GuardedRequest {
  std::string method;
  std::string host;           // Host
  std::string origin;         // Origin
  std::string csrf;           // X-WF-CSRF
  std::string authorization;  // Authorization
  std::string cookie;         // Cookie
  std::string query_token;    // ?token= (honoured on GET / only, see api_server.cc)
};

struct GuardVerdict {
  int status = 0;      // 0: allowed; else 401 or 403
  std::string error;   // why, for {"error": ...}
  bool ok() const { return status == 0; }
};

class RequestGuard {
 public:
  // `bind_host` and `port` are where the server listens; `api_token` empty
  // means no token is asked for. The CSRF token is made here.
  RequestGuard(std::string bind_host, int port, std::string api_token);

  GuardVerdict Check(const GuardedRequest& request) const;

  // The Host values (lower case, "host:port") this server answers to; for a
  // wildcard bind (0.0.0.0, ::) any IP literal is accepted as well.
  const std::vector<std::string>& allowed_hosts() const { return allowed_hosts_; }
  const std::string& csrf_token() const { return csrf_token_; }
  const std::string& api_token() const { return api_token_; }

 private:
  bool HostAllowed(const std::string& host) const;
  bool TokenGiven(const GuardedRequest& request, bool* by_bearer) const;

  std::string bind_host_;
  int port_;
  std::string api_token_;
  std::string csrf_token_;
  bool wildcard_ = false;
  std::vector<std::string> allowed_hosts_;
};

// True when `name` is a workflow name the API accepts: [A-Za-z0-9_-]+ with an
// optional ".yaml", at most 100 characters. Sets `file` to the file name (with
// ".yaml"). Nothing else (no dots, slashes, NUL or percent signs) can pass, so
// the name never leaves the workflows folder.
bool ValidWorkflowName(const std::string& name, std::string* file);

}  // namespace wf

#endif  // WF_SERVER_API_SECURITY_H_
