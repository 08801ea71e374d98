#include "engine/workflow_loader.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <regex>
#include <set>

#include "engine/retry_parse.h"
#include "engine/step_checks.h"
#include "engine/yaml_json.h"

namespace wf {
namespace {

const std::set<std::string> kTopKeys = {"name", "description", "inputs", "steps", "outputs", "version"};
const std::set<std::string> kStepKeys = {"id",  "task",  "with",  "set", "if", "continue_on_error",
                                         "retry", "timeout", "description", "name"};
const std::set<std::string> kInputKeys = {"type", "required", "default", "description"};
const std::set<std::string> kInputTypes = {"string", "integer", "number", "boolean",
                                           "object", "array",   "any"};

std::string Join(const std::set<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

class Loader {
 public:
  Loader(const TaskRegistry& registry, const SourceMap& map) : registry_(registry), map_(map) {}

  Result<Workflow> Load(const Json& root) {
    workflow_.file = map_.file;
    if (!root.is_object()) {
      return Status::Invalid(map_.Where("") + ": a workflow must be a mapping with name and steps");
    }
    CheckKeys(root, "", kTopKeys, "the workflow");
    ReadHeader(root);
    ReadInputs(root);
    ReadSteps(root);
    ReadOutputs(root);
    if (!problems_.empty()) {
      SortByPosition(&problems_);
      std::string message;
      for (const std::string& problem : problems_) message += (message.empty() ? "" : "\n") + problem;
      return Status::Invalid(message);
    }
    return std::move(workflow_);
  }

 private:
  // Problems in reading order: by the "line:col" after the file name.
  void SortByPosition(std::vector<std::string>* problems) const {
    auto position = [&](const std::string& problem) {
      int line = 0, column = 0;
      if (problem.compare(0, map_.file.size() + 1, map_.file + ":") == 0) {
        std::sscanf(problem.c_str() + map_.file.size() + 1, "%d:%d", &line, &column);
      }
      return std::make_pair(line, column);
    };
    std::stable_sort(problems->begin(), problems->end(),
                     [&](const std::string& a, const std::string& b) { return position(a) < position(b); });
  }

  // The keys of a mapping in the order the file writes them (JSON objects
  // sort their keys), so that inputs, `set:` and outputs keep that order.
  std::vector<std::string> KeysInFileOrder(const Json& object, const std::string& path) const {
    std::vector<std::pair<size_t, std::string>> keyed;
    for (const auto& [key, value] : object.items()) {
      auto found = map_.key_positions.find(path.empty() ? key : path + "." + key);
      keyed.emplace_back(found == map_.key_positions.end() ? SIZE_MAX : found->second.offset, key);
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> keys;
    for (auto& [offset, key] : keyed) keys.push_back(std::move(key));
    return keys;
  }

  void Problem(const std::string& path, const std::string& what) {
    problems_.push_back(map_.Where(path) + ": " + what);
  }

  void CheckKeys(const Json& object, const std::string& path, const std::set<std::string>& allowed,
                 const std::string& what) {
    for (const auto& [key, value] : object.items()) {
      if (allowed.count(key) == 0) {
        problems_.push_back(map_.WhereKey(path.empty() ? key : path + "." + key) + ": unknown key '" +
                            key + "' in " + what + "; allowed: " + Join(allowed));
      }
    }
  }

  void ReadHeader(const Json& root) {
    if (!root.contains("name") || !root["name"].is_string() || root["name"].get<std::string>().empty()) {
      Problem(root.contains("name") ? "name" : "", "the workflow needs a name (a non-empty text)");
    } else {
      workflow_.name = root["name"].get<std::string>();
    }
    if (root.contains("description")) {
      if (root["description"].is_string()) {
        workflow_.description = root["description"].get<std::string>();
      } else if (!root["description"].is_null()) {
        Problem("description", "description must be text");
      }
    }
  }

  void ReadInputs(const Json& root) {
    if (!root.contains("inputs") || root["inputs"].is_null()) return;
    const Json& inputs = root["inputs"];
    if (!inputs.is_object()) {
      Problem("inputs", "inputs must be a mapping of input names to {type, required, default}");
      return;
    }
    for (const std::string& name : KeysInFileOrder(inputs, "inputs")) {
      const Json& spec = inputs[name];
      std::string path = "inputs." + name;
      InputDecl input;
      input.name = name;
      input.where = map_.Where(path);
      if (!std::regex_match(name, kNamePattern)) {
        Problem(path, "input name '" + name + "' must start with a letter or _ and use letters, "
                      "digits, _ or -");
      }
      if (!spec.is_object() && !spec.is_null()) {
        Problem(path, "input '" + name + "' must be a mapping such as { type: string, required: true }");
        continue;
      }
      if (spec.is_object()) {
        CheckKeys(spec, path, kInputKeys, "input '" + name + "'");
        if (spec.contains("type")) {
          if (!spec["type"].is_string() || kInputTypes.count(spec["type"].get<std::string>()) == 0) {
            const Json& type = spec["type"];
            Problem(path + ".type", "input '" + name + "' has type " +
                                        (type.is_string() ? "'" + type.get<std::string>() + "'"
                                                          : DumpJson(type)) +
                                        "; allowed: " + Join(kInputTypes));
          } else {
            input.type = spec["type"].get<std::string>();
          }
        }
        if (spec.contains("required")) {
          if (!spec["required"].is_boolean()) {
            Problem(path + ".required", "required must be true or false");
          } else {
            input.required = spec["required"].get<bool>();
          }
        }
        if (spec.contains("default")) {
          std::string wrong = CheckInputType(input.type, spec["default"]);
          if (!wrong.empty()) {
            Problem(path + ".default", "the default of input '" + name + "' " + wrong);
          }
          input.default_value = spec["default"];
        }
        if (spec.contains("description") && spec["description"].is_string()) {
          input.description = spec["description"].get<std::string>();
        }
      }
      scope_.inputs.insert(name);
      workflow_.inputs.push_back(std::move(input));
    }
  }

  void ReadSteps(const Json& root) {
    if (!root.contains("steps") || !root["steps"].is_array() || root["steps"].empty()) {
      Problem(root.contains("steps") ? "steps" : "", "the workflow needs steps: a non-empty list");
      return;
    }
    const Json& steps = root["steps"];
    std::set<std::string> all_ids;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].is_object() && steps[i].contains("id") && steps[i]["id"].is_string()) {
        all_ids.insert(steps[i]["id"].get<std::string>());
      }
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < steps.size(); ++i) {
      std::string path = "steps[" + std::to_string(i) + "]";
      const Json& raw = steps[i];
      if (!raw.is_object()) {
        Problem(path, "a step must be a mapping with id and task");
        continue;
      }
      CheckKeys(raw, path, kStepKeys, "a step");
      Step step;
      step.where = map_.Where(path);
      if (!raw.contains("id") || !raw["id"].is_string() || raw["id"].get<std::string>().empty()) {
        Problem(raw.contains("id") ? path + ".id" : path, "step " + std::to_string(i + 1) +
                                                              " needs an id (a non-empty text)");
      } else {
        step.id = raw["id"].get<std::string>();
        if (!std::regex_match(step.id, kNamePattern) || step.id == "workflow") {
          Problem(path + ".id", "step id '" + step.id + "' must start with a letter or _ and use "
                                "letters, digits, _ or - (and not be 'workflow')");
        } else if (!seen.insert(step.id).second) {
          Problem(path + ".id", "duplicate step id '" + step.id + "'");
        }
      }
      ReadTask(raw, path, &step);
      ReadStepBody(raw, path, all_ids, &step);
      if (!step.id.empty()) scope_.earlier_steps.insert(step.id);
      workflow_.steps.push_back(std::move(step));
    }
  }

  void ReadTask(const Json& raw, const std::string& path, Step* step) {
    if (!raw.contains("task") || !raw["task"].is_string() || raw["task"].get<std::string>().empty()) {
      Problem(raw.contains("task") ? path + ".task" : path,
              "step '" + step->id + "' needs a task (such as intercom.create_conversation or http)");
      return;
    }
    step->task_id = raw["task"].get<std::string>();
    step->task = registry_.Find(step->task_id);
    if (step->task == nullptr) Problem(path + ".task", registry_.Missing(step->task_id));
  }

  void ReadStepBody(const Json& raw, const std::string& path, const std::set<std::string>& all_ids,
                    Step* step) {
    ReferenceScope scope = scope_;
    scope.self = step->id;
    for (const std::string& id : all_ids) {
      if (scope.earlier_steps.count(id) == 0) scope.later_steps.insert(id);
    }
    Json with = raw.contains("with") ? raw["with"] : Json::object();
    if (with.is_null()) with = Json::object();
    if (!with.is_object()) {
      Problem(path + ".with", "with must be a mapping of the task's inputs");
      with = Json::object();
    }
    CheckReferences(with, path + ".with", scope, map_, &problems_);
    if (step->task != nullptr) {
      AddTemplateDefaults(step->task->Describe(), &with);
      CheckStepFields(*step, step->task->Describe(), with, path + ".with", map_, &problems_);
    }
    step->with = ParseTemplate(with, path + ".with");
    if (raw.contains("if")) {
      CheckReferences(raw["if"], path + ".if", scope, map_, &problems_);
      step->condition = ParseTemplate(raw["if"], path + ".if");
    }
    if (raw.contains("continue_on_error")) {
      if (!raw["continue_on_error"].is_boolean()) {
        Problem(path + ".continue_on_error", "continue_on_error must be true or false");
      } else {
        step->continue_on_error = raw["continue_on_error"].get<bool>();
      }
    }
    if (raw.contains("retry")) {
      std::string problem = ParseRetryPolicy(raw["retry"], &step->retry);
      if (!problem.empty()) Problem(path + ".retry", "step '" + step->id + "': " + problem);
    }
    if (raw.contains("timeout")) ReadTimeout(raw["timeout"], path + ".timeout", step);
    if (raw.contains("set") && !raw["set"].is_null()) {
      if (!raw["set"].is_object()) {
        Problem(path + ".set", "set must be a mapping of variable names to values");
      } else {
        scope.self_allowed = true;
        for (const std::string& name : KeysInFileOrder(raw["set"], path + ".set")) {
          const Json& value = raw["set"][name];
          CheckReferences(value, path + ".set." + name, scope, map_, &problems_);
          step->set.emplace_back(name, ParseTemplate(value, path + ".set." + name));
          scope_.variables.insert(name);
          all_variables_.insert(name);
        }
      }
    }
  }

  // timeout: { connect: 2s, read: 30s } (or one duration for both).
  void ReadTimeout(const Json& value, const std::string& path, Step* step) {
    auto read = [&](const Json& item, const std::string& where, int* target) {
      long long ms = ParseDurationMs(item);
      if (ms < 1 || ms > 3600000) {
        Problem(where, "step '" + step->id + "': " + where.substr(where.find("timeout")) + " is " +
                           DumpJson(item) + "; allowed: a duration such as 500ms, 10s or 2m (at most 1 hour)");
        return;
      }
      *target = static_cast<int>(ms);
    };
    if (!value.is_object()) {
      read(value, path, &step->read_timeout_ms);
      step->connect_timeout_ms = step->read_timeout_ms;
      return;
    }
    for (const auto& [key, item] : value.items()) {
      if (key == "connect") {
        read(item, path + ".connect", &step->connect_timeout_ms);
      } else if (key == "read") {
        read(item, path + ".read", &step->read_timeout_ms);
      } else {
        Problem(path + "." + key, "unknown key '" + key + "' in timeout; allowed: connect, read");
      }
    }
  }

  void ReadOutputs(const Json& root) {
    if (!root.contains("outputs") || root["outputs"].is_null()) return;
    if (!root["outputs"].is_object()) {
      Problem("outputs", "outputs must be a mapping of names to values");
      return;
    }
    ReferenceScope scope = scope_;
    scope.variables = all_variables_;
    for (const std::string& name : KeysInFileOrder(root["outputs"], "outputs")) {
      const Json& value = root["outputs"][name];
      CheckReferences(value, "outputs." + name, scope, map_, &problems_);
      workflow_.outputs.emplace_back(name, ParseTemplate(value, "outputs." + name));
    }
  }

  // Reference problems were reported by CheckReferences; here only parse.
  ValueTemplate ParseTemplate(const Json& value, const std::string&) {
    std::vector<ValueTemplate::ParseError> errors;
    return ValueTemplate::Parse(value, &errors);
  }

  const std::regex kNamePattern{"[A-Za-z_][A-Za-z0-9_-]*"};
  const TaskRegistry& registry_;
  const SourceMap& map_;
  Workflow workflow_;
  ReferenceScope scope_;
  std::set<std::string> all_variables_;
  std::vector<std::string> problems_;
};

}  // namespace

Result<Workflow> LoadWorkflowText(const std::string& text, const std::string& file,
                                  const TaskRegistry& registry) {
  SourceMap map;
  Result<Json> root = YamlToJson(text, file, &map);
  if (!root.ok()) return root.status();
  return Loader(registry, map).Load(*root);
}

Result<Workflow> LoadWorkflowFile(const std::string& path, const TaskRegistry& registry) {
  SourceMap map;
  Result<Json> root = YamlFileToJson(path, &map);
  if (!root.ok()) return root.status();
  return Loader(registry, map).Load(*root);
}

}  // namespace wf
