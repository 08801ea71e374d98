#include "engine/test_request.h"

#include "engine/call_task.h"
#include "engine/step_checks.h"
#include "engine/yaml_json.h"

namespace wf {
namespace {

// Resolves references from stand-ins; secrets come from the real secret store.
class StandInScope : public RenderScope {
 public:
  StandInScope(const Json& stand_ins, const Secrets* secrets) : stand_ins_(stand_ins), secrets_(secrets) {}
  const Json* Input(const std::string& name) const override { return Find("input", name); }
  const Json* Variable(const std::string& name) const override { return Find("variables", name); }
  bool Secret(const std::string& name, std::string* value) const override {
    return secrets_ != nullptr && secrets_->Get(name, value);
  }
  const Json* StepOutput(const std::string& step) const override { return Find("steps", step); }
  std::string StepState(const std::string& step) const override {
    return Find("steps", step) != nullptr ? "succeeded" : "";
  }
  const Json* StepError(const std::string&) const override { return nullptr; }

 private:
  const Json* Find(const char* group, const std::string& name) const {
    if (!stand_ins_.is_object() || !stand_ins_.contains(group)) return nullptr;
    const Json& values = stand_ins_[group];
    if (!values.is_object()) return nullptr;
    auto found = values.find(name);
    return found == values.end() ? nullptr : &*found;
  }
  const Json& stand_ins_;
  const Secrets* secrets_;
};

}  // namespace

Json RunTestRequest(const TaskRegistry& registry, const std::string& task_id, const Json& with,
                    const TestRequestOptions& options) {
  Json result = {{"ok", false}, {"task", task_id}, {"dry_run", options.dry_run},
                 {"sandbox", options.sandbox_url.empty() ? Json(nullptr) : Json(options.sandbox_url)},
                 {"request", nullptr}, {"curl", nullptr}, {"response", nullptr},
                 {"outputs", nullptr}, {"error", nullptr}, {"errors", Json::array()},
                 {"warnings", Json::array()}, {"attempts", Json::array()}, {"elapsed_ms", 0}};
  const TaskType* task = registry.Find(task_id);
  if (task == nullptr) {
    result["state"] = "invalid";
    result["error"] = {{"kind", "unknown_task"}, {"message", registry.Missing(task_id)}};
    return result;
  }
  if (!with.is_object()) {
    result["state"] = "invalid";
    result["errors"] = Json::array({{{"path", ""}, {"message", "the inputs must be a mapping"}}});
    return result;
  }
  Json inputs = with;
  AddTemplateDefaults(task->Describe(), &inputs);
  std::vector<ValueTemplate::ParseError> parse_errors;
  ValueTemplate parsed = ValueTemplate::Parse(inputs, &parse_errors);
  if (!parse_errors.empty()) {
    result["state"] = "invalid";
    for (const auto& e : parse_errors) {
      result["errors"].push_back({{"path", e.path}, {"message", e.path + ": " + e.message}});
    }
    return result;
  }
  StandInScope scope(options.stand_ins, options.secrets);
  Result<Json> rendered = parsed.RenderExcept(scope, OverriddenKeys(task_id, options.overrides));
  if (!rendered.ok()) {
    result["state"] = "invalid";
    // A missing secret is fixed by giving the secret; anything else that
    // only a workflow could resolve needs a stand-in value.
    const std::string& message = rendered.status().message();
    bool secret = message.rfind("${workflow.secrets.", 0) == 0;
    result["error"] = {{"kind", "render"},
                       {"message", secret ? message
                                          : message + " (a test request has no workflow: give a "
                                                      "stand-in value)"}};
    return result;
  }
  ApplyOverrides(task_id, options.overrides, &*rendered);

  CallOptions call;
  call.dry_run = options.dry_run;
  call.keep_response = true;  // shown as "response"
  call.client = options.client;
  call.retry.max_attempts = 1;  // a test shows what one request does
  CallResult called = CallTask(*task, *rendered, call);
  result["state"] = called.state;
  result["ok"] = called.state == "succeeded" || called.state == "prepared";
  result["errors"] = called.field_errors;
  result["warnings"] = called.warnings;
  result["attempts"] = called.attempts;
  result["elapsed_ms"] = called.elapsed_ms;
  if (!called.request.is_null()) {
    result["curl"] = CurlCommand(called.request);  // the bytes as they are sent
    result["request"] = ShownRequest(called.request);
  }
  result["response"] = called.response.is_object() ? called.response : Json(nullptr);
  if (called.state == "succeeded") result["outputs"] = called.outputs;
  if (called.state == "failed") result["error"] = called.error;
  return result;
}

Result<Json> ReadWithValue(const Json& description, const std::string& path, const std::string& text,
                           const std::string& what) {
  auto fields = description.is_object() ? description.find("fields") : description.end();
  if (fields != description.end() && fields->is_array()) {
    for (const Json& field : *fields) {
      if (field.is_object() && field.value("path", std::string()) == path) {
        if (field.value("type", std::string()) == "string") return Json(text);
        break;
      }
    }
  }
  return YamlToJson(text, what, nullptr);
}

int TestRequestExitCode(const Json& result) {
  std::string state = result.value("state", "");
  if (state == "succeeded" || state == "prepared") return 0;
  if (state == "invalid") return 2;
  return 1;
}

}  // namespace wf
