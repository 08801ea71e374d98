// TaskRegistry: every task the host can run, by id: the built-in tasks and the
// tasks of every plugin found through the manifests. Plugins that fail to load
// are remembered with their reason, so that a workflow naming one of their
// tasks gets that reason instead of "unknown task". Read-only after loading,
// then thread-safe.
#ifndef WF_ENGINE_TASK_REGISTRY_H_
#define WF_ENGINE_TASK_REGISTRY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "engine/manifest.h"
#include "engine/task.h"

namespace wf {

class LoadedPlugin;

class TaskRegistry {
 public:
  // The built-in tasks (http, set) only.
  TaskRegistry();

  // Built-ins plus every plugin whose manifest lies in `folders`
  // (PluginSearchPath() by default). Never fails: problems are collected.
  static std::unique_ptr<TaskRegistry> Load(const std::vector<std::string>& folders);
  static std::unique_ptr<TaskRegistry> LoadDefault() { return Load(PluginSearchPath()); }

  // Loads one plugin. Refuses a task id that is already registered, naming both
  // plugins; on refusal nothing of that plugin is registered.
  Status AddPlugin(const Manifest& manifest);

  // nullptr when there is no such task.
  const TaskType* Find(const std::string& id) const;

  // "unknown task 'x'", or "task 'x' is unavailable: <why its plugin was refused>".
  std::string Missing(const std::string& id) const;

  std::vector<const TaskType*> List() const;
  const std::vector<Manifest>& manifests() const { return manifests_; }
  const std::vector<Status>& problems() const { return problems_; }

 private:
  void AddBuiltin(std::shared_ptr<const TaskType> task);

  std::map<std::string, std::shared_ptr<const TaskType>> tasks_;
  std::map<std::string, std::string> unavailable_;  // task id -> reason
  std::vector<Manifest> manifests_;
  std::vector<Status> problems_;
  std::vector<std::shared_ptr<LoadedPlugin>> plugins_;
};

}  // namespace wf

#endif  // WF_ENGINE_TASK_REGISTRY_H_
