// wf validate FILE...: load each workflow and report every problem.
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/workflow_loader.h"

namespace wf::cli {

const char kValidateUsage[] = "usage: wf validate FILE...\n";

int ValidateCommand(const Args& args) {
  Flags flags;
  std::string error;
  if (!ParseFlags(args, {}, {}, &flags, &error)) return Usage(error, kValidateUsage);
  if (flags.positional.empty()) return Usage("validate needs at least one workflow file", kValidateUsage);
  std::unique_ptr<TaskRegistry> registry = LoadRegistry();
  int exit_code = 0;
  for (const std::string& file : flags.positional) {
    Result<Workflow> workflow = LoadWorkflowFile(file, *registry);
    if (!workflow.ok()) {
      std::fprintf(stderr, "%s\n", workflow.status().message().c_str());
      exit_code = 2;
      continue;
    }
    size_t steps = workflow->steps.size();
    std::printf("%s: ok (workflow '%s', %zu %s)\n", file.c_str(), workflow->name.c_str(), steps,
                steps == 1 ? "step" : "steps");
  }
  return exit_code;
}

}  // namespace wf::cli
