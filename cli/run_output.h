// What wf run and wf resume print: one line per step on stderr, the outputs on
// stdout (JSON with --json). Everything passes through the redactor.
#ifndef WF_CLI_RUN_OUTPUT_H_
#define WF_CLI_RUN_OUTPUT_H_

#include <string>

#include "engine/executor.h"
#include "engine/journal.h"
#include "engine/secrets.h"

namespace wf::cli {

void PrintStepLine(const StepResult& step, const Redactor& redactor);
void PrintAttemptLine(const std::string& step, const Json& attempt, const Redactor& redactor);
void PrintRunResult(const Workflow& workflow, const RunResult& result, const std::string& run_id,
                    bool json, const Redactor& redactor);
void PrintJournalRun(const JournalRun& run, bool json);
Json JournalRunJson(const JournalRun& run);

}  // namespace wf::cli

#endif  // WF_CLI_RUN_OUTPUT_H_
