// wf run and wf resume.
#include <algorithm>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/embedded_sandbox.h"
#include "cli/run_output.h"
#include "engine/executor.h"
#include "engine/journal.h"
#include "engine/workflow_loader.h"
#include "engine/yaml_json.h"

namespace wf::cli {

const char kRunUsage[] =
    "usage: wf run FILE [--input k=v]... [--input-file F] [--secrets-file F] [--sandbox] [--json]\n"
    "                   [--journal PATH | --no-journal] [--rate-limit N]\n";
const char kResumeUsage[] =
    "usage: wf resume RUN_ID [--retry-step ID]... [--skip-step ID]... [--set-output ID.NAME=VALUE]...\n"
    "                        [--journal PATH] [--secrets-file F] [--sandbox] [--json] [--rate-limit N]\n";

namespace {

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
  std::string problems;  // every bad --input at once, one a line
  for (const std::string& pair : flags.All("input")) {
    size_t eq = pair.find('=');
    Status status;
    if (eq == std::string::npos || eq == 0) {
      status = Status::Invalid("--input '" + pair + "' must look like name=value");
    } else if (const InputDecl* input = workflow.FindInput(pair.substr(0, eq)); input == nullptr) {
      given[pair.substr(0, eq)] = pair.substr(eq + 1);  // ResolveInputs names it as undeclared
    } else if (Result<Json> value = InputFromText(*input, pair.substr(eq + 1)); value.ok()) {
      given[input->name] = *value;
    } else {
      status = value.status();
    }
    if (!status.ok()) problems += (problems.empty() ? "" : "\n") + status.message();
  }
  if (!problems.empty()) return Status::Invalid(problems);
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
    session->secrets.Hide(session->sandbox->token());
    std::fprintf(stderr, "%s\n", session->sandbox->Notice().c_str());
  }
  if (!flags.Has("no-journal")) {
    Result<std::unique_ptr<Journal>> journal = Journal::Open(flags.Get("journal", ".wf/runs.db"));
    if (!journal.ok()) return journal.status();
    session->journal = std::move(*journal);
  }
  return Status::Ok();
}

// What the user decided for steps whose outcome is unknown.
struct Decisions {
  std::map<std::string, std::string> by_step;  // step id -> retry, skip or outputs
  std::map<std::string, Json> outputs;         // step id -> outputs, for "outputs"
};

// --set-output ID.NAME=VALUE: VALUE is typed by the output's declared type
// (text for a string, as --input is), when the task declares the output.
Status GiveOutput(const Workflow& workflow, const std::string& pair, Decisions* decisions) {
  size_t eq = pair.find('=');
  size_t dot = pair.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq || dot == 0 || dot + 1 == eq) {
    return Status::Invalid("--set-output '" + pair + "' must look like STEP.NAME=VALUE");
  }
  std::string step_id = pair.substr(0, dot);
  std::string name = pair.substr(dot + 1, eq - dot - 1);
  const Step* step = workflow.FindStep(step_id);
  if (step == nullptr) {
    return Status::Invalid("--set-output " + pair + ": the workflow has no step '" + step_id + "'");
  }
  InputDecl output;
  output.name = step_id + "." + name;
  output.type = "any";
  const Json& described = step->task->Describe();
  if (described.contains("outputs") && described["outputs"].is_array() && !described["outputs"].empty()) {
    std::string declared;
    bool found = false;
    for (const Json& o : described["outputs"]) {
      std::string o_name = o.value("name", "");
      declared += (declared.empty() ? "" : ", ") + o_name;
      if (o_name == name) {
        found = true;
        output.type = o.value("type", "any");
      }
    }
    if (!found) {
      return Status::Invalid("--set-output " + pair + ": task " + step->task_id + " has no output '" +
                             name + "'; declared: " + declared);
    }
  }
  // A value given for an output of no declared type is text, as it was found.
  if (output.type == "any") output.type = "string";
  Result<Json> value = InputFromText(output, pair.substr(eq + 1));
  if (!value.ok()) {  // worded for an input: name the flag instead
    std::string message = value.status().message();
    std::string input = "input '" + output.name + "'";
    if (message.rfind(input, 0) == 0) message = message.substr(input.size());
    return Status::Invalid("--set-output " + output.name + message);
  }
  decisions->by_step[step_id] = "outputs";
  Json& outputs = decisions->outputs[step_id];
  if (!outputs.is_object()) outputs = Json::object();
  outputs[name] = *value;
  return Status::Ok();
}

// Reads --retry-step, --skip-step and --set-output: each names a step of the
// workflow whose outcome the journal shows as unknown, and no step gets two.
Result<Decisions> ReadDecisions(const Flags& flags, const Workflow& workflow, const JournalRun& run) {
  Decisions decisions;
  std::map<std::string, std::string> flag_of;  // step id -> the flag that decided it
  auto decide = [&](const std::string& step_id, const std::string& flag) -> Status {
    auto taken = flag_of.find(step_id);
    if (taken != flag_of.end() && taken->second != flag) {
      return Status::Invalid("step '" + step_id + "' is given both --" + taken->second + " and --" +
                             flag + "; choose one");
    }
    flag_of[step_id] = flag;
    if (workflow.FindStep(step_id) == nullptr) {
      return Status::Invalid("--" + flag + " " + step_id + ": the workflow has no step '" + step_id + "'");
    }
    for (const JournalStep& step : run.steps) {
      if (step.id != step_id) continue;
      if (step.state == "sending" || step.state == "unknown") return Status::Ok();
      return Status::Invalid("--" + flag + " " + step_id + ": step '" + step_id + "' is " + step.state +
                             " in run " + run.id + "; only a step whose outcome is unknown takes a decision");
    }
    return Status::Invalid("--" + flag + " " + step_id + ": step '" + step_id + "' has not run in run " +
                           run.id + "; only a step whose outcome is unknown takes a decision");
  };
  for (const std::string& id : flags.All("retry-step")) {
    Status status = decide(id, "retry-step");
    if (!status.ok()) return status;
    decisions.by_step[id] = "retry";
  }
  for (const std::string& id : flags.All("skip-step")) {
    Status status = decide(id, "skip-step");
    if (!status.ok()) return status;
    decisions.by_step[id] = "skip";
  }
  for (const std::string& pair : flags.All("set-output")) {
    std::string step_id = pair.substr(0, std::min(pair.find('.'), pair.find('=')));
    if (workflow.FindStep(step_id) != nullptr) {
      Status status = decide(step_id, "set-output");
      if (!status.ok()) return status;
    }
    Status status = GiveOutput(workflow, pair, &decisions);
    if (!status.ok()) return status;
  }
  return decisions;
}

int Execute(const Workflow& workflow, const Json& inputs, Session& session, const Flags& flags,
            const std::string& run_id, const JournalRun* resume, const Decisions& decisions) {
  RunOptions options;
  options.inputs = inputs;
  options.secrets = &session.secrets;
  options.client = &session.client;
  options.limiter = session.limiter.get();
  options.journal = session.journal.get();
  options.run_id = run_id;
  options.resume = resume;
  options.decisions = decisions.by_step;
  options.given_outputs = decisions.outputs;
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
  return Execute(*workflow, *inputs, session, flags, run_id, nullptr, Decisions());
}

int ResumeCommand(const Args& args) {
  Flags flags;
  std::string error;
  std::set<std::string> values = kRunValues;
  values.insert({"retry-step", "skip-step", "set-output"});
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
  Result<Decisions> decisions = ReadDecisions(flags, *workflow, *run);
  if (!decisions.ok()) return Fail(decisions.status());
  Result<Json> inputs = ResolveInputs(*workflow, run->inputs.is_object() ? run->inputs : Json::object());
  if (!inputs.ok()) return Fail(inputs.status());
  Status reopened = session.journal->ReopenRun(run->id);
  if (!reopened.ok()) return Fail(reopened);
  std::fprintf(stderr, "resuming run %s: %s\n", run->id.c_str(), workflow->name.c_str());
  return Execute(*workflow, *inputs, session, flags, run->id, &*run, *decisions);
}

}  // namespace wf::cli
