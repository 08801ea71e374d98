// The workflow model: what a YAML definition says, checked and with every
// expression parsed, ready to run any number of times. Immutable once loaded;
// thread-safe to share between runs.
#ifndef WF_ENGINE_WORKFLOW_H_
#define WF_ENGINE_WORKFLOW_H_

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "engine/expression.h"
#include "engine/retry_policy.h"
#include "engine/task.h"

namespace wf {

struct InputDecl {
  std::string name;
  std::string type = "string";  // string, integer, number, boolean, object, array, any
  bool required = false;
  std::optional<Json> default_value;
  std::string description;
  std::string where;  // "file:line:col"
};

struct Step {
  std::string id;
  std::string task_id;
  const TaskType* task = nullptr;  // owned by the TaskRegistry, which outlives the workflow
  ValueTemplate with;
  std::optional<ValueTemplate> condition;  // `if:`
  std::vector<std::pair<std::string, ValueTemplate>> set;
  bool continue_on_error = false;
  RetryPolicy retry;
  int connect_timeout_ms = 0;  // `timeout: {connect, read}`; 0 = the request's or the client's default
  int read_timeout_ms = 0;
  std::string where;
};

struct Workflow {
  std::string file;
  std::string name;
  std::string description;
  std::vector<InputDecl> inputs;
  std::vector<Step> steps;
  std::vector<std::pair<std::string, ValueTemplate>> outputs;

  const InputDecl* FindInput(const std::string& name) const;
  const Step* FindStep(const std::string& id) const;
};

// Checks `value` against a declared input type; "" when it fits, else what is
// wrong ("is 'abc'; allowed: an integer").
std::string CheckInputType(const std::string& type, const Json& value);

// Converts command-line text to the declared type: text stays text for
// `string`; other types are read as a YAML scalar or flow value.
Result<Json> InputFromText(const InputDecl& input, const std::string& text);

}  // namespace wf

#endif  // WF_ENGINE_WORKFLOW_H_
