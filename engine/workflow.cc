#include "engine/workflow.h"

#include "engine/yaml_json.h"

namespace wf {

const InputDecl* Workflow::FindInput(const std::string& name) const {
  for (const InputDecl& input : inputs) {
    if (input.name == name) return &input;
  }
  return nullptr;
}

const Step* Workflow::FindStep(const std::string& id) const {
  for (const Step& step : steps) {
    if (step.id == id) return &step;
  }
  return nullptr;
}

std::string CheckInputType(const std::string& type, const Json& value) {
  std::string shown = value.is_string() ? "'" + value.get<std::string>() + "'" : DumpJson(value);
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  auto wrong = [&](const char* allowed) { return "is " + shown + "; allowed: " + allowed; };
  if (type == "string" && !value.is_string()) return wrong("text");
  if (type == "integer" && !value.is_number_integer()) return wrong("an integer");
  if (type == "number" && !value.is_number()) return wrong("a number");
  if (type == "boolean" && !value.is_boolean()) return wrong("true or false");
  if (type == "object" && !value.is_object()) return wrong("a mapping");
  if (type == "array" && !value.is_array()) return wrong("a list");
  return "";
}

Result<Json> InputFromText(const InputDecl& input, const std::string& text) {
  if (input.type == "string") {
    Status checked = CheckText(text, "input '" + input.name + "'");
    if (!checked.ok()) return checked;
    return Json(text);
  }
  Result<Json> value = YamlToJson(text, "input '" + input.name + "'", nullptr);
  if (!value.ok()) return value.status();
  std::string wrong = CheckInputType(input.type, *value);
  if (!wrong.empty()) return Status::Invalid("input '" + input.name + "' " + wrong);
  return value;
}

}  // namespace wf
