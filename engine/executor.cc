#include "engine/executor.h"

#include <chrono>

#include "base/clock.h"
#include "engine/call_task.h"
#include "engine/journal.h"

namespace wf {
namespace {

using Clock = std::chrono::steady_clock;

class RunScope : public RenderScope {
 public:
  RunScope(const Json& inputs, const Secrets* secrets) : inputs_(inputs), secrets_(secrets) {}

  const Json* Input(const std::string& name) const override {
    auto found = inputs_.find(name);
    return found == inputs_.end() ? nullptr : &*found;
  }
  const Json* Variable(const std::string& name) const override {
    auto found = variables_.find(name);
    return found == variables_.end() ? nullptr : &*found;
  }
  bool Secret(const std::string& name, std::string* value) const override {
    return secrets_ != nullptr && secrets_->Get(name, value);
  }
  const Json* StepOutput(const std::string& step) const override {
    auto found = outputs_.find(step);
    return found == outputs_.end() || found->second->is_null() ? nullptr : found->second;
  }
  std::string StepState(const std::string& step) const override {
    auto found = states_.find(step);
    return found == states_.end() ? "" : found->second;
  }
  const Json* StepError(const std::string& step) const override {
    auto found = errors_.find(step);
    return found == errors_.end() || found->second->is_null() ? nullptr : found->second;
  }

  // Refers to `step`'s outputs and error without copying them: `step` must
  // outlive the scope and stay where it is (the run's reserved step list).
  void Record(const StepResult& step) {
    states_[step.id] = step.state == "succeeded" || step.state == "skipped" ? step.state : "failed";
    outputs_[step.id] = &step.outputs;
    errors_[step.id] = &step.error;
  }
  Json& variables() { return variables_; }

 private:
  const Json& inputs_;
  const Secrets* secrets_;
  Json variables_ = Json::object();
  std::map<std::string, const Json*> outputs_;
  std::map<std::string, std::string> states_;
  std::map<std::string, const Json*> errors_;
};

Json FieldErrorsJson(const Json& errors) {
  Json list = Json::array();
  for (const Json& e : errors) list.push_back(e.value("message", DumpJson(e)));
  return list;
}

class Runner {
 public:
  Runner(const Workflow& workflow, const RunOptions& options)
      : workflow_(workflow), options_(options), scope_(options.inputs, options.secrets) {}

  RunResult Run() {
    Clock::time_point start = Clock::now();
    result_.steps.reserve(workflow_.steps.size());  // the scope points into it
    for (size_t i = 0; i < workflow_.steps.size(); ++i) {
      result_.steps.push_back(RunStep(i));
      StepResult& step = result_.steps.back();
      scope_.Record(step);
      if (step.state == "succeeded") ApplySet(workflow_.steps[i], &step);
      if (options_.on_step_end) options_.on_step_end(step);
      bool stop = step.state != "succeeded" && step.state != "skipped" &&
                  !(workflow_.steps[i].continue_on_error &&
                    (step.state == "failed" || step.state == "unknown"));
      if (stop) {
        const StepResult& failed = result_.steps.back();
        result_.failed_step = failed.id;
        std::string message = "step '" + failed.id + "' " + failed.state + ": " +
                              failed.error.value("message", std::string("failed"));
        result_.status = failed.state == "invalid" ? Status::Invalid(message) : Status::Failed(message);
        break;
      }
    }
    if (result_.status.ok()) RenderOutputs();
    result_.variables = std::move(scope_.variables());
    result_.elapsed_ms = MsSince(start);
    return std::move(result_);
  }

 private:
  const JournalStep* Previous(size_t index) const {
    if (options_.resume == nullptr) return nullptr;
    for (const JournalStep& s : options_.resume->steps) {
      if (s.index == static_cast<int>(index) && s.id == workflow_.steps[index].id) return &s;
    }
    return nullptr;
  }

  void Journal(size_t index, const StepResult& step, const std::string& state, int attempts) {
    if (options_.journal == nullptr) return;
    JournalStep record;
    record.index = static_cast<int>(index);
    record.id = step.id;
    record.task = step.task;
    record.state = state;
    static const Redactor kNoSecrets;
    const Redactor& redactor = options_.secrets != nullptr ? options_.secrets->redactor() : kNoSecrets;
    record.outputs = redactor.Redact(step.outputs);
    record.error = redactor.Redact(step.error);
    record.attempts = attempts;
    Status status = options_.journal->SetStep(options_.run_id, record);
    if (!status.ok()) journal_error_ = status;
  }

  // One step: resumed from the journal, or evaluated (if:, with:, the call)
  // and recorded.
  StepResult RunStep(size_t index) {
    const Step& def = workflow_.steps[index];
    Clock::time_point start = Clock::now();
    StepResult step;
    step.id = def.id;
    step.task = def.task_id;
    if (Resume(index, &step)) return step;
    if (def.condition) {
      Result<Json> value = def.condition->Render(scope_);
      if (!value.ok()) return Fail(index, &step, value.status(), "if: ", start);
      if (!IsTruthy(*value)) {
        step.state = "skipped";
        step.elapsed_ms = MsSince(start);
        Journal(index, step, "skipped", 0);
        return step;
      }
    }
    Result<Json> with = def.with.RenderExcept(scope_, OverriddenKeys(def.task_id, options_.overrides));
    if (!with.ok()) return Fail(index, &step, with.status(), "", start);
    ApplyOverrides(def.task_id, options_.overrides, &*with);
    CallResult called = Call(index, def, *with, &step);
    step.elapsed_ms = MsSince(start);
    Record(index, std::move(called), &step);
    return step;
  }

  // A step the interrupted run's journal already settles: finished steps are
  // reused; one that may have been sent waits for the user's decision.
  // False when the step is to run.
  bool Resume(size_t index, StepResult* step) {
    const JournalStep* previous = Previous(index);
    if (previous == nullptr) return false;
    const std::string& id = step->id;
    if (previous->state == "succeeded" || previous->state == "skipped") {
      step->state = previous->state;
      step->outputs = previous->outputs;
      step->resumed = true;
      return true;
    }
    if (previous->state != "sending" && previous->state != "unknown") return false;
    auto decision = options_.decisions.find(id);
    if (decision == options_.decisions.end()) {
      step->state = "unknown";
      step->error = {{"kind", "unknown_outcome"},
                     {"message", "its request may have been sent before the run stopped, so "
                                 "its outcome is unknown; check the target system, then resume "
                                 "with --retry-step " + id + " to send it again or "
                                 "--skip-step " + id + " to go on without it"}};
      return true;
    }
    if (decision->second == "skip") {
      step->state = "skipped";
      Journal(index, *step, "skipped", previous->attempts);
      return true;
    }
    if (decision->second == "outputs") {
      auto given = options_.given_outputs.find(id);
      step->state = "succeeded";
      step->outputs = given != options_.given_outputs.end() ? given->second : Json::object();
      step->given = true;
      Journal(index, *step, "succeeded", previous->attempts);
      return true;
    }
    return false;  // "retry": send it again
  }

  // Calls the step's task, journaling "sending" before each attempt.
  CallResult Call(size_t index, const Step& def, const Json& with, StepResult* step) {
    CallOptions call;
    call.client = options_.client;
    call.limiter = def.task->SharesRateLimit() ? options_.limiter : nullptr;
    call.retry = def.retry;
    call.connect_timeout_ms = def.connect_timeout_ms;
    call.read_timeout_ms = def.read_timeout_ms;
    if (options_.journal != nullptr) {
      call.before_send = [&](int attempt) {
        Journal(index, *step, "sending", attempt);
        Status status = journal_error_;
        journal_error_ = Status::Ok();
        return status;
      };
    }
    if (options_.on_attempt) {
      call.after_attempt = [&](const Json& attempt) { options_.on_attempt(attempt, def.id); };
    }
    return CallTask(*def.task, with, call);
  }

  // The call's result as the step's state, outputs and error, journaled.
  void Record(size_t index, CallResult called, StepResult* step) {
    step->request = std::move(called.request);
    step->attempts = std::move(called.attempts);
    step->warnings = std::move(called.warnings);
    int attempts = static_cast<int>(step->attempts.size());
    if (called.state == "invalid") {
      step->state = "invalid";
      Json messages = FieldErrorsJson(called.field_errors);
      std::string text;
      for (const Json& m : messages) text += (text.empty() ? "" : "; ") + m.get<std::string>();
      step->error = {{"kind", "invalid"}, {"message", text}, {"fields", called.field_errors}};
      Journal(index, *step, "invalid", 0);
      return;
    }
    if (called.state == "succeeded") {
      step->state = "succeeded";
      step->outputs = std::move(called.outputs);
      Journal(index, *step, "succeeded", attempts);
      return;
    }
    // An unknown outcome (the request may have been processed) is not a plain
    // failure: a resume must not send it again without being told to.
    step->state = called.unknown_outcome ? "unknown" : "failed";
    step->error = std::move(called.error);
    // A failed HTTP step keeps the answer, so that a later step can branch on it.
    if (step->error.contains("response")) step->outputs = step->error["response"];
    Journal(index, *step, step->state, attempts);
  }

  // A value that cannot be rendered: invalid when an input or secret is
  // missing (nothing could be sent), failed otherwise.
  StepResult Fail(size_t index, StepResult* step, const Status& status, const std::string& where,
                  Clock::time_point start) {
    step->state = status.code() == StatusCode::kInvalid ? "invalid" : "failed";
    step->error = {{"kind", "render"}, {"message", where + status.message()}};
    step->elapsed_ms = MsSince(start);
    Journal(index, *step, step->state, 0);
    return std::move(*step);
  }

  void ApplySet(const Step& def, StepResult* step) {
    for (const auto& [name, value] : def.set) {
      Result<Json> rendered = value.Render(scope_);
      if (!rendered.ok()) {
        step->state = "failed";
        step->error = {{"kind", "render"}, {"message", "set." + name + ": " + rendered.status().message()}};
        scope_.Record(*step);
        return;
      }
      scope_.variables()[name] = std::move(*rendered);
    }
  }

  void RenderOutputs() {
    for (const auto& [name, value] : workflow_.outputs) {
      Result<Json> rendered = value.Render(scope_);
      if (!rendered.ok()) {
        result_.status = Status::Failed("outputs." + name + ": " + rendered.status().message());
        return;
      }
      result_.outputs[name] = std::move(*rendered);
    }
  }

  const Workflow& workflow_;
  const RunOptions& options_;
  RunScope scope_;
  RunResult result_;
  Status journal_error_;
};

}  // namespace

void ApplyOverrides(const std::string& task_id, const std::vector<StepOverride>& overrides, Json* with) {
  for (const StepOverride& o : overrides) {
    if (task_id.rfind(o.task_prefix, 0) != 0) continue;
    for (const std::string& key : o.remove) with->erase(key);
    for (const auto& [key, value] : o.values.items()) (*with)[key] = value;
  }
}

std::vector<std::string> OverriddenKeys(const std::string& task_id,
                                        const std::vector<StepOverride>& overrides) {
  std::vector<std::string> keys;
  for (const StepOverride& o : overrides) {
    if (task_id.rfind(o.task_prefix, 0) != 0) continue;
    keys.insert(keys.end(), o.remove.begin(), o.remove.end());
    for (const auto& [key, value] : o.values.items()) keys.push_back(key);
  }
  return keys;
}

Result<Json> ResolveInputs(const Workflow& workflow, const Json& given) {
  std::vector<std::string> problems;
  Json resolved = Json::object();
  if (!given.is_object()) return Status::Invalid("inputs must be a mapping of names to values");
  for (const auto& [name, value] : given.items()) {
    const InputDecl* input = workflow.FindInput(name);
    if (input == nullptr) {
      std::string declared;
      for (const InputDecl& i : workflow.inputs) declared += (declared.empty() ? "" : ", ") + i.name;
      problems.push_back("input '" + name + "' is not declared by workflow '" + workflow.name +
                         "'; declared: " + (declared.empty() ? "none" : declared));
      continue;
    }
    std::string wrong = CheckInputType(input->type, value);
    if (!wrong.empty()) problems.push_back("input '" + name + "' " + wrong);
    resolved[name] = value;
  }
  for (const InputDecl& input : workflow.inputs) {
    if (resolved.contains(input.name)) continue;
    if (input.default_value) {
      resolved[input.name] = *input.default_value;
    } else if (input.required) {
      problems.push_back("input '" + input.name + "' is required (declared at " + input.where + ")");
    } else {
      resolved[input.name] = nullptr;
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Status::Invalid(message);
  }
  return resolved;
}

RunResult RunWorkflow(const Workflow& workflow, const RunOptions& options) {
  return Runner(workflow, options).Run();
}

Json StepResultJson(const StepResult& step) {
  Json json = {{"id", step.id}, {"task", step.task}, {"state", step.state},
               {"elapsed_ms", step.elapsed_ms}, {"outputs", step.outputs}, {"error", step.error}};
  if (!step.request.is_null()) json["request"] = ShownRequest(step.request);
  if (!step.attempts.empty()) json["attempts"] = step.attempts;
  if (!step.warnings.empty()) json["warnings"] = step.warnings;
  if (step.resumed) json["resumed"] = true;
  if (step.given) json["outputs_given"] = true;
  return json;
}

Json RunResultJson(const Workflow& workflow, const RunResult& result) {
  Json steps = Json::array();
  for (const StepResult& step : result.steps) steps.push_back(StepResultJson(step));
  Json json = {{"workflow", workflow.name}, {"status", result.status.ok() ? "succeeded" : "failed"},
               {"outputs", result.outputs}, {"steps", steps}, {"elapsed_ms", result.elapsed_ms}};
  if (!result.status.ok()) json["error"] = result.status.message();
  return json;
}

}  // namespace wf
