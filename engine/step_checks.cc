#include "engine/step_checks.h"

#include "base/quote.h"

namespace wf {
namespace {

bool HasTemplate(const Json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>().find("${") != std::string::npos;
  if (value.is_object() || value.is_array()) {
    for (const Json& item : value) {
      if (HasTemplate(item)) return true;
    }
  }
  return false;
}

std::string CheckReference(const Reference& ref, const ReferenceScope& scope) {
  switch (ref.root) {
    case Reference::Root::kInput:
      if (scope.inputs.count(ref.name) == 0) {
        return ref.text + " refers to input '" + ref.name + "', which the workflow does not declare";
      }
      return "";
    case Reference::Root::kVariable:
      if (scope.variables.count(ref.name) == 0) {
        return ref.text + " refers to variable '" + ref.name +
               "', which no earlier step sets (with `set:`)";
      }
      return "";
    case Reference::Root::kSecret: return "";
    default:
      if (ref.name == scope.self && !scope.self_allowed) {
        return ref.text + " refers to step '" + ref.name + "' itself; it has no outputs yet";
      }
      if (ref.name == scope.self || scope.earlier_steps.count(ref.name) > 0) return "";
      if (scope.later_steps.count(ref.name) > 0) {
        return ref.text + " refers to step '" + ref.name + "', which runs later";
      }
      return ref.text + " refers to step '" + ref.name + "', which does not exist";
  }
}

// The value at a dotted field path inside `with`; nullptr when absent or when a
// part of the path is still an expression (its value is known only at run time).
const Json* FindLiteral(const Json& with, const std::string& path, bool* dynamic) {
  const Json* current = &with;
  size_t start = 0;
  *dynamic = false;
  while (true) {
    if (current->is_string() && HasTemplate(*current)) {
      *dynamic = true;
      return nullptr;
    }
    if (!current->is_object()) return nullptr;
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    auto found = current->find(key);
    if (found == current->end()) return nullptr;
    current = &*found;
    if (dot == std::string::npos) return current;
    start = dot + 1;
  }
}

std::string TypeProblem(const std::string& type, const Json& value) {
  if (type == "string" && !value.is_string()) return "a string";
  // Tasks take integers written as digits too (values often arrive as text).
  bool digits = value.is_string() && !value.get_ref<const std::string&>().empty() &&
                value.get_ref<const std::string&>().find_first_not_of("0123456789") == std::string::npos;
  if (type == "integer" && !value.is_number_integer() && !digits) return "an integer";
  if (type == "number" && !value.is_number()) return "a number";
  if (type == "boolean" && !value.is_boolean()) return "true or false";
  if (type == "array" && !value.is_array()) return "a list";
  if (type == "object" && !value.is_object()) return "a mapping";
  return "";
}

}  // namespace

void CheckReferences(const Json& raw, const std::string& path, const ReferenceScope& scope,
                     const SourceMap& map, std::vector<std::string>* problems) {
  if (raw.is_string()) {
    const std::string& text = raw.get_ref<const std::string&>();
    if (text.find("${") == std::string::npos) return;
    std::vector<TextPart> parts;
    size_t offset = 0;
    Status status = SplitTemplate(text, &parts, &offset);
    if (!status.ok()) {
      problems->push_back(map.Where(path, text, offset) + ": " + status.message());
      return;
    }
    for (const TextPart& part : parts) {
      if (!part.reference) continue;
      std::string problem = CheckReference(*part.reference, scope);
      if (!problem.empty()) problems->push_back(map.Where(path, text, part.offset) + ": " + problem);
    }
    return;
  }
  if (raw.is_object()) {
    for (const auto& [key, value] : raw.items()) {
      CheckReferences(value, path.empty() ? key : path + "." + key, scope, map, problems);
    }
  } else if (raw.is_array()) {
    for (size_t i = 0; i < raw.size(); ++i) {
      CheckReferences(raw[i], path + "[" + std::to_string(i) + "]", scope, map, problems);
    }
  }
}

void AddTemplateDefaults(const Json& description, Json* with) {
  if (!with->is_object() || !description.contains("fields")) return;
  for (const Json& field : description["fields"]) {
    std::string path = field.value("path", "");
    if (path.empty() || path.find('.') != std::string::npos || with->contains(path)) continue;
    if (!field.contains("default") || !field["default"].is_string()) continue;
    if (HasTemplate(field["default"])) (*with)[path] = field["default"];
  }
}

void CheckStepFields(const Step& step, const Json& description, const Json& with,
                     const std::string& path, const SourceMap& map,
                     std::vector<std::string>* problems) {
  const Json* fields = description.contains("fields") ? &description["fields"] : nullptr;
  if (fields == nullptr || !fields->is_array() || fields->empty() || !with.is_object()) return;
  std::string prefix = "step '" + step.id + "': ";
  std::string top_names;
  for (const Json& field : *fields) {
    std::string name = field.value("path", "");
    if (name.find('.') != std::string::npos) continue;
    top_names += (top_names.empty() ? "" : ", ") + name;
  }
  for (const auto& [key, value] : with.items()) {
    if ((", " + top_names + ", ").find(", " + key + ", ") == std::string::npos) {
      problems->push_back(map.WhereKey(path + "." + key) + ": " + prefix + "unknown field '" + key +
                          "'; allowed: " + top_names);
    }
  }
  for (const Json& field : *fields) {
    std::string name = field.value("path", "");
    bool dynamic = false;
    const Json* value = FindLiteral(with, name, &dynamic);
    if (dynamic) continue;
    std::string where = map.Where(path + "." + name);
    if (value == nullptr || value->is_null()) {
      // A required child of an absent optional parent is not required.
      size_t dot = name.rfind('.');
      bool parent_present = dot == std::string::npos || FindLiteral(with, name.substr(0, dot), &dynamic);
      if (field.value("required", false) && !field.contains("default") && parent_present) {
        problems->push_back(where + ": " + prefix + name + " is required");
      }
      continue;
    }
    if (HasTemplate(*value)) continue;
    std::string expected = TypeProblem(field.value("type", "any"), *value);
    if (!expected.empty()) {
      // YAML reads an unquoted 2.10 as the number 2.1: say how to keep the text.
      std::string hint = expected == "a string" && value->is_number() ? " (write it in quotes)" : "";
      problems->push_back(where + ": " + prefix + name + " is " + QuoteValue(*value) + "; allowed: " +
                          expected + hint);
      continue;
    }
    if (field.contains("enum") && field["enum"].is_array()) {
      bool listed = false;
      std::string allowed;
      for (const Json& option : field["enum"]) {
        listed = listed || option == *value;
        allowed += (allowed.empty() ? "" : ", ") +
                   (option.is_string() ? option.get<std::string>() : DumpJson(option));
      }
      if (!listed) {
        problems->push_back(where + ": " + prefix + name + " is " + QuoteValue(*value) + "; allowed: " +
                            allowed);
      }
    }
  }
}

}  // namespace wf
