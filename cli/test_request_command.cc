// wf test-request TASK: run one task once, outside any workflow, and show the
// request it sent (redacted), a curl equivalent, the answer and the outputs.
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/embedded_sandbox.h"
#include "engine/test_request.h"
#include "engine/yaml_json.h"

namespace wf::cli {

const char kTestRequestUsage[] =
    "usage: wf test-request TASK [--with k=v]... [--with-file F] [--stand-ins F] [--dry-run]\n"
    "                            [--sandbox] [--secrets-file F] [--json]\n"
    "  k is a dotted path such as from.type; v is text for a string field, else read as YAML:\n"
    "  10 is a number, [a, b] a list\n";

namespace {


Result<Json> GatherWith(const Flags& flags, const TaskType& task) {
  Json with = Json::object();
  if (flags.Has("with-file")) {
    Result<Json> file = YamlFileToJson(flags.Get("with-file"), nullptr);
    if (!file.ok()) return file.status();
    if (!file->is_object()) return Status::Invalid(flags.Get("with-file") + ": must be a YAML mapping");
    with = *file;
  }
  for (const std::string& pair : flags.All("with")) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Invalid("--with '" + pair + "' must look like path=value");
    }
    std::string path = pair.substr(0, eq);
    Result<Json> value = ReadWithValue(task.Describe(), path, pair.substr(eq + 1), "--with " + path);
    if (!value.ok()) return value.status();
    Status set = SetDotted(&with, path, *value);
    if (!set.ok()) return set;
  }
  return with;
}

void PrintSection(const char* title, const std::string& body) {
  std::printf("%s\n", title);
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::printf("  %s\n", body.substr(start, end - start).c_str());
    start = end + 1;
  }
}

void PrintHuman(const Json& result) {
  if (!result["sandbox"].is_null()) {
    std::printf("Using the built-in sandbox at %s (not a real Intercom workspace)\n\n",
                Plain(result["sandbox"]).c_str());
  }
  for (const Json& warning : result["warnings"]) {
    std::printf("warning: %s\n", Plain(warning.value("message", Json(""))).c_str());
  }
  if (!result["errors"].empty()) {
    std::printf("The inputs are not valid; nothing was sent:\n");
    for (const Json& e : result["errors"]) std::printf("  - %s\n", Plain(e.value("message", Json(""))).c_str());
    return;
  }
  if (result["request"].is_object()) {
    const Json& request = result["request"];
    std::string text = Plain(request["method"]) + " " + Plain(request["url"]);
    Json headers = request.value("headers", Json::object());
    for (const auto& [name, value] : headers.items()) {
      text += "\n" + name + ": " + Plain(value);
    }
    if (request.contains("body")) text += "\n\n" + DumpJson(request["body"], 2);
    if (request.contains("body_text")) text += "\n\n" + Plain(request["body_text"]);
    PrintSection(result["dry_run"].get<bool>() ? "Request (dry run: not sent)" : "Request", text);
    PrintSection("\ncurl", Plain(result["curl"]));
  }
  if (result["response"].is_object()) {
    const Json& response = result["response"];
    std::string text = "HTTP " + DumpJson(response["status"]);
    for (const auto& [name, value] : response["headers"].items()) text += "\n" + name + ": " + Plain(value);
    text += "\n\n" + (response["body"].is_string() ? Plain(response["body"]) : DumpJson(response["body"], 2));
    PrintSection("\nResponse", text);
  }
  if (result["outputs"].is_object()) {
    std::string text;
    for (const auto& [name, value] : result["outputs"].items()) {
      if (name == "response") continue;
      text += (text.empty() ? "" : "\n") + name + ": " + Plain(value);
    }
    PrintSection("\nOutputs", text);
  }
  if (result["error"].is_object()) {
    std::printf("\nError: %s\n", Plain(result["error"].value("message", Json(""))).c_str());
  }
  std::printf("\nElapsed: %.1f ms\n", result.value("elapsed_ms", 0.0));
}

}  // namespace

int TestRequestCommand(const Args& args) {
  Flags flags;
  std::string error;
  if (!ParseFlags(args, {"with", "with-file", "secrets-file", "stand-ins"}, {"dry-run", "sandbox", "json"},
                  &flags, &error)) {
    return Usage(error, kTestRequestUsage);
  }
  if (flags.positional.size() != 1) return Usage("test-request needs exactly one task id", kTestRequestUsage);
  std::unique_ptr<TaskRegistry> registry = LoadRegistry();
  const TaskType* task = registry->Find(flags.positional[0]);
  if (task == nullptr) return Fail(Status::NotFound(registry->Missing(flags.positional[0])));
  Result<Json> with = GatherWith(flags, *task);
  if (!with.ok()) return Fail(with.status());
  Result<Secrets> secrets = LoadSecrets(flags);
  if (!secrets.ok()) return Fail(secrets.status());
  TestRequestOptions options;
  options.dry_run = flags.Has("dry-run");
  options.secrets = &*secrets;
  if (flags.Has("stand-ins")) {
    Result<Json> stand_ins = YamlFileToJson(flags.Get("stand-ins"), nullptr);
    if (!stand_ins.ok()) return Fail(stand_ins.status());
    options.stand_ins = *stand_ins;
  }
  std::unique_ptr<EmbeddedSandbox> sandbox;
  if (flags.Has("sandbox")) {
    Result<std::unique_ptr<EmbeddedSandbox>> started = EmbeddedSandbox::Start();
    if (!started.ok()) return Fail(started.status());
    sandbox = std::move(*started);
    secrets->Hide(sandbox->token());
    options.overrides.push_back(sandbox->Override());
    options.sandbox_url = sandbox->base_url();
  }
  HttpClient client;
  options.client = &client;
  Json result = secrets->redactor().Redact(RunTestRequest(*registry, flags.positional[0], *with, options));
  if (flags.Has("json")) {
    std::printf("%s\n", DumpJson(result, 2).c_str());
  } else {
    PrintHuman(result);
  }
  return TestRequestExitCode(result);
}

}  // namespace wf::cli
