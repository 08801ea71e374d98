// GET /api/tasks, GET /api/tasks/{id}, POST /api/test-request over a real
// server, with the built-in sandbox standing in for Intercom.
#include <catch2/catch.hpp>

#include "api/api_test_support.h"

namespace wf {
namespace {

using test::BodyOf;
using test::kLeadId;
using test::RunningEditor;

const char* kTask = "intercom.create_conversation";

Json ValidWith() { return Json{{"from", {{"type", "lead"}, {"id", kLeadId}}}, {"body", "Hello from the editor"}}; }

TEST_CASE("GET /api/tasks searches the catalog by title, id, category and tags", "[api][tasks]") {
  RunningEditor editor;
  auto ids = [&](const std::string& query) {
    Json body = BodyOf(editor.Get("/api/tasks?q=" + query));
    std::vector<std::string> found;
    for (const Json& task : body["tasks"]) found.push_back(task["id"]);
    return found;
  };
  CHECK(ids("") == std::vector<std::string>{kTask, "http", "set"});
  CHECK(ids("conversation") == std::vector<std::string>{kTask});
  CHECK(ids("Intercom%20create") == std::vector<std::string>{kTask});
  CHECK(ids("messaging") == std::vector<std::string>{kTask});
  CHECK(ids("intercom.create") == std::vector<std::string>{kTask});
  CHECK(ids("zebra").empty());
  Json entry = BodyOf(editor.Get("/api/tasks?q=conversation"))["tasks"][0];
  CHECK(entry["title"] == "Intercom: Create Conversation");
  CHECK(entry["category"] == "Intercom");
  CHECK(entry["source"] == "intercom");
  CHECK(entry["available"] == true);
  CHECK(entry["testable"] == true);
  Json http = BodyOf(editor.Get("/api/tasks?q=http"))["tasks"];
  bool http_testable = true;
  for (const Json& task : http) {
    if (task["id"] == "http") http_testable = task["testable"];
  }
  CHECK_FALSE(http_testable);
}

TEST_CASE("GET /api/tasks/{id} gives the task's description", "[api][tasks]") {
  RunningEditor editor;
  auto result = editor.Get(std::string("/api/tasks/") + kTask);
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->get_header_value("Content-Type") == "application/json; charset=utf-8");
  Json task = BodyOf(result);
  CHECK(task["id"] == kTask);
  CHECK(task["fields"].size() > 5);
  CHECK(task["request"]["method"] == "POST");
  CHECK(task["request"]["url"] == "{base_url}/conversations");
  CHECK(task["outputs"].is_array());
  CHECK(task["allowed_origins"] == Json::array({"https://api.au.intercom.io", "https://api.eu.intercom.io",
                                                "https://api.intercom.io", editor.sandbox()->base_url()}));
  SECTION("an unknown task is a 404") {
    auto missing = editor.Get("/api/tasks/nope.nothing");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(BodyOf(missing)["error"] == "unknown task 'nope.nothing'");
  }
}

TEST_CASE("POST /api/test-request previews without sending anything", "[api][tasks]") {
  RunningEditor editor;
  auto result = editor.Post("/api/test-request", {{"task", kTask}, {"with", ValidWith()}, {"dry_run", true}});
  REQUIRE(result);
  CHECK(result->status == 200);
  Json body = BodyOf(result);
  CHECK(body["state"] == "prepared");
  CHECK(body["request"]["url"] == editor.sandbox()->base_url() + "/conversations");
  CHECK(body["request"]["headers"]["Authorization"] == "Bearer ***");
  CHECK(body["curl"].get<std::string>().find("sandbox-token") == std::string::npos);
  CHECK(editor.SandboxRequests().empty());
}

TEST_CASE("POST /api/test-request sends to the sandbox and maps the outputs", "[api][tasks]") {
  RunningEditor editor;
  auto result = editor.Post("/api/test-request", {{"task", kTask}, {"with", ValidWith()}});
  REQUIRE(result);
  CHECK(result->status == 200);
  Json body = BodyOf(result);
  CHECK(body["state"] == "succeeded");
  CHECK(body["ok"] == true);
  CHECK(body["response"]["status"] == 200);
  CHECK(body["outputs"]["conversation_id"].is_string());
  CHECK(body["elapsed_ms"].get<double>() > 0);
  CHECK(result->body.find("sandbox-token") == std::string::npos);
  CHECK(editor.SandboxRequests().size() == 1);
}

TEST_CASE("POST /api/test-request resolves references from stand-in values", "[api][tasks]") {
  RunningEditor editor;
  Json with = {{"from", {{"type", "lead"}, {"id", "${workflow.input.lead_id}"}}},
               {"body", "Re: ${lookup.output.subject}"}};
  Json stand_ins = {{"input", {{"lead_id", kLeadId}}}, {"steps", {{"lookup", {{"subject", "hello"}}}}}};
  Json body = BodyOf(editor.Post("/api/test-request",
                                 {{"task", kTask}, {"with", with}, {"stand_ins", stand_ins}, {"dry_run", true}}));
  CHECK(body["state"] == "prepared");
  CHECK(body["request"]["body"]["from"]["id"] == kLeadId);
  CHECK(body["request"]["body"]["body"] == "Re: hello");
}

TEST_CASE("POST /api/test-request answers field errors with their paths (422)", "[api][tasks]") {
  RunningEditor editor;
  Json with = ValidWith();
  with["from"]["type"] = "robot";
  auto result = editor.Post("/api/test-request", {{"task", kTask}, {"with", with}});
  REQUIRE(result);
  CHECK(result->status == 422);
  Json body = BodyOf(result);
  CHECK(body["state"] == "invalid");
  REQUIRE(body["errors"].size() == 1);
  CHECK(body["errors"][0]["path"] == "from.type");
  CHECK(body["errors"][0]["message"] == "from.type is 'robot'; allowed: user, lead, contact");
  CHECK(editor.SandboxRequests().empty());
}

TEST_CASE("POST /api/test-request refuses a base_url that is not the task's own host", "[api][tasks][security]") {
  RunningEditor editor;
  Json with = ValidWith();
  SECTION("a foreign host") { with["base_url"] = "https://collector.example/intercom"; }
  SECTION("a loopback port that is not the sandbox") { with["base_url"] = "http://127.0.0.1:9"; }
  SECTION("through a stand-in value") { with["base_url"] = "${workflow.input.where}"; }
  Json stand_ins = {{"input", {{"where", "http://169.254.169.254"}}}};
  auto result = editor.Post("/api/test-request", {{"task", kTask}, {"with", with}, {"stand_ins", stand_ins}});
  REQUIRE(result);
  CHECK(result->status == 403);
  Json body = BodyOf(result);
  const std::string error = body["error"];
  CHECK(error.rfind("the editor only sends test requests to this task's own hosts (https://api.au.intercom.io, "
                    "https://api.eu.intercom.io, https://api.intercom.io, " + editor.sandbox()->base_url() + "); '",
                    0) == 0);
  CHECK(error.find("is not one of them, so nothing was sent") != std::string::npos);
  CHECK(body["errors"][0]["path"] == "base_url");
  CHECK(editor.SandboxRequests().empty());
}

TEST_CASE("POST /api/test-request may use the base URL configured at start", "[api][tasks][security]") {
  // A second sandbox plays the configured proxy; no --sandbox override.
  auto proxy = EmbeddedSandbox::Start();
  REQUIRE(proxy.ok());
  test::EditorOptions options;
  options.sandbox = false;
  options.intercom_base_url = (*proxy)->base_url();
  RunningEditor editor(options);
  editor.secrets().Set("INTERCOM_ACCESS_TOKEN", "sandbox-token");
  Json with = ValidWith();
  with["base_url"] = (*proxy)->base_url();
  auto result = editor.Post("/api/test-request", {{"task", kTask}, {"with", with}});
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(BodyOf(result)["state"] == "succeeded");
  CHECK((*proxy)->server().Requests().size() == 1);
  SECTION("without a base_url a preview shows the region's URL") {
    with.erase("base_url");
    auto preview = editor.Post("/api/test-request", {{"task", kTask}, {"with", with}, {"dry_run", true}});
    CHECK(BodyOf(preview)["request"]["url"] == "https://api.intercom.io/conversations");
  }
}

TEST_CASE("POST /api/test-request only previews the built-in http task", "[api][tasks][security]") {
  RunningEditor editor;
  Json with = {{"method", "POST"}, {"url", editor.sandbox()->base_url() + "/conversations"}};
  auto sent = editor.Post("/api/test-request", {{"task", "http"}, {"with", with}});
  REQUIRE(sent);
  CHECK(sent->status == 403);
  CHECK(BodyOf(sent)["error"] ==
        "the built-in 'http' task can reach any URL, so the editor only previews it; run it in a workflow instead");
  auto preview = editor.Post("/api/test-request", {{"task", "http"}, {"with", with}, {"dry_run", true}});
  REQUIRE(preview);
  CHECK(preview->status == 200);
  CHECK(BodyOf(preview)["state"] == "prepared");
  CHECK(editor.SandboxRequests().empty());
}

TEST_CASE("POST /api/test-request rejects malformed bodies with 400", "[api][tasks]") {
  RunningEditor editor;
  auto not_json = editor.client().Post("/api/test-request", editor.PageHeaders(), "{oops", "application/json");
  REQUIRE(not_json);
  CHECK(not_json->status == 400);
  CHECK(BodyOf(not_json)["error"].get<std::string>().rfind("the request body", 0) == 0);
  CHECK(editor.Post("/api/test-request", {{"with", Json::object()}})->status == 400);
  CHECK(editor.Post("/api/test-request", {{"task", kTask}, {"with", "x"}})->status == 400);
  CHECK(editor.Post("/api/test-request", {{"task", kTask}, {"dry_run", "yes"}})->status == 400);
  CHECK(editor.Post("/api/test-request", {{"task", "nope"}})->status == 404);
}

}  // namespace
}  // namespace wf
