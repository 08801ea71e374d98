// wf: a thin main over the engine. Parse the subcommand, run it, exit with its status.
#include <csignal>
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "sandbox/sandbox.h"

namespace {

const char* kUsage =
    "usage: wf <command> [options]\n"
    "\n"
    "commands:\n"
    "  run FILE [--input k=v]... [--input-file F] [--secrets-file F] [--sandbox] [--json]\n"
    "           [--journal PATH | --no-journal] [--rate-limit N]\n"
    "  resume RUN_ID [--retry-step ID]... [--skip-step ID]... [--set-output ID.NAME=VALUE]...\n"
    "                [--journal PATH] [--sandbox] [--json]\n"
    "  runs [list | show RUN_ID] [--journal PATH] [--json]\n"
    "  validate FILE...\n"
    "  test-request TASK [--with k=v]... [--with-file F] [--dry-run] [--sandbox] [--json]\n"
    "  serve [--port N] [--host H] [--workflows DIR] [--sandbox] [--api-token T]\n"
    "        [--intercom-base-url URL] [--secrets-file F] [--journal PATH | --no-journal]\n"
    "  sandbox [--port N] [--token T] [--contacts FILE] [--rate-limit N]\n"
    "  plugins\n"
    "\n"
    "exit status: 0 success, 1 the workflow or request failed, 2 bad usage or invalid input\n";

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string command = argv[1];
  wf::cli::Args args(argv + 2, argv + argc);
  if (command == "run") return wf::cli::RunCommand(args);
  if (command == "resume") return wf::cli::ResumeCommand(args);
  if (command == "runs") return wf::cli::RunsCommand(args);
  if (command == "validate") return wf::cli::ValidateCommand(args);
  if (command == "test-request") return wf::cli::TestRequestCommand(args);
  if (command == "plugins") return wf::cli::PluginsCommand(args);
  if (command == "serve") return wf::cli::ServeCommand(args);
  if (command == "sandbox") return wf::sandbox::RunSandboxCommand(args);
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::fprintf(stderr, "wf: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
