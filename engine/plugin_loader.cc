#include "engine/plugin_loader.h"

#include <dlfcn.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <set>

#include "http/http_client.h"
#include "wf/json_text.hpp"
#include "wf/plugin.h"

namespace wf {

class LoadedPlugin {
 public:
  LoadedPlugin(void* handle, const Manifest& manifest) : handle_(handle), manifest_(manifest) {}
  ~LoadedPlugin() {
    if (handle_ != nullptr) dlclose(handle_);
  }
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  void* handle_;
  Manifest manifest_;
  wf_plugin table_{};                // copied: min(struct_size, sizeof) into zeroes
  std::vector<wf_task> tasks_;       // likewise
};

namespace {

// The sizes of ABI 1.0's structs: anything shorter cannot hold what we call.
constexpr size_t kMinPluginSize = offsetof(wf_plugin, free_string) + sizeof(void (*)(char*));
constexpr size_t kMinTaskSize = offsetof(wf_task, user_data) + sizeof(const void*);

std::string Who(const Manifest& manifest) {
  return "plugin '" + manifest.name + "' (" + manifest.library + ")";
}

std::string Version(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// A plugin-owned string turned into a std::string and released by the plugin.
std::string TakeString(const wf_plugin& table, char* text) {
  if (text == nullptr) return "";
  std::string copy = text;
  if (table.free_string != nullptr) table.free_string(text);
  return copy;
}

// The headers of the kept answer ({lower-case name: first value}) as JSON text.
void AppendHeaders(const Json& response, std::string* text) {
  auto headers = response.is_object() ? response.find("headers") : response.end();
  if (headers != response.end() && headers->is_object()) {
    json_text::Append(*headers, text);
  } else {
    text->append("{}");
  }
}

// {"status", "headers", "body": raw text}: interpret's response in ABI 1.0.
std::string ResponseText(const HttpResponse& raw, const Json& response) {
  std::string text;
  text.reserve(raw.body.size() + 64 * raw.headers.size() + 64);
  text += R"({"status":)";
  text += std::to_string(raw.status);
  text += R"(,"headers":)";
  AppendHeaders(response, &text);
  text += R"(,"body":)";
  json_text::AppendString(raw.body, &text);
  text += '}';
  return text;
}

// {"status", "headers"}: interpret_buffers' response head in ABI 1.1.
std::string ResponseHead(const HttpResponse& raw, const Json& response) {
  std::string text;
  text.reserve(64 * raw.headers.size() + 32);
  text += R"({"status":)";
  text += std::to_string(raw.status);
  text += R"(,"headers":)";
  AppendHeaders(response, &text);
  text += '}';
  return text;
}

// {"method", "url"}: interpret_buffers' request head in ABI 1.1.
std::string RequestHead(const Json& request) {
  std::string text;
  text.reserve(128);
  text += R"({"method":)";
  auto method = request.find("method");
  json_text::Append(method != request.end() ? *method : Json("GET"), &text);
  text += R"(,"url":)";
  auto url = request.find("url");
  json_text::Append(url != request.end() ? *url : Json(""), &text);
  text += '}';
  return text;
}

// The body as valid UTF-8: `body` itself when it is, else a copy with each
// invalid sequence replaced by U+FFFD (what a JSON string of it would hold).
std::string_view Utf8Body(const std::string& body, std::string* repaired) {
  if (json_text::IsValidUtf8(body)) return body;
  *repaired = json_text::RepairUtf8(body);
  return *repaired;
}

// The body a prepared request sends: its body_text as it is, or its JSON
// body written compactly (into `*written`).
std::string_view SentBody(const Json& request, std::string* written) {
  auto text = request.find("body_text");
  if (text != request.end() && text->is_string()) return text->get_ref<const std::string&>();
  auto body = request.find("body");
  if (body != request.end() && !body->is_null()) json_text::Append(*body, written);
  return *written;
}

wf_text TextOf(std::string_view bytes) {
  static const char kEmpty[] = "";
  return wf_text{sizeof(wf_text), 0, bytes.empty() ? kEmpty : bytes.data(), bytes.size()};
}

class PluginTask : public TaskType {
 public:
  PluginTask(std::shared_ptr<LoadedPlugin> plugin, const wf_task* task, Json description)
      : plugin_(std::move(plugin)), task_(task), id_(task->id), title_(task->title),
        description_(std::move(description)) {}

  const std::string& id() const override { return id_; }
  const std::string& title() const override { return title_; }
  const std::string& source() const override { return plugin_->manifest_.name; }
  bool SharesRateLimit() const override { return true; }
  const Json& Describe() const override { return description_; }

  Json Prepare(const Json& inputs) const override {
    std::string text = json_text::Write(inputs);
    if (task_->prepare_buffers == nullptr) return Answer("prepare", task_->prepare(task_, text.c_str()), "errors");
    // ABI 1.1: the body comes in a buffer of its own, sent as it is.
    wf_text body{sizeof(wf_text), 0, nullptr, 0};
    Json answer = Answer("prepare", task_->prepare_buffers(task_, text.c_str(), &body), "errors");
    if (body.data != nullptr) {
      auto request = answer.find("request");
      if (request != answer.end() && request->is_object()) {
        (*request)["body_text"] = std::string(body.data, body.size);
        request->erase("body");
      }
      plugin_->table_.free_string(const_cast<char*>(body.data));
    }
    return answer;
  }

  Json Interpret(const Json& request, const HttpResponse& raw, Json response) const override {
    Json interpreted = Answer("interpret", CallInterpret(request, raw, response), "error");
    // The host, not the plugin, says what arrived.
    for (const char* key : {"outputs", "error"}) {
      auto found = interpreted.find(key);
      if (found != interpreted.end() && found->is_object()) {
        (*found)["response"] = std::move(response);
        break;
      }
    }
    return interpreted;
  }

 private:
  // ABI 1.1: each body in its own buffer; ABI 1.0: inside the JSON texts. The
  // request crosses without its headers either way: the token need not cross
  // twice.
  char* CallInterpret(const Json& request, const HttpResponse& raw, const Json& response) const {
    if (task_->interpret_buffers != nullptr) {
      std::string request_head = RequestHead(request);
      std::string response_head = ResponseHead(raw, response);
      std::string written;
      std::string repaired;
      wf_text request_body = TextOf(SentBody(request, &written));
      wf_text response_body = TextOf(Utf8Body(raw.body, &repaired));
      return task_->interpret_buffers(task_, request_head.c_str(), &request_body, response_head.c_str(),
                                      &response_body);
    }
    std::string request_text;
    request_text.reserve(512);
    json_text::AppendObjectWithout(request, "headers", &request_text);
    std::string response_text = ResponseText(raw, response);
    return task_->interpret(task_, request_text.c_str(), response_text.c_str());
  }

  // Parses what the plugin returned; a broken answer becomes an error in the
  // shape the caller expects, never an exception.
  Json Answer(const char* function, char* raw, const char* error_key) const {
    Json parsed;
    bool ok = raw != nullptr && TryParseJson(raw, &parsed) && parsed.is_object();
    plugin_->table_.free_string(raw);  // checked non-NULL at load
    if (ok) return parsed;
    Json error = {{"path", ""}, {"kind", "plugin"},
                  {"message", "plugin '" + source() + "' returned no valid JSON from " +
                                  function + " for task '" + id_ + "'"}};
    if (std::strcmp(error_key, "errors") == 0) return Json{{"errors", Json::array({error})}};
    return Json{{error_key, error}};
  }

  std::shared_ptr<LoadedPlugin> plugin_;
  const wf_task* task_;
  std::string id_;
  std::string title_;
  Json description_;
};

Status CheckTable(const Manifest& manifest, const wf_plugin* raw, LoadedPlugin* plugin) {
  if (raw == nullptr) return Status::Invalid(Who(manifest) + ": wf_plugin_entry returned NULL");
  if (raw->struct_size < kMinPluginSize) {
    return Status::Invalid(Who(manifest) + ": wf_plugin struct is " +
                           std::to_string(raw->struct_size) + " bytes; ABI 1.0 needs at least " +
                           std::to_string(kMinPluginSize));
  }
  uint32_t major = WF_ABI_MAJOR_OF(raw->abi_version);
  uint32_t minor = WF_ABI_MINOR_OF(raw->abi_version);
  if (major != WF_ABI_VERSION_MAJOR || minor > WF_ABI_VERSION_MINOR) {
    return Status::Invalid(Who(manifest) + ": built for plugin ABI " + Version(major, minor) +
                           "; this wf supports ABI " +
                           Version(WF_ABI_VERSION_MAJOR, WF_ABI_VERSION_MINOR) +
                           " (same major, minor up to " + std::to_string(WF_ABI_VERSION_MINOR) + ")");
  }
  std::memcpy(&plugin->table_, raw, std::min<size_t>(raw->struct_size, sizeof(wf_plugin)));
  const wf_plugin& table = plugin->table_;
  if (table.name == nullptr || table.version == nullptr || table.free_string == nullptr ||
      (table.task_count > 0 && table.tasks == nullptr)) {
    return Status::Invalid(Who(manifest) + ": its wf_plugin table has NULL members");
  }
  if (manifest.abi_major != major || manifest.abi_minor != minor) {
    return Status::Invalid(Who(manifest) + ": the manifest says ABI " +
                           Version(manifest.abi_major, manifest.abi_minor) +
                           " but the library was built for " + Version(major, minor));
  }
  if (manifest.name != table.name) {
    return Status::Invalid(Who(manifest) + ": the library calls itself '" +
                           std::string(table.name) + "', the manifest '" + manifest.name + "'");
  }
  if (manifest.version != table.version) {
    return Status::Invalid(Who(manifest) + ": the library is version " + table.version +
                           ", the manifest says " + manifest.version);
  }
  return Status::Ok();
}

Status CheckTasks(const Manifest& manifest, LoadedPlugin* plugin) {
  const wf_plugin& table = plugin->table_;
  std::set<std::string> declared, registered;
  for (const ManifestTask& task : manifest.tasks) declared.insert(task.id);
  for (size_t i = 0; i < table.task_count; ++i) {
    const wf_task* raw = table.tasks[i];
    if (raw == nullptr || raw->struct_size < kMinTaskSize) {
      return Status::Invalid(Who(manifest) + ": task table " + std::to_string(i) +
                             " is missing or shorter than ABI 1.0's wf_task");
    }
    wf_task task{};
    std::memcpy(&task, raw, std::min<size_t>(raw->struct_size, sizeof(wf_task)));
    if (task.id == nullptr || task.title == nullptr || task.describe == nullptr ||
        task.prepare == nullptr || task.interpret == nullptr) {
      return Status::Invalid(Who(manifest) + ": task table " + std::to_string(i) +
                             " has NULL members");
    }
    if (!registered.insert(task.id).second) {
      return Status::Invalid(Who(manifest) + ": registers task '" + std::string(task.id) + "' twice");
    }
    if (declared.count(task.id) == 0) {
      return Status::Invalid(Who(manifest) + ": registers task '" + std::string(task.id) +
                             "', which its manifest does not declare");
    }
    plugin->tasks_.push_back(task);
  }
  for (const std::string& id : declared) {
    if (registered.count(id) == 0) {
      return Status::Invalid(Who(manifest) + ": its manifest declares task '" + id +
                             "', which the library does not register");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<LoadedPlugin>> LoadPlugin(const Manifest& manifest) {
  std::error_code ec;
  if (!std::filesystem::exists(manifest.library, ec)) {
    return Status::NotFound(Who(manifest) + ": library not found (manifest " + manifest.path + ")");
  }
  void* handle = dlopen(manifest.library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    return Status::Invalid(Who(manifest) + ": cannot load: " + (reason ? reason : "unknown error"));
  }
  auto plugin = std::make_shared<LoadedPlugin>(handle, manifest);
  void* symbol = dlsym(handle, WF_PLUGIN_ENTRY_SYMBOL);
  if (symbol == nullptr) {
    return Status::Invalid(Who(manifest) + ": does not export " WF_PLUGIN_ENTRY_SYMBOL);
  }
  auto entry = reinterpret_cast<wf_plugin_entry_fn>(symbol);
  Status status = CheckTable(manifest, entry(), plugin.get());
  if (status.ok()) status = CheckTasks(manifest, plugin.get());
  if (!status.ok()) return status;
  return plugin;
}

std::vector<std::shared_ptr<const TaskType>> TasksOf(const std::shared_ptr<LoadedPlugin>& plugin) {
  std::vector<std::shared_ptr<const TaskType>> tasks;
  for (const wf_task& task : plugin->tasks_) {
    std::string text = TakeString(plugin->table_, task.describe(&task));
    Json description;
    if (!TryParseJson(text, &description) || !description.is_object()) {
      description = Json{{"id", task.id}, {"title", task.title},
                         {"error", "the plugin returned no valid description"}};
    }
    tasks.push_back(std::make_shared<PluginTask>(plugin, &task, std::move(description)));
  }
  return tasks;
}

}  // namespace wf
