#include "engine/task_registry.h"

#include "engine/builtin_tasks.h"
#include "engine/plugin_loader.h"

namespace wf {

TaskRegistry::TaskRegistry() {
  AddBuiltin(MakeHttpTask());
  AddBuiltin(MakeSetTask());
}

void TaskRegistry::AddBuiltin(std::shared_ptr<const TaskType> task) {
  tasks_[task->id()] = std::move(task);
}

std::unique_ptr<TaskRegistry> TaskRegistry::Load(const std::vector<std::string>& folders) {
  auto registry = std::make_unique<TaskRegistry>();
  ManifestScan scan = FindManifests(folders);
  registry->problems_ = scan.problems;
  for (const Manifest& manifest : scan.manifests) {
    Status status = registry->AddPlugin(manifest);
    if (!status.ok()) registry->problems_.push_back(status);
  }
  return registry;
}

Status TaskRegistry::AddPlugin(const Manifest& manifest) {
  manifests_.push_back(manifest);
  for (const ManifestTask& task : manifest.tasks) {
    auto existing = tasks_.find(task.id);
    if (existing != tasks_.end()) {
      Status refused = Status::Invalid("plugin '" + manifest.name + "' (" + manifest.path +
                                       "): task '" + task.id + "' is already registered by " +
                                       (existing->second->source() == "built-in"
                                            ? std::string("the built-in tasks")
                                            : "plugin '" + existing->second->source() + "'"));
      // Its other tasks are unavailable for that reason, not unknown.
      for (const ManifestTask& other : manifest.tasks) {
        if (tasks_.count(other.id) == 0) unavailable_[other.id] = refused.message();
      }
      return refused;
    }
  }
  Result<std::shared_ptr<LoadedPlugin>> plugin = LoadPlugin(manifest);
  if (!plugin.ok()) {
    for (const ManifestTask& task : manifest.tasks) unavailable_[task.id] = plugin.status().message();
    return plugin.status();
  }
  for (std::shared_ptr<const TaskType>& task : TasksOf(*plugin)) {
    unavailable_.erase(task->id());
    tasks_[task->id()] = std::move(task);
  }
  plugins_.push_back(*plugin);
  return Status::Ok();
}

const TaskType* TaskRegistry::Find(const std::string& id) const {
  auto found = tasks_.find(id);
  return found == tasks_.end() ? nullptr : found->second.get();
}

std::string TaskRegistry::Missing(const std::string& id) const {
  auto reason = unavailable_.find(id);
  if (reason != unavailable_.end()) return "task '" + id + "' is unavailable: " + reason->second;
  return "unknown task '" + id + "'";
}

std::vector<const TaskType*> TaskRegistry::List() const {
  std::vector<const TaskType*> list;
  for (const auto& [id, task] : tasks_) list.push_back(task.get());
  return list;
}

}  // namespace wf
