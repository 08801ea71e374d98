// wf runs [list | show RUN_ID]: what the journal recorded.
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/run_output.h"
#include "engine/journal.h"

namespace wf::cli {

const char kRunsUsage[] = "usage: wf runs [list | show RUN_ID] [--journal PATH] [--json]\n";

int RunsCommand(const Args& args) {
  Flags flags;
  std::string error;
  if (!ParseFlags(args, {"journal", "limit"}, {"json"}, &flags, &error)) return Usage(error, kRunsUsage);
  std::string verb = flags.positional.empty() ? "list" : flags.positional[0];
  Result<std::unique_ptr<Journal>> journal = Journal::Open(flags.Get("journal", ".wf/runs.db"));
  if (!journal.ok()) return Fail(journal.status());
  if (verb == "show") {
    if (flags.positional.size() != 2) return Usage("runs show needs a run id", kRunsUsage);
    Result<JournalRun> run = (*journal)->LoadRun(flags.positional[1]);
    if (!run.ok()) return Fail(run.status());
    PrintJournalRun(*run, flags.Has("json"));
    return 0;
  }
  if (verb != "list" || flags.positional.size() > 1) return Usage("unknown runs command", kRunsUsage);
  Result<std::vector<JournalRun>> runs = (*journal)->ListRuns();
  if (!runs.ok()) return Fail(runs.status());
  if (flags.Has("json")) {
    Json list = Json::array();
    for (const JournalRun& run : *runs) list.push_back(JournalRunJson(run));
    std::printf("%s\n", DumpJson(list, 2).c_str());
    return 0;
  }
  if (runs->empty()) std::printf("no runs in %s\n", (*journal)->path().c_str());
  for (const JournalRun& run : *runs) {
    std::printf("%s  %-11s  %s  %s\n", run.id.c_str(), run.state.c_str(), run.started_at.c_str(),
                run.workflow_name.c_str());
  }
  return 0;
}

}  // namespace wf::cli
