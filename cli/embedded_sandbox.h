// The embedded sandbox behind `--sandbox`: starts the local Intercom-compatible
// server in this process on a free loopback port, and gives the step override
// that points every intercom.* task at it with the sandbox's token.
#ifndef WF_CLI_EMBEDDED_SANDBOX_H_
#define WF_CLI_EMBEDDED_SANDBOX_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "engine/executor.h"
#include "sandbox/sandbox.h"
#include "server/api_server.h"

namespace wf {

class EmbeddedSandbox {
 public:
  // Starts the server; fails with a message when it cannot listen.
  static Result<std::unique_ptr<EmbeddedSandbox>> Start(int port = 0);

  const std::string& base_url() const { return base_url_; }
  const std::string& token() const { return token_; }
  // base_url and access_token for every intercom.* step; region dropped.
  StepOverride Override() const;
  // The line the commands print so that nobody mistakes it for Intercom.
  std::string Notice() const;
  // Points a `wf serve` at this sandbox.
  void Wire(ApiServerOptions* options) const;
  sandbox::Server& server() { return *server_; }

 private:
  std::unique_ptr<sandbox::Server> server_;
  std::string base_url_;
  std::string token_;
};

}  // namespace wf

#endif  // WF_CLI_EMBEDDED_SANDBOX_H_
