// Header-only C++ helpers for wf plugin authors.
//
// A plugin author derives from wf::plugin::Task, implements Describe, Prepare and
// Interpret on nlohmann::json values, and lists the tasks once:
//
//   static const CreateConversation kCreateConversation;
//   WF_DEFINE_PLUGIN("intercom", "0.1.0", &kCreateConversation)
//
// The macro defines the exported C entry point and the C thunks around each task.
// The thunks catch every exception and turn it into a JSON error document, so no
// exception crosses the ABI; strings returned to the host are malloc'ed here and
// freed by this plugin's free_string. Task objects must be immutable: the host
// may call them from several threads.
#ifndef WF_PLUGIN_HPP_
#define WF_PLUGIN_HPP_

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "wf/json_text.hpp"
#include "wf/plugin.h"

namespace wf::plugin {

using Json = nlohmann::json;

// The host's JSON text as a value. The fast reader accepts what nlohmann does;
// when it refuses, nlohmann reads the text again to throw its own detailed error.
inline Json ParseInput(const char* text) {
  Json value;
  if (text != nullptr && json_text::Parse(text, &value)) return value;
  return Json::parse(text != nullptr ? text : "null");
}

// A JSON argument read only when value() is first called; from host text, or
// an already-parsed value (tests). value() throws as ParseInput does. Not
// thread-safe: one call, one thread.
class LazyJson {
 public:
  explicit LazyJson(const char* text) : text_(text) {}
  LazyJson(const Json& parsed) : ready_(&parsed) {}  // NOLINT: implicit on purpose

  const Json& value() const {
    if (ready_ == nullptr) {
      parsed_ = ParseInput(text_);
      ready_ = &parsed_;
    }
    return *ready_;
  }

 private:
  const char* text_ = nullptr;
  mutable Json parsed_;
  mutable const Json* ready_ = nullptr;
};

class Task {
 public:
  virtual ~Task() = default;
  virtual const char* Id() const = 0;
  virtual const char* Title() const = 0;
  // The static description (see plugin.h, wf_task.describe).
  virtual Json Describe() const = 0;
  // {"request": {...}} or {"errors": [...]} (see plugin.h, wf_task.prepare).
  virtual Json Prepare(const Json& inputs) const = 0;
  // {"outputs": {...}} or {"error": {...}} (see plugin.h, wf_task.interpret).
  virtual Json Interpret(const Json& request, const Json& response) const = 0;
  // What the plugin's interpret calls: Interpret, with the request parsed
  // first. A task that reads the request only now and then (say, for the
  // message of a failure) overrides this instead, so a success parses less.
  virtual Json InterpretLazily(const LazyJson& request, const Json& response) const {
    return Interpret(request.value(), response);
  }
  // The answers as the JSON text that crosses the ABI. By default they write
  // what Prepare and InterpretLazily return; a task may write its common case
  // directly instead, building no Json tree on the per-step path, as long as
  // the text is the same (exceptions are caught as for the others).
  virtual std::string PrepareAnswer(const Json& inputs) const { return json_text::Write(Prepare(inputs)); }
  virtual std::string InterpretAnswer(const LazyJson& request, const char* response_json) const {
    return json_text::Write(InterpretLazily(request, ParseInput(response_json)));
  }
};

namespace detail {

// Copies text into a malloc'ed buffer the host hands back to FreeString.
inline char* CopyOut(const std::string& text) noexcept {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out != nullptr) std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

inline void FreeString(char* text) noexcept { std::free(text); }

inline const Task& TaskOf(const wf_task* self) noexcept {
  return *static_cast<const Task*>(self->user_data);
}

// Runs `body`, which returns JSON text; any exception becomes an error
// document under `error_key`, so that the host always gets well-formed JSON.
template <typename Body>
char* Guarded(const char* error_key, Body body) noexcept {
  try {
    return CopyOut(body());
  } catch (const std::exception& e) {
    try {
      Json error = {{"message", std::string("plugin failed: ") + e.what()},
                    {"kind", "plugin"}, {"path", ""}};
      // replace: a parse error's text may quote the invalid bytes it met.
      const auto replace = Json::error_handler_t::replace;
      if (std::strcmp(error_key, "errors") == 0) {
        return CopyOut(Json{{"errors", Json::array({error})}}.dump(-1, ' ', false, replace));
      }
      return CopyOut(Json{{error_key, error}}.dump(-1, ' ', false, replace));
    } catch (...) {
      return nullptr;
    }
  } catch (...) {
    return nullptr;
  }
}

inline char* DescribeThunk(const wf_task* self) noexcept {
  return Guarded("error", [&] { return json_text::Write(TaskOf(self).Describe()); });
}

inline char* PrepareThunk(const wf_task* self, const char* inputs_json) noexcept {
  return Guarded("errors", [&] { return TaskOf(self).PrepareAnswer(ParseInput(inputs_json)); });
}

inline char* InterpretThunk(const wf_task* self, const char* request_json,
                            const char* response_json) noexcept {
  return Guarded("error", [&] { return TaskOf(self).InterpretAnswer(LazyJson(request_json), response_json); });
}

// The tables the entry point returns; built once, on the first call.
template <size_t N>
struct Registry {
  wf_task task_tables[N];
  const wf_task* task_pointers[N];
  wf_plugin plugin;

  Registry(const char* name, const char* version, const Task* const (&tasks)[N]) noexcept {
    for (size_t i = 0; i < N; ++i) {
      task_tables[i] = wf_task{sizeof(wf_task), 0,          tasks[i]->Id(),
                               tasks[i]->Title(), &DescribeThunk, &PrepareThunk,
                               &InterpretThunk,   tasks[i]};
      task_pointers[i] = &task_tables[i];
    }
    plugin = wf_plugin{sizeof(wf_plugin), WF_ABI_VERSION_CURRENT, name, version, N,
                       task_pointers, &FreeString};
  }
};

}  // namespace detail
}  // namespace wf::plugin

// Defines the plugin's exported entry point over a list of `const Task*`.
#define WF_DEFINE_PLUGIN(NAME, VERSION, ...)                                          \
  extern "C" WF_PLUGIN_EXPORT const wf_plugin* wf_plugin_entry(void) {               \
    static const ::wf::plugin::Task* const kTasks[] = {__VA_ARGS__};                  \
    static const ::wf::plugin::detail::Registry<sizeof(kTasks) / sizeof(kTasks[0])> \
        kRegistry(NAME, VERSION, kTasks);                                             \
    return &kRegistry.plugin;                                                         \
  }

#endif  // WF_PLUGIN_HPP_
