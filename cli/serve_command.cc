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


}  // namespace

int ServeCommand(const Args& args) {
  Flags flags;
  std::string error;
  if (!ParseFlags(args, {"port", "host", "workflows", "api-token", "intercom-base-url", "secrets-file",
                         "journal", "editor-dir"},
                  {"sandbox", "no-journal"}, &flags, &error)) {
    return Usage(error, kServeUsage);
  }
  if (!flags.positional.empty()) return Usage("serve takes no positional arguments", kServeUsage);
  ApiServerOptions options;
  if (flags.Has("port") && !ParsePort(flags.Get("port"), &options.port, /*allow_zero=*/true)) {
    return Usage("--port is '" + flags.Get("port") + "'; allowed: 0 to 65535", kServeUsage);
  }
  options.host = flags.Get("host", options.host);
  options.workflows_dir = flags.Get("workflows", options.workflows_dir);
  while (options.workflows_dir.size() > 1 && options.workflows_dir.back() == '/') options.workflows_dir.pop_back();
  const char* env_token = std::getenv("WF_API_TOKEN");
  options.api_token = flags.Get("api-token", env_token != nullptr ? env_token : "");
  bool generated_token = false;
  if (options.api_token.empty() && !IsLoopbackHost(options.host)) {
    options.api_token = RandomToken(24);
    generated_token = true;
  }
  options.intercom_base_url = flags.Get("intercom-base-url");
  options.editor_dir = flags.Get("editor-dir");
  if (!flags.Has("no-journal")) options.journal_path = flags.Get("journal", options.workflows_dir + "/.wf/runs.db");

  Result<Secrets> secrets = LoadSecrets(flags);
  if (!secrets.ok()) return Fail(secrets.status());
  std::unique_ptr<TaskRegistry> registry = LoadRegistry();

  // Block the stop signals before any thread exists, so that every server
  // thread inherits the mask and only sigwait below receives them.
  sigset_t stop_signals, previous_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous_mask);

  std::unique_ptr<EmbeddedSandbox> sandbox;
  if (flags.Has("sandbox")) {
    Result<std::unique_ptr<EmbeddedSandbox>> started = EmbeddedSandbox::Start();
    if (!started.ok()) {
      pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
      return Fail(started.status());
    }
    sandbox = std::move(*started);
    sandbox->Wire(&options);
    secrets->Hide(sandbox->token());
  }
  ApiServer server(*registry, *secrets, options);
  Status status = server.Start();
  if (!status.ok()) {
    pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    return Fail(status);
  }
  std::string url = server.url();
  if (!options.api_token.empty()) url += "?token=" + options.api_token;
  std::printf("wf serve: the editor is at %s\n", url.c_str());
  if (generated_token) {
    std::printf("API token (generated; send it as 'Authorization: Bearer TOKEN'): %s\n",
                options.api_token.c_str());
  }
  if (sandbox) std::printf("%s\n", sandbox->Notice().c_str());
  std::printf("workflows: %s%s\n", options.workflows_dir.c_str(),
              options.journal_path.empty() ? " (runs not journaled)"
                                           : (" (runs journaled in " + options.journal_path + ")").c_str());
  std::printf("Press Ctrl+C to stop.\n");
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::printf("wf serve: stopping\n");
  std::fflush(stdout);
  server.Stop();
  sandbox.reset();
  pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
  return 0;
}

}  // namespace wf::cli
