#include "server/workflow_edit.h"

#include <regex>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/yaml_json.h"

namespace wf {
namespace {

bool NeedsQuotes(const std::string& text) {
  if (text.empty() || text.find("${") != std::string::npos) return true;
  if (text.front() == ' ' || text.back() == ' ') return true;
  // What our loader (YAML 1.2 core schema) would type differently...
  Json typed = TypePlainScalar(text);
  if (!typed.is_string() || typed.get<std::string>() != text) return true;
  // ...and what YAML 1.1 readers would take for booleans.
  static const std::regex kYaml11Bool("y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF");
  return std::regex_match(text, kYaml11Bool);
}

void EmitString(YAML::Emitter& out, const std::string& text) {
  // Text with line breaks is double-quoted (with \n) rather than a literal
  // block, whose chomping rules would lose or add a final line break.
  if (NeedsQuotes(text) || text.find_first_of("\n\r\t") != std::string::npos) {
    out << YAML::DoubleQuoted << text;
  } else {
    out << text;
  }
}

void EmitValue(YAML::Emitter& out, const OrderedJson& value, int depth) {
  if (value.is_object()) {
    if (value.empty()) {
      out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
      return;
    }
    // A small mapping of short scalars reads best on one line: { type: lead, id: "..." }.
    bool compact = depth > 1 && value.size() <= 3 && value.dump().size() <= 60;
    for (const auto& member : value) compact = compact && !member.is_structured();
    if (compact) out << YAML::Flow;
    out << YAML::BeginMap;
    for (const auto& [key, member] : value.items()) {
      out << YAML::Key;
      EmitString(out, key);
      out << YAML::Value;
      EmitValue(out, member, depth + 1);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    bool scalars = true;
    for (const auto& item : value) scalars = scalars && !item.is_structured();
    if (value.empty() || (scalars && value.size() <= 4)) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& item : value) EmitValue(out, item, depth + 1);
    out << YAML::EndSeq;
  } else if (value.is_string()) {
    EmitString(out, value.get<std::string>());
  } else if (value.is_boolean()) {
    out << (value.get<bool>() ? "true" : "false");
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    out << value.dump();  // numbers as JSON writes them, read back as numbers
  }
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size() - 1;
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

std::string WithoutLineEnd(const std::string& line) {
  size_t end = line.find_last_not_of("\r\n");
  return end == std::string::npos ? "" : line.substr(0, end + 1);
}

// The step, as items of a sequence indented by `indent` spaces.
std::string IndentedItem(const std::string& step_yaml, size_t indent) {
  std::string pad(indent, ' ');
  std::string out;
  bool first = true;
  for (const std::string& line : SplitLines(step_yaml)) {
    out += pad + (first ? "- " : "  ") + WithoutLineEnd(line) + "\n";
    first = false;
  }
  return out;
}

}  // namespace

Result<std::string> StepYaml(const OrderedJson& step) {
  if (!step.is_object()) return Status::Invalid("a step must be an object with id and task");
  for (const char* key : {"id", "task"}) {
    if (!step.contains(key) || !step[key].is_string() || step[key].get<std::string>().empty()) {
      return Status::Invalid(std::string("the step needs a non-empty '") + key + "'");
    }
  }
  OrderedJson ordered = OrderedJson::object();
  // The order people write steps in; anything else keeps its given order.
  for (const char* key : {"id", "description", "task", "if", "with", "set", "continue_on_error", "retry"}) {
    if (step.contains(key)) ordered[key] = step[key];
  }
  for (const auto& [key, value] : step.items()) {
    if (!ordered.contains(key)) ordered[key] = value;
  }
  YAML::Emitter out;
  out.SetIndent(2);
  EmitValue(out, ordered, 0);
  if (!out.good()) return Status::Internal("cannot write the step as YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

Result<std::string> AppendStepText(const std::string& text, const std::string& step_yaml) {
  static const std::regex kBlock(R"(steps[ \t]*:[ \t]*(#.*)?)");
  static const std::regex kEmptyFlow(R"(steps[ \t]*:[ \t]*\[[ \t]*\][ \t]*(#.*)?)");
  static const std::regex kOther(R"(steps[ \t]*:.*)");
  static const std::regex kItem(R"(([ ]*)-([ \t].*)?)");
  std::vector<std::string> lines = SplitLines(text);
  if (!lines.empty() && lines.back().back() != '\n') lines.back() += "\n";
  for (size_t s = 0; s < lines.size(); ++s) {
    std::string line = WithoutLineEnd(lines[s]);
    if (std::regex_match(line, kEmptyFlow)) {
      lines[s] = "steps:\n" + IndentedItem(step_yaml, 2);
      std::string out;
      for (const std::string& l : lines) out += l;
      return out;
    }
    if (!std::regex_match(line, kBlock)) {
      if (std::regex_match(line, kOther)) {
        return Status::Invalid("the steps of this workflow are written in flow style (steps: [...]); "
                               "the editor only adds to a block list (one '- id:' per step)");
      }
      continue;
    }
    size_t last = s;
    size_t indent = std::string::npos;
    for (size_t i = s + 1; i < lines.size(); ++i) {
      std::string l = WithoutLineEnd(lines[i]);
      if (l.find_first_not_of(" \t") == std::string::npos || l[0] == '#') continue;
      if (l.rfind("---", 0) == 0 || l.rfind("...", 0) == 0) break;
      if (l[0] != ' ' && l[0] != '-') break;
      std::smatch item;
      if (indent == std::string::npos && std::regex_match(l, item, kItem)) indent = item[1].length();
      last = i;
    }
    lines.insert(lines.begin() + static_cast<long>(last) + 1,
                 IndentedItem(step_yaml, indent == std::string::npos ? 2 : indent));
    std::string out;
    for (const std::string& l : lines) out += l;
    return out;
  }
  std::string out;
  for (const std::string& l : lines) out += l;
  return out + "steps:\n" + IndentedItem(step_yaml, 2);
}

std::string NewWorkflowText(const std::string& name, const std::string& step_yaml) {
  return "name: " + name + "\ndescription: Made with the wf editor.\nsteps:\n" + IndentedItem(step_yaml, 2);
}

}  // namespace wf
