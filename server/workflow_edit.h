// Editing workflow files for the editor: adding a step to a definition while
// keeping everything already written (comments, order, quoting) as it is, and
// saving a file atomically. The caller validates the new text (with
// LoadWorkflowText) before it saves it. Pure functions; thread-safe
// (saving goes through base/atomic_file.h).
#ifndef WF_SERVER_WORKFLOW_EDIT_H_
#define WF_SERVER_WORKFLOW_EDIT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace wf {

// A step as the editor sends it, in the order it was written:
// {"id", "task", "if"?, "with"?, "set"?}.
using OrderedJson = nlohmann::ordered_json;

// The step as a YAML block mapping, not indented, ending with a newline:
//   id: open_conversation
//   task: intercom.create_conversation
//   with:
//     body: "Hi"
// Strings that YAML would read as something else (numbers, booleans, null,
// "2.12"), strings with `${` and empty strings are double-quoted; text with
// line breaks becomes a literal block. Fails when `step` is not an object or
// has no id or task.
Result<std::string> StepYaml(const OrderedJson& step);

// `text` with `step_yaml` (from StepYaml) appended as the last item of its
// top-level `steps:` block sequence, indented like the items already there.
// `steps: []` becomes a block sequence; a file without `steps:` gets one at
// the end. Fails (kInvalid) when `steps:` is written in flow style.
Result<std::string> AppendStepText(const std::string& text, const std::string& step_yaml);

// A new workflow file named `name` holding one step.
std::string NewWorkflowText(const std::string& name, const std::string& step_yaml);

}  // namespace wf

#endif  // WF_SERVER_WORKFLOW_EDIT_H_
