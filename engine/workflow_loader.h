// Loads a YAML workflow definition into a checked Workflow: unknown keys,
// missing ids or tasks, duplicate step ids, unknown tasks, inputs of the wrong
// type, malformed expressions, references to undeclared inputs or to later or
// unknown steps, and literal values a task's fields do not allow. Every
// problem is reported in one pass, one per line, each as "file:line:col: what".
#ifndef WF_ENGINE_WORKFLOW_LOADER_H_
#define WF_ENGINE_WORKFLOW_LOADER_H_

#include <string>

#include "base/status.h"
#include "engine/task_registry.h"
#include "engine/workflow.h"

namespace wf {

// `registry` must outlive the returned workflow (steps point at its tasks).
Result<Workflow> LoadWorkflowFile(const std::string& path, const TaskRegistry& registry);
Result<Workflow> LoadWorkflowText(const std::string& text, const std::string& file,
                                  const TaskRegistry& registry);

}  // namespace wf

#endif  // WF_ENGINE_WORKFLOW_LOADER_H_
