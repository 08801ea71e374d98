// wf: a thin main over the engine. Parse the subcommand, run it, exit with its status.
#include <csignal>
#include <cstdio>
#include <string>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  const std::string usage = wf::cli::MainUsage();
  if (argc < 2) {
    std::fputs(usage.c_str(), stderr);
    return 2;
  }
  std::string name = argv[1];
  wf::cli::Args args(argv + 2, argv + argc);
  for (const wf::cli::Command& command : wf::cli::AllCommands()) {
    if (name == command.name) return command.run(args);
  }
  if (name == "help" || name == "--help" || name == "-h") {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  std::fprintf(stderr, "wf: unknown command '%s'\n\n%s", name.c_str(), usage.c_str());
  return 2;
}
