// step_checks: a step's literal values against its task's fields, and every
// reference against what the step may see, each problem with file:line:col.
// The built-in http and set tasks serve as the tasks here.
#include "engine/step_checks.h"

#include <catch2/catch.hpp>

#include <string>

#include "engine/task_registry.h"
#include "engine/workflow_loader.h"

namespace wf {
namespace {

// The problems LoadWorkflowText reports for `steps` (YAML under `steps:`).
std::string Problems(const std::string& steps, const std::string& inputs = "") {
  static const std::unique_ptr<TaskRegistry> registry = TaskRegistry::Load({});
  std::string text = "name: w\n" + (inputs.empty() ? "" : "inputs:\n" + inputs) + "steps:\n" + steps;
  Result<Workflow> workflow = LoadWorkflowText(text, "w.yaml", *registry);
  return workflow.ok() ? "" : workflow.status().message();
}

TEST_CASE("literal values are checked against the task's fields", "[step_checks]") {
  SECTION("an unknown field names the fields there are") {
    CHECK(Problems("  - id: a\n    task: http\n    with: { url: 'http://x/', colour: red }\n") ==
          "w.yaml:5:31: step 'a': unknown field 'colour'; allowed: method, url, headers, query, body, "
          "timeout_ms, connect_timeout_ms");
  }
  SECTION("a required field") {
    CHECK(Problems("  - id: a\n    task: http\n    with: { method: GET }\n") == "w.yaml:5:11: step 'a': url is required");
  }
  SECTION("a value outside the allowed ones") {
    CHECK(Problems("  - id: a\n    task: http\n    with: { url: 'http://x/', method: FETCH }\n") ==
          "w.yaml:5:39: step 'a': method is 'FETCH'; allowed: GET, POST, PUT, PATCH, DELETE, HEAD");
  }
  SECTION("a number where text is wanted says to quote it") {
    CHECK(Problems("  - id: a\n    task: http\n    with: { url: 2.10 }\n") ==
          "w.yaml:5:18: step 'a': url is 2.1; allowed: a string (write it in quotes)");
  }
  SECTION("a reference is not checked as a literal") {
    CHECK(Problems("  - id: a\n    task: http\n    with: { url: '${workflow.input.u}', timeout_ms: '${workflow.input.t}' }\n",
                   "  u: { type: string }\n  t: { type: integer }\n") == "");
  }
}

TEST_CASE("references are checked against what the step may see", "[step_checks]") {
  SECTION("an undeclared input") {
    INFO(Problems("  - id: a\n    task: set\n    with: { x: '${workflow.input.nope}' }\n"));
    CHECK(Problems("  - id: a\n    task: set\n    with: { x: '${workflow.input.nope}' }\n")
              .find("w.yaml:5:17: ") == 0);
  }
  SECTION("a later step") {
    std::string problems = Problems("  - id: a\n    task: set\n    with: { x: '${b.output.y}' }\n"
                                    "  - id: b\n    task: set\n    with: { y: 1 }\n");
    INFO(problems);
    CHECK(problems.find("w.yaml:5:17: ") == 0);
    CHECK(problems.find("'b'") != std::string::npos);
  }
  SECTION("an earlier step and a variable it sets are fine") {
    CHECK(Problems("  - id: a\n    task: set\n    with: { y: 1 }\n    set: { v: '${a.output.y}' }\n"
                   "  - id: b\n    task: set\n    with: { z: '${workflow.variables.v}', w: '${a.output.y}' }\n") == "");
  }
}

TEST_CASE("template defaults the task describes fill what a step leaves out", "[step_checks]") {
  Json description = {{"fields", Json::array({{{"path", "token"}, {"default", "${workflow.secrets.T}"}},
                                               {{"path", "plain"}, {"default", "text"}},
                                               {{"path", "a.b"}, {"default", "${workflow.secrets.U}"}}})}};
  Json with = Json::object();
  AddTemplateDefaults(description, &with);
  CHECK(with == Json{{"token", "${workflow.secrets.T}"}});
  Json given = {{"token", "mine"}};
  AddTemplateDefaults(description, &given);
  CHECK(given == Json{{"token", "mine"}});
}

}  // namespace
}  // namespace wf
