// Load-time checks of one step's values: literal values against the task's
// field schema (unknown fields, required fields, allowed values, types), and
// every `${...}` against what the step may see (declared inputs, variables
// set by earlier steps, earlier steps).
#ifndef WF_ENGINE_STEP_CHECKS_H_
#define WF_ENGINE_STEP_CHECKS_H_

#include <set>
#include <string>
#include <vector>

#include "base/json.h"
#include "engine/workflow.h"
#include "engine/yaml_json.h"

namespace wf {

// What references may name at one place in a workflow.
struct ReferenceScope {
  std::set<std::string> inputs;          // declared inputs
  std::set<std::string> variables;       // set by the steps before (or any, for outputs)
  std::set<std::string> earlier_steps;   // may be referenced
  std::set<std::string> later_steps;     // exist, but run later (or are this step)
  std::string self;                      // the step being checked, "" for outputs
  bool self_allowed = false;             // true inside `set:`
};

// Appends "file:line:col: what" for every bad reference inside `raw` (the
// value as written), whose source path is `path`.
void CheckReferences(const Json& raw, const std::string& path, const ReferenceScope& scope,
                     const SourceMap& map, std::vector<std::string>* problems);

// Adds template defaults (such as "${workflow.secrets.INTERCOM_ACCESS_TOKEN}")
// that `with` does not set, from the task's description.
void AddTemplateDefaults(const Json& description, Json* with);

// Checks the literal parts of `with` against the task's fields. `path` is the
// source path of `with`; messages start with "step 'ID': ".
void CheckStepFields(const Step& step, const Json& description, const Json& with,
                     const std::string& path, const SourceMap& map,
                     std::vector<std::string>* problems);

}  // namespace wf

#endif  // WF_ENGINE_STEP_CHECKS_H_
