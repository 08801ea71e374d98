// wf run and wf resume.
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/run_output.h"
#include "engine/embedded_sandbox.h"
#include "engine/executor.h"
#include "engine/journal.h"
#include "engine/workflow_loader.h"
#include "engine/yaml_json.h"

namespace wf::cli {
namespace {

const char* kRunUsage =
    "usage: wf run FILE [--input k=v]... [--input-file F] [--secrets-file F] [--sandbox] [--json]\n"
    "                   [--journal PATH | --no-journal] [--rate-limit N]\n";
const char* kResumeUsage =
    "usage: wf resume RUN_ID [--retry-step ID]... [--skip-step ID]... [--journal PATH]\n"
    "                        [--secrets-file F] [--sandbox] [--json] [--rate-limit N]\n";

const std::set<std::string> kRunValues = {"input", "input-file", "secrets-file", "journal", "rate-limit"};
const std::set<std::string> kRunSwitches = {"sandbox", "json", "no-journal"};

// Inputs from --input-file, then each --input k=v typed by its declaration.
Result<Json> GatherInputs(const Workflow& workflow, const Flags& flags) {
  Json given = Json::object();
  if (flags.Has("input-file")) {
    Result<Json> file = YamlFileToJson(flags.Get("input-file"), nullptr);
    if (!file.ok()) return file.status();
    if (!file->is_object()) {
      return Status::Invalid(flags.Get("input-file") + ": an input file must be a mapping of names to values");
    }
    given = *file;
  }
  for (const std::string& pair : flags.All("input")) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Invalid("--input '" + pair + "' must look like name=value");
    }
    std::string name = pair.substr(0, eq);
    const InputDecl* input = workflow.FindInput(name);
    if (input == nullptr) {
      given[name] = pair.substr(eq + 1);  // ResolveInputs names it as undeclared
      continue;
    }
    Result<Json> value = InputFromText(*input, pair.substr(eq + 1));
    if (!value.ok()) return value.status();
    given[name] = *value;
  }
  return ResolveInputs(workflow, given);
}

struct Session {
  std::unique_ptr<TaskRegistry> registry;
  Secrets secrets;
  std::unique_ptr<EmbeddedSandbox> sandbox;
  std::unique_ptr<Journal> journal;
  HttpClient client;
  std::unique_ptr<RateLimiter> limiter;
};

Status OpenSession(const Flags& flags, Session* session) {
  session->registry = LoadRegistry();
  Result<Secrets> secrets = LoadSecrets(flags);
  if (!secrets.ok()) return secrets.status();
  session->secrets = *secrets;
  int per_minute = 10000;
  if (flags.Has("rate-limit")) {
    const std::string text = flags.Get("rate-limit");
    if (text.empty() || text.size() > 7 || text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(text) == 0) {
      return Status::Invalid("--rate-limit is '" + text + "'; allowed: requests a minute, 1 to 9999999");
    }
    per_minute = std::stoi(text);
  }
  session->limiter = std::make_unique<RateLimiter>(per_minute);
  if (flags.Has("sandbox")) {
    Result<std::unique_ptr<EmbeddedSandbox>> sandbox = EmbeddedSandbox::Start();
    if (!sandbox.ok()) return sandbox.status();
    session->sandbox = std::move(*sandbox);
    session->secrets.redactor().Add(session->sandbox->token());
    std::fprintf(stderr, "%s\n", session->sandbox->Notice().c_str());
  }
  if (!flags.Has("no-journal")) {
    Result<std::unique_ptr<Journal>> journal = Journal::Open(flags.Get("journal", ".wf/runs.db"));
    if (!journal.ok()) return journal.status();
    session->journal = std::move(*journal);
  }
  return Status::Ok();
}

int Execute(const Workflow& workflow, const Json& inputs, Session& session, const Flags& flags,
            const std::string& run_id, const JournalRun* resume,
            const std::map<std::string, std::string>& decisions) {
  RunOptions options;
  options.inputs = inputs;
  options.secrets = &session.secrets;
  options.client = &session.client;
  options.limiter = session.limiter.get();
  options.journal = session.journal.get();
  options.run_id = run_id;
  options.resume = resume;
  options.decisions = decisions;
  if (session.sandbox) options.overrides.push_back(session.sandbox->Override());
  const Redactor& redactor = session.secrets.redactor();
  options.on_step_end = [&](const StepResult& step) { PrintStepLine(step, redactor); };
  options.on_attempt = [&](const Json& attempt, const std::string& step) {
    PrintAttemptLine(step, attempt, redactor);
  };
  RunResult result = RunWorkflow(workflow, options);
  if (session.journal) {
    session.journal->FinishRun(run_id, result.status.ok() ? "succeeded" : "failed",
                               redactor.Redact(result.outputs),
                               redactor.Redact(result.status.message()));
  }
  PrintRunResult(workflow, result, run_id, flags.Has("json"), redactor);
  return result.status.ExitCode();
}

}  // namespace

int RunCommand(const Args& args) {
  Flags flags;
  std::string error;
  if (!ParseFlags(args, kRunValues, kRunSwitches, &flags, &error)) return Usage(error, kRunUsage);
  if (flags.positional.size() != 1) return Usage("run needs exactly one workflow file", kRunUsage);
  Session session;
  Status opened = OpenSession(flags, &session);
  if (!opened.ok()) return Fail(opened);
  Result<Workflow> workflow = LoadWorkflowFile(flags.positional[0], *session.registry);
  if (!workflow.ok()) return Fail(workflow.status());
  Result<Json> inputs = GatherInputs(*workflow, flags);
  if (!inputs.ok()) return Fail(inputs.status());
  std::string run_id;
  if (session.journal) {
    Result<std::string> id = session.journal->StartRun(workflow->file, workflow->name,
                                                       session.secrets.redactor().Redact(*inputs));
    if (!id.ok()) return Fail(id.status());
    run_id = *id;
    std::fprintf(stderr, "run %s: %s (journal %s)\n", run_id.c_str(), workflow->name.c_str(),
                 session.journal->path().c_str());
  }
  return Execute(*workflow, *inputs, session, flags, run_id, nullptr, {});
}

int ResumeCommand(const Args& args) {
  Flags flags;
  std::string error;
  std::set<std::string> values = kRunValues;
  values.insert({"retry-step", "skip-step"});
  if (!ParseFlags(args, values, {"sandbox", "json"}, &flags, &error)) return Usage(error, kResumeUsage);
  if (flags.positional.size() != 1) return Usage("resume needs exactly one run id", kResumeUsage);
  Session session;
  Status opened = OpenSession(flags, &session);
  if (!opened.ok()) return Fail(opened);
  Result<JournalRun> run = session.journal->LoadRun(flags.positional[0]);
  if (!run.ok()) return Fail(run.status());
  if (run->state == "succeeded") {
    std::fprintf(stderr, "wf: run %s already succeeded; nothing to resume\n", run->id.c_str());
    PrintJournalRun(*run, flags.Has("json"));
    return 0;
  }
  if (run->state == "running") {
    return Fail(Status::Invalid("run " + run->id + " is still running in another process"));
  }
  Result<Workflow> workflow = LoadWorkflowFile(run->workflow_file, *session.registry);
  if (!workflow.ok()) return Fail(workflow.status());
  std::map<std::string, std::string> decisions;
  for (const std::string& id : flags.All("retry-step")) decisions[id] = "retry";
  for (const std::string& id : flags.All("skip-step")) decisions[id] = "skip";
  for (const auto& [id, decision] : decisions) {
    if (workflow->FindStep(id) == nullptr) {
      return Fail(Status::Invalid("--" + decision + "-step " + id + ": the workflow has no step '" + id + "'"));
    }
  }
  Result<Json> inputs = ResolveInputs(*workflow, run->inputs.is_object() ? run->inputs : Json::object());
  if (!inputs.ok()) return Fail(inputs.status());
  Status reopened = session.journal->ReopenRun(run->id);
  if (!reopened.ok()) return Fail(reopened);
  std::fprintf(stderr, "resuming run %s: %s\n", run->id.c_str(), workflow->name.c_str());
  return Execute(*workflow, *inputs, session, flags, run->id, &*run, decisions);
}

}  // namespace wf::cli
