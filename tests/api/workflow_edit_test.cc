// StepYaml, AppendStepText and WriteFileAtomically: adding a step keeps what
// is already written and always yields YAML that reads back as meant.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "api/api_test_support.h"
#include "base/atomic_file.h"
#include "engine/yaml_json.h"
#include "server/workflow_edit.h"

namespace wf {
namespace {

TEST_CASE("StepYaml quotes every string YAML would read as something else", "[api][edit]") {
  OrderedJson step = OrderedJson::parse(R"({"task": "set", "id": "s", "with": {
      "version": "2.10", "count": 3, "flag": "true", "yes": "yes", "empty": "", "nothing": null,
      "ref": "${workflow.input.x}", "text": "plain words", "lines": "a\nb", "colon": "a: b",
      "hash": "x #y", "list": ["a", "b"], "nested": {"deep": {"k": "v"}}}})");
  Result<std::string> yaml = StepYaml(step);
  REQUIRE(yaml.ok());
  CHECK(yaml->rfind("id: s\ntask: set\nwith:\n", 0) == 0);
  Result<Json> back = YamlToJson(*yaml, "step", nullptr);
  REQUIRE(back.ok());
  CHECK(back.value() == Json::parse(step.dump()));
  CHECK(yaml->find("version: \"2.10\"") != std::string::npos);
  CHECK(yaml->find("flag: \"true\"") != std::string::npos);
  CHECK(yaml->find("\"yes\": \"yes\"") != std::string::npos);
  CHECK(yaml->find("count: 3") != std::string::npos);
  CHECK(yaml->find("text: plain words") != std::string::npos);
  SECTION("a step needs an id and a task") {
    CHECK(StepYaml(OrderedJson::parse(R"({"task": "set"})")).status().message() ==
          "the step needs a non-empty 'id'");
    CHECK_FALSE(StepYaml(OrderedJson::parse("[1]")).ok());
  }
}

const std::string kStep = "id: added\ntask: set\nwith: {x: 1}\n";

TEST_CASE("AppendStepText adds the step at the end of the steps list", "[api][edit]") {
  SECTION("indented items, followed by outputs, comments kept") {
    std::string text =
        "# a comment\nname: w\nsteps:\n  - id: a   # first\n    task: set\n\n  # between\n  - id: b\n"
        "    task: set\noutputs:\n  x: \"${a.status}\"\n";
    CHECK(*AppendStepText(text, kStep) ==
          "# a comment\nname: w\nsteps:\n  - id: a   # first\n    task: set\n\n  # between\n  - id: b\n"
          "    task: set\n  - id: added\n    task: set\n    with: {x: 1}\noutputs:\n  x: \"${a.status}\"\n");
  }
  SECTION("items at column 0, no final newline") {
    CHECK(*AppendStepText("name: w\nsteps:\n- id: a\n  task: set", kStep) ==
          "name: w\nsteps:\n- id: a\n  task: set\n- id: added\n  task: set\n  with: {x: 1}\n");
  }
  SECTION("an empty flow list becomes a block list") {
    CHECK(*AppendStepText("name: w\nsteps: []\n", kStep) ==
          "name: w\nsteps:\n  - id: added\n    task: set\n    with: {x: 1}\n");
  }
  SECTION("no steps yet") {
    CHECK(*AppendStepText("name: w\n", kStep) == "name: w\nsteps:\n  - id: added\n    task: set\n    with: {x: 1}\n");
  }
  SECTION("a flow list with items is left to the person") {
    Result<std::string> refused = AppendStepText("name: w\nsteps: [{id: a, task: set}]\n", kStep);
    CHECK(refused.status().message() ==
          "the steps of this workflow are written in flow style (steps: [...]); the editor only adds to a block "
          "list (one '- id:' per step)");
  }
}

TEST_CASE("WriteFileAtomically replaces a file whole and keeps its mode", "[api][edit]") {
  test::TempDir dir;
  const std::string path = dir.path() + "/w.yaml";
  REQUIRE(WriteFileAtomically(path, "one\n").ok());
  CHECK(test::ReadFile(path) == "one\n");
  chmod(path.c_str(), 0600);
  REQUIRE(WriteFileAtomically(path, "two\n").ok());
  CHECK(test::ReadFile(path) == "two\n");
  struct stat info;
  REQUIRE(stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  Status failed = WriteFileAtomically(dir.path() + "/missing/w.yaml", "x");
  CHECK(failed.message() == "cannot save " + dir.path() + "/missing/w.yaml: No such file or directory");
}

}  // namespace
}  // namespace wf
