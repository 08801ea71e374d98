// ApiServer: the server behind `wf serve`. It serves the editor page
// (editor_assets.h) and the JSON API (api_handlers.h) over HTTP, by default
// on 127.0.0.1 only, and guards every request (api_security.h): the Host must
// be its own, the API token must come with each request when one is set (it
// must be when the host is not a loopback address), and state-changing
// requests need the per-server CSRF token. Errors are {"error": "..."} with a
// fitting status; every reply passes through the secrets' redactor.
//
// Thread-safe: the API is served from a pool of threads; Start and Stop are
// called from one thread.
#ifndef WF_SERVER_API_SERVER_H_
#define WF_SERVER_API_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/executor.h"
#include "engine/secrets.h"
#include "engine/task_registry.h"

namespace wf {

struct ApiServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0 picks a free port (see port())
  std::string workflows_dir = "workflows";
  std::string api_token;                  // required when `host` is not loopback
  std::string intercom_base_url;          // a further base URL test requests may use
  std::string editor_dir;                 // serve the page from here; "" = embedded copy
  std::string journal_path;               // journal of API runs; "" = not journaled
  // A local stand-in for Intercom (`wf serve --sandbox`, wired in by cli/,
  // which also hides its token through Secrets::Hide): its base URL and the
  // override that points every intercom.* step at it. Empty: none.
  std::string sandbox_url;
  std::vector<StepOverride> overrides;
};

class ApiServer {
 public:
  // `registry` and `secrets` must outlive the server.
  ApiServer(const TaskRegistry& registry, const Secrets& secrets, ApiServerOptions options);
  ~ApiServer();  // stops the server
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Checks the options, binds and serves from a background thread; returns
  // once connections are accepted (deadline 5 s). Fails (kInvalid) on bad
  // options, e.g. "--host 0.0.0.0 is not a loopback address: give an API
  // token", or (kUnavailable) when it cannot listen.
  Status Start();
  // Stops serving and joins the thread; safe to call twice or before Start.
  void Stop();

  int port() const { return port_; }
  // "http://127.0.0.1:8080/" (a wildcard host is shown as 127.0.0.1).
  std::string url() const;
  const std::string& csrf_token() const;

 private:
  struct Impl;
  const TaskRegistry& registry_;
  const Secrets& secrets_;
  ApiServerOptions options_;
  int port_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wf

#endif  // WF_SERVER_API_SERVER_H_
