// wf serve: the editor page and its JSON API (server/api_server.h), until
// SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "base/random.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/embedded_sandbox.h"
#include "server/api_security.h"
#include "server/api_server.h"

namespace wf::cli {

const char kServeUsage[] =
    "usage: wf serve [--port N] [--host H] [--workflows DIR] [--sandbox] [--api-token T]\n"
    "                [--intercom-base-url URL] [--secrets-file F] [--journal PATH | --no-journal]\n"
    "                [--editor-dir DIR]\n"
    "  --port N        default 8080; 0 picks a free port\n"
    "  --host H        default 127.0.0.1; any other address needs an API token\n"
    "  --workflows DIR the workflow files the editor lists and saves (default: workflows)\n"
    "  --api-token T   ask every request for this token (also WF_API_TOKEN); generated and\n"
    "                  printed when --host is not a loopback address and none is given\n"
    "  --intercom-base-url URL  a further base URL that test requests may go to\n"
    "  --journal PATH  journal of runs started through the API (default DIR/.wf/runs.db)\n";

namespace {

// SIGINT and SIGTERM blocked while it lives (every server thread started
// meanwhile inherits the mask), so that only Wait() receives them.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  }
  ~StopSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  void Wait() {
    int signal_number = 0;
    sigwait(&signals_, &signal_number);
  }

 private:
  sigset_t signals_, previous_;
};

// The server's options from the flags; "" or the usage problem.
std::string ReadOptions(const Flags& flags, ApiServerOptions* options, bool* generated_token) {
  if (!flags.positional.empty()) return "serve takes no positional arguments";
  if (flags.Has("port") && !ParsePort(flags.Get("port"), &options->port, /*allow_zero=*/true)) {
    return "--port is '" + flags.Get("port") + "'; allowed: 0 to 65535";
  }
  options->host = flags.Get("host", options->host);
  options->workflows_dir = flags.Get("workflows", options->workflows_dir);
  while (options->workflows_dir.size() > 1 && options->workflows_dir.back() == '/') options->workflows_dir.pop_back();
  const char* env_token = std::getenv("WF_API_TOKEN");
  options->api_token = flags.Get("api-token", env_token != nullptr ? env_token : "");
  *generated_token = options->api_token.empty() && !IsLoopbackHost(options->host);
  if (*generated_token) options->api_token = RandomToken(24);
  options->intercom_base_url = flags.Get("intercom-base-url");
  options->editor_dir = flags.Get("editor-dir");
  if (!flags.Has("no-journal")) options->journal_path = flags.Get("journal", options->workflows_dir + "/.wf/runs.db");
  return "";
}

void PrintServing(const ApiServer& server, const ApiServerOptions& options, bool generated_token,
                  const EmbeddedSandbox* sandbox) {
  std::string url = server.url();
  if (!options.api_token.empty()) url += "?token=" + options.api_token;
  std::printf("wf serve: the editor is at %s\n", url.c_str());
  if (generated_token) {
    std::printf("API token (generated; send it as 'Authorization: Bearer TOKEN'): %s\n",
                options.api_token.c_str());
  }
  if (sandbox != nullptr) std::printf("%s\n", sandbox->Notice().c_str());
  std::string journal = options.journal_path.empty() ? " (runs not journaled)"
                                                     : " (runs journaled in " + options.journal_path + ")";
  std::printf("workflows: %s%s\n", options.workflows_dir.c_str(), journal.c_str());
  std::printf("Press Ctrl+C to stop.\n");
  std::fflush(stdout);
}

}  // namespace

int ServeCommand(const Args& args) {
  Flags flags;
  std::string error;
  if (!ParseFlags(args, {"port", "host", "workflows", "api-token", "intercom-base-url", "secrets-file",
                         "journal", "editor-dir"},
                  {"sandbox", "no-journal"}, &flags, &error)) {
    return Usage(error, kServeUsage);
  }
  ApiServerOptions options;
  bool generated_token = false;
  std::string problem = ReadOptions(flags, &options, &generated_token);
  if (!problem.empty()) return Usage(problem, kServeUsage);
  Result<Secrets> secrets = LoadSecrets(flags);
  if (!secrets.ok()) return Fail(secrets.status());
  std::unique_ptr<TaskRegistry> registry = LoadRegistry();

  StopSignals stop;  // before any thread exists
  std::unique_ptr<EmbeddedSandbox> sandbox;
  if (flags.Has("sandbox")) {
    Result<std::unique_ptr<EmbeddedSandbox>> started = EmbeddedSandbox::Start();
    if (!started.ok()) return Fail(started.status());
    sandbox = std::move(*started);
    sandbox->Wire(&options);
    secrets->Hide(sandbox->token());
  }
  ApiServer server(*registry, *secrets, options);
  Status status = server.Start();
  if (!status.ok()) return Fail(status);
  PrintServing(server, options, generated_token, sandbox.get());
  stop.Wait();
  std::printf("wf serve: stopping\n");
  std::fflush(stdout);
  server.Stop();
  sandbox.reset();
  return 0;
}

}  // namespace wf::cli
