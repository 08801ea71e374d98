// workflow_loader: YAML definitions to a checked model; every problem in one
// pass, each with the file, line and column where it is written.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "engine/workflow_loader.h"
#include "engine_test_support.h"

namespace wf {
namespace {

const TaskRegistry& Registry() {
  static std::unique_ptr<TaskRegistry> registry = test::BuildTreeRegistry();
  return *registry;
}

std::string Problems(const std::string& text) {
  Result<Workflow> workflow = LoadWorkflowText(text, "t.yaml", Registry());
  REQUIRE_FALSE(workflow.ok());
  CHECK(workflow.status().code() == StatusCode::kInvalid);
  return workflow.status().message();
}

Workflow Load(const std::string& text) {
  Result<Workflow> workflow = LoadWorkflowText(text, "t.yaml", Registry());
  INFO(workflow.status().message());
  REQUIRE(workflow.ok());
  return std::move(*workflow);
}

const std::string kIntercomFields =
    "from, body, message_type, subject, created_at, attachment_urls, intercom_version, region, "
    "base_url, access_token";

TEST_CASE("A valid definition loads into steps, inputs and outputs with parsed expressions") {
  REQUIRE(Registry().Find("intercom.create_conversation") != nullptr);
  Workflow w = Load(
      "name: demo\n"
      "description: A demo.\n"
      "inputs:\n"
      "  lead: { type: string, required: true }\n"
      "  count: { type: integer, default: 3 }\n"
      "  extra:\n"
      "steps:\n"
      "  - id: open\n"
      "    task: intercom.create_conversation\n"
      "    with:\n"
      "      from: { type: lead, id: \"${workflow.input.lead}\" }\n"
      "      body: \"Hi\"\n"
      "    set: { cid: \"${open.output.conversation_id}\" }\n"
      "  - id: note\n"
      "    if: \"${open.output.message_type}\"\n"
      "    task: set\n"
      "    continue_on_error: true\n"
      "    retry: { max_attempts: 1 }\n"
      "    with: { text: \"opened ${workflow.variables.cid}\" }\n"
      "outputs:\n"
      "  cid: \"${workflow.variables.cid}\"\n");
  CHECK(w.name == "demo");
  CHECK(w.description == "A demo.");
  CHECK(w.file == "t.yaml");
  REQUIRE(w.inputs.size() == 3);
  const InputDecl* count = w.FindInput("count");
  REQUIRE(count != nullptr);
  CHECK(count->type == "integer");
  CHECK(*count->default_value == 3);
  CHECK(count->where == "t.yaml:5:10");
  CHECK(w.FindInput("lead")->required);
  CHECK(w.FindInput("extra")->type == "string");
  REQUIRE(w.steps.size() == 2);
  CHECK(w.steps[0].task == Registry().Find("intercom.create_conversation"));
  CHECK(w.steps[0].where == "t.yaml:8:5");
  CHECK(w.steps[0].set.size() == 1);
  CHECK(w.steps[1].condition.has_value());
  CHECK(w.steps[1].continue_on_error);
  CHECK(w.steps[1].retry.max_attempts == 1);
  CHECK(w.FindStep("note") == &w.steps[1]);
  REQUIRE(w.outputs.size() == 1);
  CHECK(w.outputs[0].first == "cid");
}

TEST_CASE("Every problem of a definition is reported in one pass with its position") {
  std::string text =
      "name: demo\n"                                                            // 1
      "inputs:\n"                                                               // 2
      "  lead: { type: strin }\n"                                               // 3
      "  count: { type: integer, default: \"ten\" }\n"                          // 4
      "steps:\n"                                                                // 5
      "  - id: open\n"                                                          // 6
      "    task: intercom.create_conversation\n"                                // 7
      "    with:\n"                                                             // 8
      "      from: { type: robot, id: \"${workflow.input.lead}\" }\n"           // 9
      "      body: \"Hi ${workflow.input.nme}\"\n"                              // 10
      "      colour: blue\n"                                                    // 11
      "    sett: {}\n"                                                          // 12
      "  - id: open\n"                                                          // 13
      "    task: nosuch.task\n"                                                 // 14
      "  - task: set\n"                                                         // 15
      "    with: { x: \"${later.output.x}\" }\n"                                // 16
      "  - id: later\n"                                                         // 17
      "    task: set\n"                                                         // 18
      "    with: { y: \"${later.output.y}\", z: \"${ghost.output.z}\" }\n"      // 19
      "outputs:\n"                                                              // 20
      "  id: \"${workflow.variables.nope}\"\n";                                 // 21
  CHECK(Problems(text) ==
        "t.yaml:3:17: input 'lead' has type 'strin'; allowed: any, array, boolean, integer, number, "
        "object, string\n"
        "t.yaml:4:36: the default of input 'count' is 'ten'; allowed: an integer\n"
        "t.yaml:9:21: step 'open': from.type is 'robot'; allowed: user, lead, contact\n"
        "t.yaml:10:17: ${workflow.input.nme} refers to input 'nme', which the workflow does not "
        "declare\n"
        "t.yaml:11:7: step 'open': unknown field 'colour'; allowed: " + kIntercomFields + "\n"
        "t.yaml:12:5: unknown key 'sett' in a step; allowed: continue_on_error, description, id, if, "
        "name, retry, set, task, timeout, with\n"
        "t.yaml:13:9: duplicate step id 'open'\n"
        "t.yaml:14:11: unknown task 'nosuch.task'\n"
        "t.yaml:15:5: step 3 needs an id (a non-empty text)\n"
        "t.yaml:16:17: ${later.output.x} refers to step 'later', which runs later\n"
        "t.yaml:19:17: ${later.output.y} refers to step 'later' itself; it has no outputs yet\n"
        "t.yaml:19:41: ${ghost.output.z} refers to step 'ghost', which does not exist\n"
        "t.yaml:21:8: ${workflow.variables.nope} refers to variable 'nope', which no earlier step "
        "sets (with `set:`)");
}

TEST_CASE("Inputs, set: and outputs keep the order the file writes them in") {
  Workflow w = Load("name: w\ninputs: { zeta: {}, alpha: {}, mid: {} }\nsteps:\n"
                    "  - { id: s, task: set, set: { z: 1, a: 2 } }\noutputs:\n  z: \"${s.status}\"\n  a: 1\n");
  CHECK(w.inputs[0].name == "zeta");
  CHECK(w.inputs[2].name == "mid");
  CHECK(w.steps[0].set[0].first == "z");
  CHECK(w.outputs[0].first == "z");
  CHECK(w.outputs[1].first == "a");
}

TEST_CASE("The shape of a definition is checked") {
  SECTION("not a mapping") {
    CHECK(Problems("- a\n- b\n") == "t.yaml:1:1: a workflow must be a mapping with name and steps");
  }
  SECTION("an empty file") {
    CHECK(Problems("") == "t.yaml: a workflow must be a mapping with name and steps");
  }
  SECTION("no name and no steps") {
    CHECK(Problems("description: x\n") ==
          "t.yaml:1:1: the workflow needs a name (a non-empty text)\n"
          "t.yaml:1:1: the workflow needs steps: a non-empty list");
  }
  SECTION("unknown top-level key, pointed at the key even when its value is on the next line") {
    CHECK(Problems("name: w\nsteps:\n  - { id: a, task: set }\ninptus:\n  x: { type: string }\n") ==
          "t.yaml:4:1: unknown key 'inptus' in the workflow; allowed: description, inputs, name, "
          "outputs, steps, version");
  }
  SECTION("steps that are not mappings, or lack id or task") {
    CHECK(Problems("name: w\nsteps:\n  - just text\n  - { id: a }\n  - { id: 1abc, task: set }\n"
                   "  - { id: workflow, task: set }\n") ==
          "t.yaml:3:5: a step must be a mapping with id and task\n"
          "t.yaml:4:5: step 'a' needs a task (such as intercom.create_conversation or http)\n"
          "t.yaml:5:11: step id '1abc' must start with a letter or _ and use letters, digits, _ or - "
          "(and not be 'workflow')\n"
          "t.yaml:6:11: step id 'workflow' must start with a letter or _ and use letters, digits, _ "
          "or - (and not be 'workflow')");
  }
  SECTION("inputs with wrong declarations") {
    CHECK(Problems("name: w\ninputs:\n  a: { required: yes }\n  b: text\n  c: { type: boolean, "
                   "default: 1, help: x }\nsteps:\n  - { id: s, task: set }\n") ==
          "t.yaml:3:18: required must be true or false\n"
          "t.yaml:4:6: input 'b' must be a mapping such as { type: string, required: true }\n"
          "t.yaml:5:32: the default of input 'c' is 1; allowed: true or false\n"
          "t.yaml:5:35: unknown key 'help' in input 'c'; allowed: default, description, required, type");
  }
  SECTION("step options with wrong values") {
    CHECK(Problems("name: w\nsteps:\n  - id: s\n    task: set\n    continue_on_error: yes\n"
                   "    retry: { max_attempts: 0 }\n    set: [a]\n    with: [b]\n") ==
          "t.yaml:5:24: continue_on_error must be true or false\n"
          "t.yaml:6:12: step 's': retry.max_attempts is 0; allowed: an integer from 1 to 100\n"
          "t.yaml:7:10: set must be a mapping of variable names to values\n"
          "t.yaml:8:11: with must be a mapping of the task's inputs");
  }
}

TEST_CASE("Literal values are checked against the task's fields at load time") {
  SECTION("Intercom: required fields, types and allowed values") {
    CHECK(Problems("name: w\nsteps:\n  - id: open\n    task: intercom.create_conversation\n"
                   "    with:\n      from: { id: \"abc\" }\n      message_type: chat\n"
                   "      created_at: soon\n") ==
          "t.yaml:6:7: step 'open': body is required\n"
          "t.yaml:6:13: step 'open': from.type is required\n"
          "t.yaml:7:21: step 'open': message_type is 'chat'; allowed: email, inapp, whatsapp, "
          "facebook, sms\n"
          "t.yaml:8:19: step 'open': created_at is 'soon'; allowed: an integer");
  }
  SECTION("http: method and url") {
    CHECK(Problems("name: w\nsteps:\n  - id: h\n    task: http\n    with: { method: FETCH }\n") ==
          "t.yaml:5:11: step 'h': url is required\n"
          "t.yaml:5:21: step 'h': method is 'FETCH'; allowed: GET, POST, PUT, PATCH, DELETE, HEAD");
  }
  SECTION("values that are expressions are checked when they are known, at run time") {
    Load("name: w\ninputs: { t: {} }\nsteps:\n  - id: open\n    task: intercom.create_conversation\n"
         "    with:\n      from: \"${workflow.input.t}\"\n      body: \"${workflow.input.t}\"\n"
         "      message_type: \"${workflow.input.t}\"\n");
  }
}

TEST_CASE("References may name only what a step can see") {
  const std::string head = "name: w\ninputs: { a: {} }\nsteps:\n";
  SECTION("a step's own outputs in its set:, and an earlier step's variables") {
    Load(head + "  - id: one\n    task: set\n    with: { v: 1 }\n    set: { v: \"${one.output.v}\" }\n"
                "  - id: two\n    task: set\n    with: { w: \"${workflow.variables.v} ${one.status}\" }\n");
  }
  SECTION("a variable that the same step sets is not yet visible in its with:") {
    CHECK(Problems(head + "  - id: one\n    task: set\n    with: { v: \"${workflow.variables.v}\" }\n"
                          "    set: { v: 1 }\n") ==
          "t.yaml:6:17: ${workflow.variables.v} refers to variable 'v', which no earlier step sets "
          "(with `set:`)");
  }
  SECTION("if: may not name its own step or a later one") {
    CHECK(Problems(head + "  - id: one\n    if: \"${one.status} ${two.output.x}\"\n    task: set\n"
                          "  - id: two\n    task: set\n") ==
          "t.yaml:5:10: ${one.status} refers to step 'one' itself; it has no outputs yet\n"
          "t.yaml:5:24: ${two.output.x} refers to step 'two', which runs later");
  }
  SECTION("a malformed expression is reported where its ${ is") {
    CHECK(Problems(head + "  - id: one\n    task: set\n    with:\n      x: \"a ${workflow.inputs.a}\"\n"
                          "      y: |\n        line\n        b ${one.outputs}\n") ==
          "t.yaml:7:13: '${workflow.inputs.a}': workflow.inputs is unknown; allowed: workflow.input, "
          "workflow.variables, workflow.secrets\n"
          "t.yaml:10:11: '${one.outputs}': 'outputs' is unknown after step 'one'; allowed: output, "
          "status, error");
  }
  SECTION("outputs may name any variable and any step") {
    Load(head + "  - id: one\n    task: set\n    set: { v: 1 }\noutputs:\n  v: \"${workflow.variables.v}\"\n"
                "  s: \"${one.status}\"\n");
  }
}

TEST_CASE("A definition file that is missing or unreadable is reported") {
  test::TempDir dir;
  Result<Workflow> missing = LoadWorkflowFile(dir.File("none.yaml"), Registry());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message() == dir.File("none.yaml") + ": no such file");
  std::string path = test::WriteFile(dir.File("w.yaml"), "name: w\nsteps: [{ id: a, task: nope }]\n");
  CHECK(LoadWorkflowFile(path, Registry()).status().message() == path + ":2:24: unknown task 'nope'");
}

}  // namespace
}  // namespace wf
