// The workflow endpoints of the editor's API: list, read, save, add a step,
// run. Files are only ever named through ValidWorkflowName, so every path is
// "<workflows folder>/<[A-Za-z0-9_-]+>.yaml".
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "engine/journal.h"
#include "engine/workflow_loader.h"
#include "engine/yaml_json.h"
#include "server/api_handlers.h"
#include "server/api_security.h"
#include "server/workflow_edit.h"

namespace wf {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxWorkflowBytes = 4 * 1024 * 1024;

struct WorkflowFile {
  std::string name;  // the file name without ".yaml"
  std::string file;  // "x.yaml"
  std::string path;  // "<folder>/x.yaml", as messages name it
};

bool Locate(const ApiContext& context, const std::string& name, WorkflowFile* out) {
  if (!ValidWorkflowName(name, &out->file)) return false;
  out->name = out->file.substr(0, out->file.size() - 5);
  out->path = context.workflows_dir + "/" + out->file;
  return true;
}

ApiReply BadName(const std::string& name) {
  return ErrorReply(400, "'" + name + "' is not a workflow name: use letters, digits, '_' and '-', "
                         "optionally followed by .yaml");
}

// The file's text; NotFound when it is not there.
Result<std::string> ReadText(const WorkflowFile& wf) {
  struct stat info;
  if (stat(wf.path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return Status::NotFound("there is no workflow " + wf.file + " in " + fs::path(wf.path).parent_path().string());
  }
  if (static_cast<size_t>(info.st_size) > kMaxWorkflowBytes) {
    return Status::Invalid(wf.path + ": the file is larger than 4 MiB");
  }
  std::ifstream in(wf.path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Status::Failed("cannot read " + wf.path);
  return text.str();
}

Json Lines(const std::string& message) {
  Json lines = Json::array();
  std::istringstream in(message);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Json Summary(const ApiContext& context, const WorkflowFile& wf, const std::string& text) {
  Json summary = {{"name", wf.name}, {"file", wf.file}, {"path", wf.path}};
  Result<Workflow> loaded = LoadWorkflowText(text, wf.path, *context.registry);
  summary["valid"] = loaded.ok();
  summary["errors"] = loaded.ok() ? Json::array() : Lines(loaded.status().message());
  if (!loaded.ok()) return summary;
  summary["title"] = loaded->name;
  summary["description"] = loaded->description;
  Json inputs = Json::array();
  for (const InputDecl& input : loaded->inputs) {
    inputs.push_back({{"name", input.name}, {"type", input.type}, {"required", input.required},
                      {"default", input.default_value ? *input.default_value : Json(nullptr)},
                      {"description", input.description}});
  }
  Json steps = Json::array();
  for (const Step& step : loaded->steps) steps.push_back({{"id", step.id}, {"task", step.task_id}});
  Json outputs = Json::array();
  for (const auto& [name, value] : loaded->outputs) outputs.push_back(name);
  summary["inputs"] = inputs;
  summary["steps"] = steps;
  summary["outputs"] = outputs;
  return summary;
}

ApiReply ReplyForReadFailure(const Status& status) {
  return ErrorReply(status.code() == StatusCode::kNotFound ? 404 : 500, status.message());
}

// Validates `text` as the new content of `wf`, then writes it. The caller
// holds the files mutex.
ApiReply Save(const ApiContext& context, const WorkflowFile& wf, const std::string& text, bool created) {
  Result<Workflow> loaded = LoadWorkflowText(text, wf.path, *context.registry);
  if (!loaded.ok()) {
    return {422, Json{{"error", "the workflow is not valid, so " + wf.file + " was not changed"},
                      {"errors", Lines(loaded.status().message())}}};
  }
  std::error_code ignored;
  fs::create_directories(context.workflows_dir, ignored);
  Status written = WriteFileAtomically(wf.path, text);
  if (!written.ok()) return ErrorReply(500, written.message());
  Json body = Summary(context, wf, text);
  body["yaml"] = text;
  body["saved"] = true;
  body["created"] = created;
  return {created ? 201 : 200, body};
}

}  // namespace

ApiReply ListWorkflowsReply(const ApiContext& context) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::directory_iterator it(context.workflows_dir, error), end; !error && it != end; it.increment(error)) {
    std::string file = it->path().filename().string();
    std::string checked;
    if (it->is_regular_file() && ValidWorkflowName(file, &checked) && checked == file) files.push_back(file);
  }
  std::sort(files.begin(), files.end());
  Json list = Json::array();
  for (const std::string& file : files) {
    WorkflowFile wf;
    Locate(context, file, &wf);
    Result<std::string> text = ReadText(wf);
    if (text.ok()) list.push_back(Summary(context, wf, *text));
  }
  return {200, Json{{"folder", context.workflows_dir}, {"workflows", list}}};
}

ApiReply ReadWorkflowReply(const ApiContext& context, const std::string& name) {
  WorkflowFile wf;
  if (!Locate(context, name, &wf)) return BadName(name);
  Result<std::string> text = ReadText(wf);
  if (!text.ok()) return ReplyForReadFailure(text.status());
  Json body = Summary(context, wf, *text);
  body["yaml"] = *text;
  return {200, body};
}

ApiReply SaveWorkflowReply(const ApiContext& context, const std::string& name, const Json& body) {
  WorkflowFile wf;
  if (!Locate(context, name, &wf)) return BadName(name);
  if (!body.is_object() || !body.contains("yaml") || !body["yaml"].is_string()) {
    return ErrorReply(400, "the body must be a JSON object {\"yaml\": \"...the workflow definition...\"}");
  }
  std::lock_guard<std::mutex> lock(*context.files_mutex);
  bool created = !fs::exists(wf.path);
  return Save(context, wf, body["yaml"].get<std::string>(), created);
}

ApiReply AddStepReply(const ApiContext& context, const std::string& name, const std::string& body) {
  WorkflowFile wf;
  if (!Locate(context, name, &wf)) return BadName(name);
  OrderedJson step = OrderedJson::parse(body, nullptr, false);
  if (step.is_discarded() || !step.is_object()) {
    return ErrorReply(400, "the body must be a JSON object {\"id\", \"task\", \"with\", \"set\"}");
  }
  Result<std::string> step_yaml = StepYaml(step);
  if (!step_yaml.ok()) return ErrorReply(400, step_yaml.status().message());
  std::lock_guard<std::mutex> lock(*context.files_mutex);
  Result<std::string> text = ReadText(wf);
  bool created = !text.ok() && text.status().code() == StatusCode::kNotFound;
  if (!text.ok() && !created) return ReplyForReadFailure(text.status());
  std::string updated;
  if (created) {
    updated = NewWorkflowText(wf.name, *step_yaml);
  } else {
    Result<Json> before = YamlToJson(*text, wf.path, nullptr);
    if (!before.ok()) {
      return {422, Json{{"error", wf.file + " is not valid YAML; fix it before adding steps"},
                        {"errors", Lines(before.status().message())}}};
    }
    Result<std::string> appended = AppendStepText(*text, *step_yaml);
    if (!appended.ok()) return ErrorReply(422, appended.status().message());
    updated = *appended;
  }
  ApiReply reply = Save(context, wf, updated, created);
  reply.body["step_yaml"] = *step_yaml;
  return reply;
}

ApiReply RunWorkflowReply(const ApiContext& context, const std::string& name, const Json& body) {
  WorkflowFile wf;
  if (!Locate(context, name, &wf)) return BadName(name);
  if (!body.is_object()) return ErrorReply(400, "the body must be a JSON object {\"inputs\": {...}}");
  const Json given = body.value("inputs", Json::object());
  if (!given.is_object()) return ErrorReply(400, "\"inputs\" must be an object of input values");
  Result<std::string> text = ReadText(wf);
  if (!text.ok()) return ReplyForReadFailure(text.status());
  Result<Workflow> workflow = LoadWorkflowText(*text, wf.path, *context.registry);
  if (!workflow.ok()) {
    return {422, Json{{"error", wf.file + " is not a valid workflow"}, {"errors", Lines(workflow.status().message())}}};
  }
  Result<Json> inputs = ResolveInputs(*workflow, given);
  if (!inputs.ok()) {
    return {422, Json{{"error", "the inputs do not fit " + wf.file}, {"errors", Lines(inputs.status().message())}}};
  }
  const Redactor& redactor = context.secrets->redactor();
  RunOptions options;
  options.inputs = *inputs;
  options.secrets = context.secrets;
  options.client = context.client;
  options.limiter = context.limiter;
  options.overrides = context.overrides;
  if (context.journal != nullptr) {
    std::error_code ignored;
    Result<std::string> id = context.journal->StartRun(fs::absolute(wf.path, ignored).string(),
                                                       workflow->name, redactor.Redact(*inputs));
    if (!id.ok()) return ErrorReply(500, id.status().message());
    options.journal = context.journal;
    options.run_id = *id;
  }
  RunResult result = RunWorkflow(*workflow, options);
  if (context.journal != nullptr) {
    context.journal->FinishRun(options.run_id, result.status.ok() ? "succeeded" : "failed",
                               redactor.Redact(result.outputs), redactor.Redact(result.status.message()));
  }
  Json reply = RunResultJson(*workflow, result);  // redacted where it is sent
  reply["run_id"] = options.run_id.empty() ? Json(nullptr) : Json(options.run_id);
  reply["journal"] = context.journal != nullptr ? Json(context.journal->path()) : Json(nullptr);
  // A finished run is a 200 whatever its outcome ("status" says it): webhook
  // senders retry on 5xx, and retrying a run whose step already created a
  // conversation would create a second one.
  return {200, reply};
}

}  // namespace wf
