#include "cli/embedded_sandbox.h"

namespace wf {

Result<std::unique_ptr<EmbeddedSandbox>> EmbeddedSandbox::Start(int port) {
  sandbox::Options options;
  options.port = port;
  auto embedded = std::make_unique<EmbeddedSandbox>();
  embedded->server_ = std::make_unique<sandbox::Server>(options);
  std::string error;
  if (!embedded->server_->Start(&error)) {
    return Status::Unavailable("cannot start the built-in sandbox: " + error);
  }
  embedded->base_url_ = embedded->server_->base_url();
  embedded->token_ = sandbox::kDefaultToken;
  return embedded;
}

StepOverride EmbeddedSandbox::Override() const {
  StepOverride o;
  o.task_prefix = "intercom.";
  o.values = {{"base_url", base_url_}, {"access_token", token_}};
  o.remove = {"region"};
  return o;
}

std::string EmbeddedSandbox::Notice() const {
  return "sandbox: Intercom requests go to the built-in local sandbox at " + base_url_ +
         " (not a real Intercom workspace)";
}

void EmbeddedSandbox::Wire(ApiServerOptions* options) const {
  options->sandbox_url = base_url_;
  options->overrides.push_back(Override());
}

}  // namespace wf
