// GET /api/workflows, GET/PUT /api/workflows/{name}, POST .../steps and
// POST .../runs over a real server and a scratch copy of workflows/.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "api/api_test_support.h"
#include "engine/workflow_loader.h"

namespace wf {
namespace {

using test::BodyOf;
using test::kLeadId;
using test::ReadFile;
using test::RunningEditor;

const char* kWelcome = "welcome_new_lead.yaml";

TEST_CASE("GET /api/workflows lists the YAML files with what they declare", "[api][workflows]") {
  RunningEditor editor;
  test::WriteFile(editor.WorkflowPath("notes.txt"), "not a workflow");
  test::WriteFile(editor.WorkflowPath("broken.yaml"), "name: broken\nsteps:\n  - id: x\n    task: nope\n");
  Json body = BodyOf(editor.Get("/api/workflows"));
  CHECK(body["folder"] == editor.workflows_dir());
  Json welcome, broken;
  for (const Json& w : body["workflows"]) {
    CHECK(w["file"] != "notes.txt");
    if (w["file"] == kWelcome) welcome = w;
    if (w["file"] == "broken.yaml") broken = w;
  }
  REQUIRE(welcome.is_object());
  CHECK(welcome["name"] == "welcome_new_lead");
  CHECK(welcome["valid"] == true);
  CHECK(welcome["steps"][0] == Json{{"id", "open_conversation"}, {"task", "intercom.create_conversation"}});
  CHECK(welcome["outputs"] == Json::array({"conversation_id", "message_id"}));
  REQUIRE(broken.is_object());
  CHECK(broken["valid"] == false);
  CHECK(broken["errors"] == Json::array({editor.WorkflowPath("broken.yaml") + ":4:11: unknown task 'nope'"}));
}

TEST_CASE("GET /api/workflows/{name} reads one file", "[api][workflows]") {
  RunningEditor editor;
  Json body = BodyOf(editor.Get("/api/workflows/welcome_new_lead"));
  CHECK(body["yaml"] == ReadFile(editor.WorkflowPath(kWelcome)));
  CHECK(BodyOf(editor.Get("/api/workflows/welcome_new_lead.yaml"))["file"] == kWelcome);
  auto missing = editor.Get("/api/workflows/nothing_here");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(BodyOf(missing)["error"] == "there is no workflow nothing_here.yaml in " + editor.workflows_dir());
}

TEST_CASE("names that could leave the workflows folder are refused with 400", "[api][workflows][security]") {
  RunningEditor editor;
  for (const std::string& name : std::vector<std::string>{"..%2F..%2Fetc%2Fpasswd", "..", "%2E%2E", "a%00b", "x.yml",
                                                          "..%2Fwelcome_new_lead", "%2Fetc%2Fpasswd"}) {
    INFO(name);
    auto read = editor.Get("/api/workflows/" + name);
    REQUIRE(read);
    CHECK(read->status == 400);
    CHECK(editor.Put("/api/workflows/" + name, {{"yaml", "name: x\nsteps: []\n"}})->status == 400);
    CHECK(editor.Post("/api/workflows/" + name + "/runs", Json::object())->status == 400);
    CHECK(editor.Post("/api/workflows/" + name + "/steps", {{"id", "a"}, {"task", "set"}})->status == 400);
  }
  CHECK(BodyOf(editor.Get("/api/workflows/..%2Fx"))["error"] ==
        "'../x' is not a workflow name: use letters, digits, '_' and '-', optionally followed by .yaml");
}

TEST_CASE("PUT /api/workflows/{name} validates, then saves atomically", "[api][workflows]") {
  RunningEditor editor;
  const std::string path = editor.WorkflowPath(kWelcome);
  const std::string before = ReadFile(path);
  chmod(path.c_str(), 0640);
  SECTION("a valid definition replaces the file and keeps its permissions") {
    std::string changed = before + "# edited in the editor\n";
    auto result = editor.Put("/api/workflows/welcome_new_lead", {{"yaml", changed}});
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(BodyOf(result)["saved"] == true);
    CHECK(ReadFile(path) == changed);
    struct stat info;
    REQUIRE(stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0640);
  }
  SECTION("an invalid definition is a 422 and changes nothing") {
    auto result = editor.Put("/api/workflows/welcome_new_lead",
                             {{"yaml", "name: welcome_new_lead\nsteps:\n  - id: a\n    task: nope\n"}});
    REQUIRE(result);
    CHECK(result->status == 422);
    Json body = BodyOf(result);
    CHECK(body["error"] == "the workflow is not valid, so welcome_new_lead.yaml was not changed");
    CHECK(body["errors"] == Json::array({path + ":4:11: unknown task 'nope'"}));
    CHECK(ReadFile(path) == before);
  }
  SECTION("YAML that does not parse is a 422 too") {
    CHECK(editor.Put("/api/workflows/welcome_new_lead", {{"yaml", "name: [unclosed\n"}})->status == 422);
    CHECK(ReadFile(path) == before);
  }
  SECTION("a new name creates the file (201)") {
    auto result = editor.Put("/api/workflows/fresh", {{"yaml", "name: fresh\nsteps:\n  - id: a\n    task: set\n"
                                                               "    with: { greeting: hi }\n"}});
    REQUIRE(result);
    CHECK(result->status == 201);
    CHECK(BodyOf(result)["created"] == true);
    CHECK(ReadFile(editor.WorkflowPath("fresh.yaml")).rfind("name: fresh\n", 0) == 0);
  }
  SECTION("a body without yaml is a 400") {
    CHECK(editor.Put("/api/workflows/welcome_new_lead", {{"text", "x"}})->status == 400);
  }
  // No temporary file is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(editor.workflows_dir())) {
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
}

TEST_CASE("POST /api/workflows/{name}/steps appends a step that passes validation", "[api][workflows]") {
  RunningEditor editor;
  const std::string path = editor.WorkflowPath(kWelcome);
  const std::string before = ReadFile(path);
  Json step = {{"id", "open_again"},
               {"task", "intercom.create_conversation"},
               {"with", {{"from", {{"type", "lead"}, {"id", "${workflow.input.lead_id}"}}},
                         {"body", "Still there?"}, {"intercom_version", "2.10"}}},
               {"set", {{"second_conversation", "${open_again.output.conversation_id}"}}}};
  auto result = editor.Post("/api/workflows/welcome_new_lead/steps", step);
  REQUIRE(result);
  CHECK(result->status == 200);
  Json body = BodyOf(result);
  CHECK(body["step_yaml"] ==
        "id: open_again\n"
        "task: intercom.create_conversation\n"
        "with:\n"
        "  body: Still there?\n"
        "  from: {id: \"${workflow.input.lead_id}\", type: lead}\n"
        "  intercom_version: \"2.10\"\n"
        "set:\n"
        "  second_conversation: \"${open_again.output.conversation_id}\"\n");
  const std::string after = ReadFile(path);
  CHECK(body["yaml"] == after);
  // Everything written before is kept as it was; the step lands at the end of steps:.
  CHECK(after.rfind(before.substr(0, before.find("outputs:")), 0) == 0);
  CHECK(after.find("  - id: open_again\n    task: intercom.create_conversation\n") < after.find("outputs:"));
  Result<Workflow> loaded = LoadWorkflowFile(path, test::BuildRegistry());
  INFO(loaded.status().message());
  REQUIRE(loaded.ok());
  CHECK(loaded->steps.back().id == "open_again");

  SECTION("a step that would make the workflow invalid is a 422 and changes nothing") {
    Json duplicate = {{"id", "open_again"}, {"task", "set"}, {"with", {{"x", 1}}}};
    auto refused = editor.Post("/api/workflows/welcome_new_lead/steps", duplicate);
    REQUIRE(refused);
    CHECK(refused->status == 422);
    CHECK(BodyOf(refused)["errors"].size() == 1);
    CHECK(ReadFile(path) == after);
  }
  SECTION("a new file name creates a workflow holding the step") {
    auto created = editor.Post("/api/workflows/from_editor/steps",
                               {{"id", "open"}, {"task", "intercom.create_conversation"},
                                {"with", {{"from", {{"type", "lead"}, {"id", kLeadId}}}, {"body", "Hi"}}}});
    REQUIRE(created);
    CHECK(created->status == 201);
    CHECK(LoadWorkflowFile(editor.WorkflowPath("from_editor.yaml"), test::BuildRegistry()).ok());
  }
  SECTION("a step without an id is a 400") {
    CHECK(editor.Post("/api/workflows/welcome_new_lead/steps", {{"task", "set"}})->status == 400);
  }
}

TEST_CASE("POST /api/workflows/{name}/runs runs the workflow and returns its outputs", "[api][workflows]") {
  test::EditorOptions options;
  options.journal = true;
  RunningEditor editor(options);
  auto result = editor.Post("/api/workflows/welcome_new_lead/runs", {{"inputs", {{"greeting", "Welcome!"}}}});
  REQUIRE(result);
  CHECK(result->status == 200);
  Json body = BodyOf(result);
  CHECK(body["status"] == "succeeded");
  CHECK(body["outputs"]["conversation_id"].is_string());
  CHECK(body["steps"][0]["state"] == "succeeded");
  CHECK(body["steps"][1]["state"] == "skipped");
  CHECK(body["run_id"].get<std::string>().rfind("r-", 0) == 0);
  CHECK(editor.SandboxRequests()[0]["body"].get<std::string>().find("Welcome!") != std::string::npos);
  SECTION("inputs that do not fit are a 422 and nothing runs") {
    auto refused = editor.Post("/api/workflows/welcome_new_lead/runs", {{"inputs", {{"colour", "red"}}}});
    REQUIRE(refused);
    CHECK(refused->status == 422);
    CHECK(BodyOf(refused)["errors"][0].get<std::string>().rfind("input 'colour' is not declared", 0) == 0);
    CHECK(editor.SandboxRequests().size() == 1);
  }
  SECTION("an unknown workflow is a 404") {
    CHECK(editor.Post("/api/workflows/nope/runs", Json::object())->status == 404);
  }
}

}  // namespace
}  // namespace wf
